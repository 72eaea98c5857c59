// POST /me/calendar-feed — a new private feed URL; the previous one stops working.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { noteAudit } from '../shared/audit';
import { createFeed } from '../shared/adapters/calendar-feed-repository';

export const handler = defineHandler(api.createCalendarFeed, async ({ principal, now }) => {
  noteAudit({ target: principal.userId, after: { calendarFeed: 'created' } });
  const { token, createdAt } = await createFeed(principal.userId, now);
  return created({ token, path: `/calendar/${token}.ics`, createdAt });
});
