// GET /bookings?limit=&cursor= — bookings naming the caller (lead, co-counsel or intern) in every
// district served, oldest first, each with the center, the detainee and the lawyers named (SPEC 7.3).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listMyBookings } from '../shared/use-cases/lawyer-lists';

export const handler = defineHandler(api.listMyBookings, async ({ principal, query }) => ok(await listMyBookings(principal, query)));
