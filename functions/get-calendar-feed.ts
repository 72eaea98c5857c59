// GET /me/calendar-feed — whether the caller has a calendar feed (the URL itself is shown once, at creation).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { feedStatus } from '../shared/use-cases/calendar-feed';

export const handler = defineHandler(api.getCalendarFeed, async ({ principal }) => ok(await feedStatus(principal.userId)));
