// GET /bookings/{bookingId} — one booking; another lawyer's booking is "not found" (SPEC §6).
import { ensureParty, getBooking } from '../shared/adapters/booking-repository';
import { tableOfId } from '../shared/centers';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { bookingDetail } from '../shared/use-cases/read-bookings';

export const handler = defineHandler('GET /bookings/{bookingId}', async ({ params, principal }) => {
  const booking = ensureParty(await getBooking(tableOfId(params.bookingId, 'bk', '预约'), params.bookingId), principal.userId);
  return ok(bookingDetail(booking));
});
