// POST /bookings/{bookingId}/withdraw — a co-counsel or intern takes themselves off a booking (R12a);
// see shared/use-cases/withdraw-booking.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { withdrawFromBooking } from '../shared/use-cases/withdraw-booking';

export const handler = defineHandler(api.withdrawFromBooking, async ({ params, principal, now }) => ok(await withdrawFromBooking(principal, params.bookingId, now)));
