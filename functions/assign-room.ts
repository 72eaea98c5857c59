// POST /bookings/{bookingId}/room — staff give a booking a meeting room, or an interrogation room
// once the lawyer signed the consent notice (R8); see shared/use-cases/rooms.ts.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { assignRoom } from '../shared/use-cases/rooms';

export const handler = defineHandler('POST /bookings/{bookingId}/room', async ({ params, body, principal, now }) => ok(await assignRoom(principal, params.bookingId, body, now)));
