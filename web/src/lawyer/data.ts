// A lawyer's data across every district of the city (SPEC §7.4: one list, whichever district's
// API holds it). Each list is asked of every district API and merged.
import { cityApi, everyApi, unwrap } from '../api/client';
import type { R2Binding, R2Booking } from '../pending/r2';

export const loadMe = () => unwrap(cityApi().GET('/me'));

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

export async function loadBindings(): Promise<R2Binding[]> {
  const lists = await Promise.all(everyApi().map((api) => unwrap(api.GET('/me/bindings'))));
  return dedupe(
    lists.flatMap((l) => l.bindings as R2Binding[]),
    (b) => b.bindingId,
  );
}

export async function loadBookings(): Promise<R2Booking[]> {
  const lists = await Promise.all(everyApi().map((api) => unwrap(api.GET('/bookings'))));
  return dedupe(
    lists.flatMap((l) => l.bookings as R2Booking[]),
    (b) => b.bookingId,
  ).sort((a, b) => a.start.localeCompare(b.start) || a.queueNumber - b.queueNumber);
}

export const LIVE_BOOKING = new Set(['booked', 'checked_in']);
