// POST /bookings/{bookingId}/complete — staff mark a checked-in meeting finished.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { complete } from '../shared/use-cases/attendance';

export const handler = defineHandler(api.completeMeeting, async ({ params, principal, now }) => ok(await complete(principal, params.bookingId, now)));
