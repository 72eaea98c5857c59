// A lawyer's calendar feed: its URL (create, replace, revoke, status — the token's storage is
// shared/adapters/calendar-feed-repository.ts) and GET /calendar/{token}.ics: the upcoming meetings naming the token's lawyer (lead, co-counsel or
// intern) in every district served — read like GET /bookings, through the lawyer's own pointers in
// each district table — as iCalendar. Cancelled meetings stay in the feed as STATUS:CANCELLED, so
// a subscribed calendar removes them instead of keeping a stale event.
import { listLawyerBookings } from '../adapters/booking-repository';
import { createFeed, feedStatus, lawyerOfToken, revokeFeed } from '../adapters/calendar-feed-repository';
import { noteAudit } from '../audit';
import { districtTableName, servedDistricts } from '../adapters/dynamo';
import { findCenter } from '../config';
import { renderCalendar, type CalendarEvent } from '../domain/icalendar';
import { type Booking } from '../domain/booking';
import { NotFound } from '../errors';
import { namesFor, placeOf } from './read-bookings';

const CANCELLED = new Set(['cancelled', 'cancelled_by_center']);

/**
 * Changes a subscriber must see: each move to another session (`revision`, set by a reschedule) and
 * the cancellation. Both only ever grow, so SEQUENCE never goes back.
 */
export const sequenceOf = (b: Booking & { revision?: number }): number => (b.revision ?? 0) + (CANCELLED.has(b.status) ? 1 : 0);

export { feedStatus };

/** A new private feed URL; the previous one stops working in the same transaction. */
export async function createCalendarFeed(userId: string, now: Date): Promise<{ token: string; path: string; createdAt: string }> {
  noteAudit({ target: userId, after: { calendarFeed: 'created' } });
  const { token, createdAt } = await createFeed(userId, now);
  return { token, path: `/calendar/${token}.ics`, createdAt };
}

export async function revokeCalendarFeed(userId: string): Promise<{ exists: false; createdAt: null }> {
  noteAudit({ target: userId, after: { calendarFeed: 'revoked' } });
  await revokeFeed(userId);
  return { exists: false, createdAt: null };
}

export async function calendarFeed(token: string, now: Date): Promise<string> {
  const lawyerId = await lawyerOfToken(token);
  if (!lawyerId) throw new NotFound('日历订阅地址无效或已撤销');
  const perDistrict = await Promise.all(
    servedDistricts().map(async (district) => {
      const table = districtTableName(district);
      return (await listLawyerBookings(table, lawyerId)).map((booking) => ({ table, booking }));
    }),
  );
  // Upcoming: the session has not ended yet.
  const upcoming = perDistrict.flat().filter(({ booking }) => new Date(placeOf(booking).end).getTime() > now.getTime());
  const names = await namesFor(upcoming);
  const events: CalendarEvent[] = upcoming
    .sort((a, b) => a.booking.sessionStart.localeCompare(b.booking.sessionStart))
    .map(({ booking }) => {
      const center = findCenter(booking.centerId);
      const { centerName, end } = placeOf(booking);
      const detainee = names.detainees.get(booking.detaineeId) ?? '';
      return {
        bookingId: booking.bookingId,
        start: new Date(booking.sessionStart),
        end: new Date(end),
        summary: `律师会见：${detainee}（${centerName}）`,
        location: center?.address ?? centerName,
        description: `排队号 ${booking.queueNumber}；最晚入场 ${booking.lastAdmission.slice(11, 16)}；预约编号 ${booking.bookingId}`,
        cancelled: CANCELLED.has(booking.status),
        sequence: sequenceOf(booking),
      };
    });
  return renderCalendar(events, now, '律师会见预约');
}
