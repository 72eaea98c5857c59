// GET /centers/{centerId}/bookings?date= — the day's queue for staff, by session then queue number.
// Interrogations hold queue numbers of the same sessions (R6); they are listed beside the bookings.
import { listDayQueue } from '../shared/adapters/booking-repository';
import { staffCenter } from '../shared/centers';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listDayInterrogations } from '../shared/use-cases/interrogations';
import { bookingDetail } from '../shared/use-cases/read-bookings';

export const handler = defineHandler('GET /centers/{centerId}/bookings', async ({ params, query, principal }) => {
  const { table } = staffCenter(principal, params.centerId);
  const [bookings, interrogations] = await Promise.all([listDayQueue(table, params.centerId, query.date), listDayInterrogations(table, params.centerId, query.date)]);
  return ok({ date: query.date, bookings: bookings.map(bookingDetail), interrogations });
});
