// POST /bookings/{bookingId}/room — staff give a booking a meeting room, or an interrogation room
// once the lawyer signed the consent notice (R8); see shared/use-cases/rooms.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { assignRoom } from '../shared/use-cases/rooms';

export const handler = defineHandler(api.assignRoom, async ({ params, body, principal, now }) => ok(await assignRoom(principal, params.bookingId, body, now)));
