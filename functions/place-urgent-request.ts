// POST /urgent-requests/{requestId}/place — staff place an urgent request (B2) in a session and a
// room, beyond the session's places if need be; see shared/use-cases/urgent-requests.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { placeUrgentRequest } from '../shared/use-cases/urgent-requests';

export const handler = defineHandler(api.placeUrgentRequest, async ({ params, body, principal, now }) => ok(await placeUrgentRequest(principal, params.requestId, body, now)));
