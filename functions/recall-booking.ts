// POST /centers/{centerId}/bookings/{bookingId}/recall — see shared/use-cases/queue-calling.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { recall } from '../shared/use-cases/queue-calling';

export const handler = defineHandler(api.recallBooking, async ({ params, principal, now }) => ok(await recall(principal, params.centerId, params.bookingId, now)));
