// Queue calling (叫号, issue 20): staff call the lawyers of a session to the window in queue order,
// recall one who did not come, or skip them with a reason. Pure rules over bookings already read.
//
// Why `call` is not a booking status: a called lawyer still holds the place, and every rule that asks
// "is this booking live?" (the sweeper's no-show after last admission, cancellation and its late-cancel
// violation, closures, rooms, reschedule) must keep treating them so. Storing `callState` next to
// `status: 'booked'` leaves those conditions (`#status = :booked`) and the GSI2 live index exactly as
// they were; check-in then moves `status` on as before and the call stays as history.
import { createHash } from 'node:crypto';
import type { Booking } from './booking';

export type CallState = 'called' | 'skipped';

/** What a call adds to a stored booking. */
export interface BookingCall {
  callState?: CallState;
  calledAt?: string;
  /** Calls of this booking (first call and recalls): the display shows a recall as a fresh call. */
  callCount?: number;
  skippedAt?: string;
  skipReason?: string;
}

export type CalledBooking = Booking & BookingCall;

/** Booked and not yet called (nor skipped): these wait for a call, in queue order. */
export const isWaiting = (b: CalledBooking): boolean => b.status === 'booked' && b.callState === undefined;

/** The bookings a "call next" may take, first in line first. */
export const callCandidates = (bookings: CalledBooking[], slotId: string): CalledBooking[] =>
  bookings.filter((b) => b.slotId === slotId && isWaiting(b)).sort((a, b) => a.queueNumber - b.queueNumber);

/** The booking called last (the number now being served), or undefined before the first call. */
const latestCall = (bookings: CalledBooking[]): CalledBooking | undefined =>
  bookings.filter((b) => b.calledAt).sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];

/** Calls shown on a screen per session: the latest first. */
export const SHOWN_CALLS = 6;

export interface DisplaySession {
  slotId: string;
  name: string;
  start: string;
  lastAdmission: string;
  /** The latest call of the session (the number now being served), or null before the first call. */
  nowServing: number | null;
  /** Called numbers still expected (not skipped), latest call first, with the room when one is assigned. */
  called: { queueNumber: number; roomNo: string | null; calledAt: string; checkedIn: boolean }[];
  waiting: number;
}

/**
 * The public display of a center's day: queue numbers and rooms only. Nothing here names a person
 * or an id (no booking, detainee or lawyer id): a number on a waiting-hall screen is all anyone
 * there may learn.
 */
export function displaySessions(bookings: CalledBooking[], sessions: { slotId: string; name: string; start: string; lastAdmission: string }[]): DisplaySession[] {
  return sessions.map((s) => {
    const own = bookings.filter((b) => b.slotId === s.slotId);
    const called = own
      .filter((b) => b.callState === 'called' && b.calledAt && (b.status === 'booked' || b.status === 'checked_in'))
      .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? '') || b.queueNumber - a.queueNumber);
    const latest = latestCall(own);
    return {
      ...s,
      nowServing: latest?.queueNumber ?? null,
      called: called
        .slice(0, SHOWN_CALLS)
        .map((b) => ({ queueNumber: b.queueNumber, roomNo: b.room?.roomNo ?? null, calledAt: b.calledAt!, checkedIn: b.status === 'checked_in' })),
      waiting: own.filter(isWaiting).length,
    };
  });
}

/** Where one booking stands in its session's queue, for its own lawyers. */
export function positionOf(booking: CalledBooking, sessionBookings: CalledBooking[]) {
  const own = sessionBookings.filter((b) => b.slotId === booking.slotId && b.bookingId !== booking.bookingId);
  const latest = latestCall([...own, booking]);
  const waitingAhead = isWaiting(booking) ? own.filter((b) => isWaiting(b) && b.queueNumber < booking.queueNumber).length : 0;
  return {
    queueNumber: booking.queueNumber,
    status: booking.status,
    callState: booking.callState ?? null,
    calledAt: booking.calledAt ?? null,
    roomNo: booking.room?.roomNo ?? null,
    ahead: waitingAhead,
    nowServing: latest?.queueNumber ?? null,
    waiting: own.filter(isWaiting).length + (isWaiting(booking) ? 1 : 0),
  };
}

/** A strong entity tag of a JSON body: same content, same tag, so a poll that changed nothing gets 304. */
export const entityTag = (body: unknown): string => `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;

/** `If-None-Match` holds the tag (a list, a weak form or `*` included, RFC 9110 §13.1.2). */
export function matchesTag(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === tag);
}
