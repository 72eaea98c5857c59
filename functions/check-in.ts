// POST /bookings/{bookingId}/check-in — see shared/use-cases/attendance.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { checkIn } from '../shared/use-cases/attendance';

export const handler = defineHandler(api.checkIn, async ({ params, body, principal, now }) =>
  ok(await checkIn(principal, params.bookingId, body.arrivedAt ? new Date(body.arrivedAt) : now, now)),
);
