// GET /centers/{centerId}/bookings?date=&limit=&cursor= — the day's queue for staff, by session then
// queue number, naming who is at the window; see shared/use-cases/day-queue.ts. Interrogations hold
// queue numbers of the same sessions (R6); they are listed beside the bookings.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { readDayQueue } from '../shared/use-cases/day-queue';

export const handler = defineHandler(api.listDayQueue, async ({ params, query, principal }) => ok(await readDayQueue(principal, params.centerId, query)));
