// POST /bookings/{bookingId}/reschedule — see shared/use-cases/reschedule-booking.ts.
import { requireIdempotencyKey } from '../shared/adapters/idempotency';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { rescheduleBooking } from '../shared/use-cases/reschedule-booking';

export const handler = defineHandler(api.rescheduleBooking, async ({ params, body, headers, principal, now }) =>
  ok(await rescheduleBooking(principal, params.bookingId, body.slotId, requireIdempotencyKey(headers), now)),
);
