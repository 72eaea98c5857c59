// GET /bookings/{bookingId} — one booking with its names; another lawyer's booking is "not found" (SPEC §6).
import { ensureParty, getBooking } from '../shared/adapters/booking-repository';
import { tableOfId } from '../shared/centers';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { lawyerBookingView, namesFor } from '../shared/use-cases/read-bookings';

export const handler = defineHandler(api.getBooking, async ({ params, principal }) => {
  const table = tableOfId(params.bookingId, 'bk', '预约');
  const booking = ensureParty(await getBooking(table, params.bookingId), principal.userId);
  return ok(lawyerBookingView(booking, await namesFor([{ table, booking }])));
});
