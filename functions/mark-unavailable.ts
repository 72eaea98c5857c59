// POST /centers/{centerId}/detainees/{detaineeId}/unavailability — the detainee cannot meet for a
// period (court hearing, outside hospital, transfer…): bookings in it are cancelled by the center,
// without violation, and their lawyers told at once (R4). See shared/use-cases/center-actions.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { markUnavailable } from '../shared/use-cases/center-actions';

export const handler = defineHandler(api.markUnavailable, async ({ params, body, principal, now }) =>
  created(await markUnavailable(principal, params.centerId, params.detaineeId, body, now)),
);
