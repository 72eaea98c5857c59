// POST /bookings/{bookingId}/check-in — see shared/use-cases/attendance.ts.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { checkIn } from '../shared/use-cases/attendance';

export const handler = defineHandler('POST /bookings/{bookingId}/check-in', async ({ params, body, principal, now }) =>
  ok(await checkIn(principal, params.bookingId, body.arrivedAt ? new Date(body.arrivedAt) : now, now)),
);
