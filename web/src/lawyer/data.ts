// A lawyer's data across every district of the city (SPEC §7.4: one list, whichever district's
// API holds it). Each list is asked of every district API and merged.
import { cityApi, everyApi, unwrap } from '../api/client';
import type { R2Binding, R2Booking } from '../api/lookups';

export const loadMe = () => unwrap(cityApi().GET('/me'));

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

/** Every page of a list that answers `nextCursor` (SPEC §7.3), bounded. */
export async function allPages<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const r = await page(cursor);
    items.push(...r.items);
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  return items;
}

export async function loadBindings(): Promise<R2Binding[]> {
  const lists = await Promise.all(
    everyApi().map((api) =>
      allPages(async (cursor) => {
        const r = await unwrap(api.GET('/me/bindings', { params: { query: cursor ? { cursor } : {} } }));
        return { items: r.bindings, nextCursor: r.nextCursor };
      }),
    ),
  );
  return dedupe(lists.flat(), (b) => b.bindingId);
}

export async function loadBookings(): Promise<R2Booking[]> {
  const lists = await Promise.all(
    everyApi().map((api) =>
      allPages(async (cursor) => {
        const r = await unwrap(api.GET('/bookings', { params: { query: cursor ? { cursor } : {} } }));
        return { items: r.bookings, nextCursor: r.nextCursor };
      }),
    ),
  );
  return dedupe(lists.flat(), (b) => b.bookingId).sort((a, b) => a.start.localeCompare(b.start) || a.queueNumber - b.queueNumber);
}

export const LIVE_BOOKING = new Set(['booked', 'checked_in']);
