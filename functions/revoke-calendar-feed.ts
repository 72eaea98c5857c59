// DELETE /me/calendar-feed — the feed URL stops working (404) at once.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { noteAudit } from '../shared/audit';
import { revokeFeed } from '../shared/adapters/calendar-feed-repository';

export const handler = defineHandler(api.revokeCalendarFeed, async ({ principal }) => {
  noteAudit({ target: principal.userId, after: { calendarFeed: 'revoked' } });
  await revokeFeed(principal.userId);
  return ok({ exists: false, createdAt: null });
});
