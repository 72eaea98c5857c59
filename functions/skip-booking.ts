// POST /centers/{centerId}/bookings/{bookingId}/skip {reason} — see shared/use-cases/queue-calling.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { skip } from '../shared/use-cases/queue-calling';

export const handler = defineHandler(api.skipBooking, async ({ params, body, principal, now }) => ok(await skip(principal, params.centerId, params.bookingId, body.reason, now)));
