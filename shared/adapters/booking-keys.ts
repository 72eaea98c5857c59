// Key layout of the booking engine in a district table. One place, so the guards that make the
// rules hold (one booking per detainee per session, one per lawyer per session, places per
// session) are written and checked under exactly the same keys everywhere.
import type { Key } from './transaction';

/** Places and queue counter of one session; all sessions of a center share a partition (range reads). */
export const sessionKey = (centerId: string, slotId: string): Key => ({ PK: `SESSIONS#${centerId}`, SK: slotId });
export const bookingKey = (bookingId: string): Key => ({ PK: `BOOKING#${bookingId}`, SK: 'BOOKING' });
/** Exists while the detainee has a live appointment in the slot (meeting or interrogation, R7). */
export const detaineeSlotKey = (detaineeId: string, slotId: string): Key => ({ PK: `DETAINEE#${detaineeId}`, SK: `SLOT#${slotId}` });
/** Exists while the lawyer is named on a live booking in the slot (B5). */
export const lawyerSlotKey = (lawyerId: string, centerId: string, slotId: string): Key => ({ PK: `LAWYER#${lawyerId}`, SK: `SLOT#${centerId}#${slotId}` });
/** Permanent: the bookings a lawyer is named on, newest last (GET /bookings). */
export const lawyerBookingKey = (lawyerId: string, createdAt: string, bookingId: string): Key => ({
  PK: `LAWYER#${lawyerId}`,
  SK: `BOOKING#${createdAt}#${bookingId}`,
});
/**
 * Permanent: the urgent requests a lawyer filed (B2), oldest first (GET /me/urgent-requests). Item:
 * `{ requestId }`; the request itself is `urgentRequestKey`.
 */
export const lawyerUrgentKey = (lawyerId: string, createdAt: string, requestId: string): Key => ({
  PK: `LAWYER#${lawyerId}`,
  SK: `URGREQ#${createdAt}#${requestId}`,
});
/** The live future slots of a lawyer–detainee pair, versioned (B5 cap). */
export const pairKey = (lawyerId: string, detaineeId: string): Key => ({ PK: `LAWYER#${lawyerId}`, SK: `PAIR#${detaineeId}` });
export const idempotencyKey = (userId: string, key: string): Key => ({ PK: `IDEMPOTENCY#${userId}#${key}`, SK: 'IDEMPOTENCY' });
export const rateKey = (userId: string, window: string): Key => ({ PK: `RATE#${userId}`, SK: window });
export const waitlistEntryKey = (centerId: string, slotId: string, sortKey: string): Key => ({ PK: `WAITLIST#${centerId}#${slotId}`, SK: sortKey });
export const waitlistIdKey = (waitlistId: string): Key => ({ PK: `WAITLISTID#${waitlistId}`, SK: 'WAITLIST' });
export const lawyerWaitKey = (lawyerId: string, centerId: string, slotId: string): Key => ({ PK: `LAWYER#${lawyerId}`, SK: `WAIT#${centerId}#${slotId}` });
export const notificationKey = (notificationId: string): Key => ({ PK: `NOTIFICATION#${notificationId}`, SK: 'NOTIFICATION' });
/** Platform table: the lawyer's profile carries the lock (R3), checked inside booking transactions. */
export const profileKey = (userId: string): Key => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
/** Platform table: one violation of a lawyer (R3, B1). */
export const violationKey = (userId: string, violationId: string): Key => ({ PK: `USER#${userId}`, SK: `VIOLATION#${violationId}` });

/**
 * Every booking ever made in a session, read with a strongly consistent query: a closure (B6) must
 * find each booking that committed before it, which an index (eventually consistent) cannot promise.
 */
export const rosterKey = (centerId: string, slotId: string, bookingId: string): Key => ({ PK: `ROSTER#${centerId}#${slotId}`, SK: bookingId });

/** GSI1 of a booking: the center's day queue, ordered by session start then queue number. */
export const dayQueueIndex = (centerId: string, date: string, sessionStart: string, queueNumber: number) => ({
  GSI1PK: `DAY#${centerId}#${date}`,
  GSI1SK: `${sessionStart}#${String(queueNumber).padStart(4, '0')}`,
});

/**
 * GSI2 of a booking while it is live (`booked`): the center's live bookings by last admission. The
 * sweeper reads exactly the live bookings whose admission has passed (or that start tomorrow, for
 * reminders), so its cost follows the bookings it handles, never the table's history. Removed when
 * the booking leaves `booked`.
 */
export const liveIndex = (centerId: string, lastAdmission: string, bookingId: string) => ({
  GSI2PK: `LIVE#${centerId}`,
  GSI2SK: `${lastAdmission}#${bookingId}`,
});

/**
 * One room of a center in one session (R8): exists while a booking, a placed urgent request or an
 * interrogation holds it. Interrogations take the first free interrogation room, so the rooms are
 * the interrogation capacity, and a lawyer given an interrogation room holds one of the same guards.
 * Item: `{ holderId, holderKind: 'booking' | 'interrogation', roomType }`.
 */
export const roomKey = (centerId: string, slotId: string, roomNo: string): Key => ({ PK: `ROOM#${centerId}#${slotId}`, SK: roomNo });
/** An interrogation (R7): `INTERROGATION#<id>`; ids are `iq.<district>.<ulid>`. */
export const interrogationKey = (interrogationId: string): Key => ({ PK: `INTERROGATION#${interrogationId}`, SK: 'INTERROGATION' });
/** GSI1 of an interrogation: the center's interrogations of a day, by session start then queue number. */
export const interrogationDayIndex = (centerId: string, date: string, sessionStart: string, queueNumber: number) => ({
  GSI1PK: `INTERROGATIONS#${centerId}#${date}`,
  GSI1SK: `${sessionStart}#${String(queueNumber).padStart(4, '0')}`,
});
/**
 * An urgent request (B2): `URGENT#<id>`; ids are `ur.<district>.<ulid>`. GSI1 of the request:
 * `GSI1PK = URGENT#<centerId>`, `GSI1SK = <deadline>#<id>` (staff lists and reports read it by
 * deadline). GSI2 while open: `GSI2PK = URGENTOPEN#<centerId>`, `GSI2SK = <deadline>#<id>` (sparse:
 * the sweeper's alert pass reads only open ones).
 */
export const urgentRequestKey = (requestId: string): Key => ({ PK: `URGENT#${requestId}`, SK: 'URGENT' });
/** A relayed meeting request (R15): `MEETREQ#<id>`; ids are `mr.<district>.<ulid>`. */
export const meetingRequestKey = (requestId: string): Key => ({ PK: `MEETREQ#${requestId}`, SK: 'MEETREQ' });
/** A suggestion of a center's register (R10): all of a center's in one partition, oldest first (ids are ULIDs). */
export const suggestionKey = (centerId: string, suggestionId: string): Key => ({ PK: `SUGGESTIONS#${centerId}`, SK: suggestionId });
