// GET /bookings — bookings naming the caller (lead, co-counsel or intern) in every district served.
import { listLawyerBookings } from '../shared/adapters/booking-repository';
import { districtTableName, servedDistricts } from '../shared/adapters/dynamo';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { bookingDetail } from '../shared/use-cases/read-bookings';

export const handler = defineHandler('GET /bookings', async ({ principal }) => {
  const perDistrict = await Promise.all(servedDistricts().map((d) => listLawyerBookings(districtTableName(d), principal.userId)));
  const bookings = perDistrict.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return ok({ bookings: bookings.map(bookingDetail) });
});
