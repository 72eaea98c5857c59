// DELETE /me/calendar-feed — the feed URL stops working (404) at once.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { revokeCalendarFeed } from '../shared/use-cases/calendar-feed';

export const handler = defineHandler(api.revokeCalendarFeed, async ({ principal }) => ok(await revokeCalendarFeed(principal.userId)));
