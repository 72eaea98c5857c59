// POST /me/calendar-feed — a new private feed URL; the previous one stops working.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { createCalendarFeed } from '../shared/use-cases/calendar-feed';

export const handler = defineHandler(api.createCalendarFeed, async ({ principal, now }) => created(await createCalendarFeed(principal.userId, now)));
