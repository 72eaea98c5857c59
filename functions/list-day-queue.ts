// GET /centers/{centerId}/bookings?date= — the day's queue for staff, by session then queue number.
import { listDayQueue } from '../shared/adapters/booking-repository';
import { staffCenter } from '../shared/centers';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { bookingDetail } from '../shared/use-cases/read-bookings';

export const handler = defineHandler('GET /centers/{centerId}/bookings', async ({ params, query, principal }) => {
  const { table } = staffCenter(principal, params.centerId);
  const bookings = await listDayQueue(table, params.centerId, query.date);
  return ok({ date: query.date, bookings: bookings.map(bookingDetail) });
});
