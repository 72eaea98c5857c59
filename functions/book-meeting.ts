// POST /bookings — a practising lawyer books a meeting; see shared/use-cases/book-slot.ts.
import { requireIdempotencyKey } from '../shared/adapters/idempotency';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { json } from '../shared/http/responses';
import { bookSlot } from '../shared/use-cases/book-slot';

export const handler = defineHandler(api.bookMeeting, async ({ body, headers, principal, now }) => {
  const key = requireIdempotencyKey(headers);
  const { view, replayed } = await bookSlot(principal, body, key, now);
  return json(replayed ? 200 : 201, view);
});
