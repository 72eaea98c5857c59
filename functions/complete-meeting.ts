// POST /bookings/{bookingId}/complete — staff mark a checked-in meeting finished.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { complete } from '../shared/use-cases/attendance';

export const handler = defineHandler('POST /bookings/{bookingId}/complete', async ({ params, principal, now }) => ok(await complete(principal, params.bookingId, now)));
