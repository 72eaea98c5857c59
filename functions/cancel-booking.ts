// POST /bookings/{bookingId}/cancel — see shared/use-cases/cancel-booking.ts.
import { requireIdempotencyKey } from '../shared/adapters/idempotency';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { cancelBooking } from '../shared/use-cases/cancel-booking';

export const handler = defineHandler(api.cancelBooking, async ({ params, headers, principal, now }) => {
  const result = await cancelBooking(principal, params.bookingId, requireIdempotencyKey(headers), now);
  return ok({ status: result.status, violation: result.violation });
});
