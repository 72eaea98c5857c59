// The release-2 look-ups the pages share (SPEC §7.2, §7.3), typed from the contract: a lawyer's
// waitlist entries and urgent requests from every district, a center's detainees, one detainee
// with bindings and what is booked, the rooms of a session; and the names of the §7.3 answer types.
import { everyApi, unwrap, type Api } from './client';
import type { Binding, Booking, DayQueue, ResponseOf } from './types';

export type R2Binding = Binding;
export type R2Booking = Booking;
export type R2QueueBooking = DayQueue['bookings'][number];
export type WaitlistEntry = ResponseOf<'/me/waitlist', 'get'>['entries'][number];
export type MyUrgentRequest = ResponseOf<'/me/urgent-requests', 'get'>['requests'][number];
export type DetaineeView = ResponseOf<'/centers/{centerId}/detainees', 'get'>['detainees'][number];
export type DetaineeDetail = ResponseOf<'/centers/{centerId}/detainees/{detaineeId}', 'get'>;
export type RoomView = ResponseOf<'/centers/{centerId}/rooms', 'get'>['rooms'][number];

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}

/** Every district's entries in one list (SPEC §7.4). */
export async function myWaitlist(): Promise<WaitlistEntry[]> {
  const lists = await Promise.all(everyApi().map((api) => unwrap(api.GET('/me/waitlist'))));
  return dedupe(
    lists.flatMap((l) => l.entries),
    (e) => e.waitlistId,
  );
}

export async function myUrgentRequests(): Promise<MyUrgentRequest[]> {
  const lists = await Promise.all(everyApi().map((api) => unwrap(api.GET('/me/urgent-requests'))));
  return dedupe(
    lists.flatMap((l) => l.requests),
    (r) => r.requestId,
  );
}

export const findDetainees = (api: Api, centerId: string, query: { q?: string; status?: 'active' | 'released' | 'all' }) =>
  unwrap(api.GET('/centers/{centerId}/detainees', { params: { path: { centerId }, query: { ...query, limit: 50 } } }));

export const detaineeDetail = (api: Api, centerId: string, detaineeId: string) =>
  unwrap(api.GET('/centers/{centerId}/detainees/{detaineeId}', { params: { path: { centerId, detaineeId } } }));

export const roomsOf = (api: Api, centerId: string, slotId: string) => unwrap(api.GET('/centers/{centerId}/rooms', { params: { path: { centerId }, query: { slotId } } }));
