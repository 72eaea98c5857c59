// POST /centers/{centerId}/detainees/{detaineeId}/release — release or transfer ends every binding
// of the detainee and cancels their future bookings (B4). See shared/use-cases/center-actions.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { releaseAndCancel } from '../shared/use-cases/center-actions';

export const handler = defineHandler(api.releaseDetainee, async ({ params, body, principal, now }) =>
  ok(await releaseAndCancel(principal, params.centerId, params.detaineeId, body.reason, now)),
);
