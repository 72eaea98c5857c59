// POST /centers/{centerId}/closures — emergency closure of a date or some of its sessions: no new
// bookings, live ones cancelled by the center without violation, lawyers told (B6).
// See shared/use-cases/center-actions.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { closeSessions } from '../shared/use-cases/center-actions';

export const handler = defineHandler(api.closeSessions, async ({ params, body, principal, now }) => created(await closeSessions(principal, params.centerId, body, now)));
