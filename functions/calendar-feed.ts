// GET /calendar/{feedFile} (`<token>.ics`) — public: the token is the credential. See
// shared/use-cases/calendar-feed.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { text } from '../shared/http/responses';
import { NotFound } from '../shared/errors';
import { calendarFeed } from '../shared/use-cases/calendar-feed';

export const handler = defineHandler(api.calendarFeed, async ({ params, now }) => {
  const token = /^(.+)\.ics$/.exec(params.feedFile)?.[1];
  if (!token) throw new NotFound('日历订阅地址无效或已撤销');
  return text(200, 'text/calendar; charset=utf-8', await calendarFeed(token, now));
});
