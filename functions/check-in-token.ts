// GET /bookings/{bookingId}/check-in-token — see shared/use-cases/check-in-code.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { checkInToken } from '../shared/use-cases/check-in-code';

export const handler = defineHandler(api.checkInToken, async ({ params, principal }) => ok(await checkInToken(principal, params.bookingId)));
