// GET /centers/{c}/bookings?date= — the front desk's queue of a day, by session then queue number
// (GSI1 `DAY#<center>#<date>`, no scan), paged, each booking naming the detainee and every lawyer
// with the licence, firm and phone checked at the window (SPEC 7.3). The names of a page cost one
// BatchGet per 100 distinct people, in parallel (shared/adapters/people-directory.ts).
import { toBooking } from '../adapters/booking-repository';
import { dayQueueIndex } from '../adapters/district-keys';
import { readPage, type PageQuery } from '../adapters/paging';
import { staffCenter } from '../centers';
import type { Principal } from '../principal';
import { listDayInterrogations } from '../adapters/interrogation-repository';
import { detaineeNames } from '../adapters/people-directory';
import { namesFor, queueBookingView } from './read-bookings';

export async function readDayQueue(principal: Principal, centerId: string, query: PageQuery & { date: string }) {
  const { table } = staffCenter(principal, centerId);
  const [page, interrogations] = await Promise.all([
    readPage({
      list: `GET /centers/{centerId}/bookings|${centerId}|${query.date}`,
      sources: [
        {
          id: 'day',
          query: {
            TableName: table,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': dayQueueIndex(centerId, query.date, '', 0).GSI1PK },
          },
          keyAttributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
        },
      ],
      limit: query.limit,
      cursor: query.cursor,
    }),
    listDayInterrogations(table, centerId, query.date),
  ]);
  const bookings = page.items.map(toBooking);
  const [names, interrogated] = await Promise.all([
    namesFor(bookings.map((booking) => ({ table, booking }))),
    detaineeNames(
      table,
      interrogations.map((i) => i.detaineeId),
    ),
  ]);
  return {
    date: query.date,
    bookings: bookings.map((b) => queueBookingView(b, names)),
    nextCursor: page.nextCursor,
    // The detainee's name on an interrogation row too (issue 18: names, never codes).
    interrogations: interrogations.map((i) => ({ ...i, detaineeName: interrogated.get(i.detaineeId) ?? '' })),
  };
}
