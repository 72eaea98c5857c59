// GET /bookings/{bookingId}/queue — the lawyer's own place in the queue, polled like the display
// (If-None-Match → 304) but never stored by a shared cache. See shared/use-cases/queue-calling.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { conditionalJson } from '../shared/http/responses';
import { bookingQueue } from '../shared/use-cases/queue-calling';

export const handler = defineHandler(api.bookingQueue, async ({ params, headers, principal }) =>
  conditionalJson(await bookingQueue(principal, params.bookingId), headers['if-none-match'], 'private, no-cache'),
);
