// Sessions (R9) and when they can be booked, cancelled for free, or count as late. A slot is one
// session of one center on one workday; its id is opaque to clients (`2026-12-01.AM`). Pure: the
// center's config, the calendar and `now` come in as arguments.
import type { CenterConfig, SessionTemplate } from '../config';
import { shanghaiDate, shanghaiInstant } from '../time';
import { addDays, type WorkCalendar } from './calendar';

export interface Slot {
  slotId: string;
  date: string;
  session: SessionTemplate;
  start: Date;
  lastAdmission: Date;
  end: Date;
}

type CenterRules = Pick<CenterConfig, 'sessions' | 'bookingWindowDays' | 'bookingCutoffMinutes' | 'freeCancelCutoffMinutes' | 'lateGraceMinutes'>;

const SLOT_ID = /^(\d{4}-\d{2}-\d{2})\.([A-Za-z0-9_-]{1,20})$/;
const MINUTE_MS = 60_000;

export const toSlotId = (date: string, sessionName: string): string => `${date}.${sessionName}`;

/** The slot an id names at this center, or undefined for a malformed id or unknown session. */
export function resolveSlot(center: Pick<CenterConfig, 'sessions'>, slotId: string): Slot | undefined {
  const m = SLOT_ID.exec(slotId);
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) || new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) !== m[1]) return undefined;
  const session = center.sessions.find((s) => s.name === m[2]);
  if (!session) return undefined;
  return slotOf(m[1], session);
}

export function slotOf(date: string, session: SessionTemplate): Slot {
  return {
    slotId: toSlotId(date, session.name),
    date,
    session,
    start: shanghaiInstant(date, session.start),
    lastAdmission: shanghaiInstant(date, session.lastAdmission),
    end: shanghaiInstant(date, session.end),
  };
}

/** Every session on every workday from `from` to `to` inclusive, in time order. */
export function slotsBetween(center: Pick<CenterConfig, 'sessions'>, calendar: WorkCalendar, from: string, to: string): Slot[] {
  const ordered = [...center.sessions].sort((a, b) => a.start.localeCompare(b.start));
  const slots: Slot[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!calendar.isWorkday(date)) continue;
    for (const session of ordered) slots.push(slotOf(date, session));
  }
  return slots;
}

/** The last date a booking made at `now` may be for (today + window, Shanghai dates). */
export function lastBookableDate(center: Pick<CenterConfig, 'bookingWindowDays'>, now: Date): string {
  return addDays(shanghaiDate(now), center.bookingWindowDays);
}

/**
 * Why this slot cannot be booked at `now` (a Chinese message for 422 SLOT_UNAVAILABLE), or
 * undefined when it can. Closures are decided in the database, not here.
 */
export function slotUnavailableReason(center: CenterRules, calendar: WorkCalendar, slot: Slot, now: Date): string | undefined {
  if (!calendar.isWorkday(slot.date)) return `${slot.date} 不是工作日，看守所不安排律师会见`;
  const closesAt = slot.start.getTime() - center.bookingCutoffMinutes * MINUTE_MS;
  if (now.getTime() >= closesAt) return '该时段已开始或已截止预约';
  if (slot.date > lastBookableDate(center, now)) return `只能预约 ${center.bookingWindowDays} 天内的时段`;
  return undefined;
}

/** Why a listed slot cannot be booked now (SPEC 7.3); a client offers only slots without one. */
export type NotBookableReason = 'started' | 'closed' | 'outside_window' | 'full';

/**
 * The slot list's answer to "would the server take a booking for this slot now": the same checks
 * as slotUnavailableReason and the booking transaction, in the order the booking makes them. A center
 * that is not online (R5) takes no online booking at all, so its slots read as `closed`.
 */
export function notBookableReason(
  center: CenterRules & { onlineBooking: boolean; placesPerSession: number },
  slot: Slot,
  now: Date,
  session: { booked: number; closed: boolean },
): NotBookableReason | undefined {
  if (!center.onlineBooking || session.closed) return 'closed';
  if (now.getTime() >= slot.start.getTime() - center.bookingCutoffMinutes * MINUTE_MS) return 'started';
  if (slot.date > lastBookableDate(center, now)) return 'outside_window';
  if (session.booked >= center.placesPerSession) return 'full';
  return undefined;
}

/** Cancelling before the cut-off is free; after it the cancellation counts as `late_cancel` (R3). */
export function isFreeCancellation(center: Pick<CenterConfig, 'freeCancelCutoffMinutes'>, slot: Slot, now: Date): boolean {
  return now.getTime() < slot.start.getTime() - center.freeCancelCutoffMinutes * MINUTE_MS;
}

/** Arriving after start + grace is late (R3). */
export function isLateArrival(center: Pick<CenterConfig, 'lateGraceMinutes'>, slot: Slot, arrivedAt: Date): boolean {
  return arrivedAt.getTime() > slot.start.getTime() + center.lateGraceMinutes * MINUTE_MS;
}

/** A slot whose session has started no longer counts toward a pair's future bookings. */
export const isFuture = (slot: Pick<Slot, 'start'>, now: Date): boolean => slot.start.getTime() > now.getTime();

/**
 * The session ledger's state (R6, B3): places taken, the last queue number handed out, whether the
 * center closed the session (B6), and how many lawyers wait for a place. A session nobody booked
 * yet has no record and reads as `EMPTY_SESSION`.
 */
export interface SessionState {
  booked: number;
  lastQueue: number;
  closed: boolean;
  /** Lawyers on the session's waitlist (B3); a cancellation may only give a place back when none wait. */
  waiting: number;
  /** Places admitted (issue 19): bookings plus live holds, never above capacity for lawyers' bookings. */
  admitted: number;
  /** Holds on a place not yet converted into a booking: hold id (the booking's id) → expiry (epoch ms). */
  holds: Record<string, number>;
}

export const EMPTY_SESSION: SessionState = { booked: 0, lastQueue: 0, closed: false, waiting: 0, admitted: 0, holds: {} };

/**
 * How long a hold keeps its place (issue 19): a booking converts its hold within one request, so a
 * hold older than this belongs to a request that died between the hold and its transaction, and the
 * next request that finds the session full (or the sweep) takes the place back.
 */
export const HOLD_MS = 30_000;

/** Holds whose request must have died (expiry passed at `now`), oldest first. */
export function expiredHolds(seen: Pick<SessionState, 'holds'>, now: Date): [string, number][] {
  return Object.entries(seen.holds)
    .filter(([, expiresAt]) => expiresAt <= now.getTime())
    .sort((a, b) => a[1] - b[1]);
}

/** First come, first served (R6): every appointment of a session gets the next number, never reused. */
export const nextQueueNumber = (seen: Pick<SessionState, 'lastQueue'>): number => seen.lastQueue + 1;

/** Why a new lawyer booking cannot take a place in this session, or undefined when it can. */
export function placeRefusal(seen: Pick<SessionState, 'booked' | 'closed'>, placesPerSession: number): 'closed' | 'full' | undefined {
  if (seen.closed) return 'closed';
  if (seen.booked >= placesPerSession) return 'full';
  return undefined;
}

/** Why a hold on a place was refused (issue 19): every place is booked or held, or the session is closed. */
export function admissionRefusal(seen: Pick<SessionState, 'admitted' | 'closed'>, placesPerSession: number): 'closed' | 'full' | undefined {
  if (seen.closed) return 'closed';
  if (seen.admitted >= placesPerSession) return 'full';
  return undefined;
}
