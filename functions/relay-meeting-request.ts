// POST /centers/{centerId}/detainees/{detaineeId}/meeting-requests — staff relay a detainee's wish to
// meet their lawyers (R15); see shared/use-cases/meeting-requests.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { relayMeetingRequest } from '../shared/use-cases/meeting-requests';

export const handler = defineHandler(api.relayMeetingRequest, async ({ params, body, principal, now }) =>
  created(await relayMeetingRequest(principal, params.centerId, params.detaineeId, body.message, now)),
);
