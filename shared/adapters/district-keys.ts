// Key layout of a district table, and of the items every table holds (the notification outbox and
// the audit trail). The one place a district key is spelled: the guards that make the rules hold
// (one booking per detainee per session, one per lawyer per session, places per session) are written
// and checked under exactly the same keys everywhere. docs/data-model.md is the map of these items;
// the platform table's keys are in ./platform-keys.ts.
import type { DeliveryStatus } from '../domain/notifications';
import { shanghaiDate } from '../time';
import type { Key } from './dynamo';

// ---- sessions and bookings ----

/** Places and queue counter of one session; all sessions of a center share a partition (range reads). */
export const sessionKey = (centerId: string, slotId: string): Key => ({ PK: `SESSIONS#${centerId}`, SK: slotId });
export const bookingKey = (bookingId: string): Key => ({ PK: `BOOKING#${bookingId}`, SK: 'BOOKING' });
/** Exists while the detainee has a live appointment in the slot (meeting or interrogation, R7). */
export const detaineeSlotKey = (detaineeId: string, slotId: string): Key => ({ PK: `DETAINEE#${detaineeId}`, SK: `SLOT#${slotId}` });
/** SK prefix of the detainee's slot guards (`detaineeSlotKey`): the detainee's schedule is an SK range. */
export const DETAINEE_SLOT_PREFIX = 'SLOT#';
/** The slot id a detainee slot guard stands for. */
export const slotIdOfGuard = (sk: string): string => sk.slice(DETAINEE_SLOT_PREFIX.length);
/** Exists while the lawyer is named on a live booking in the slot (B5). */
export const lawyerSlotKey = (lawyerId: string, centerId: string, slotId: string): Key => ({ PK: `LAWYER#${lawyerId}`, SK: `SLOT#${centerId}#${slotId}` });
/** The partition of a lawyer's items in a district table: slot guards, booking list, pairs, waits, urgent requests. */
export const lawyerPartition = (lawyerId: string): string => `LAWYER#${lawyerId}`;
/** Permanent: the bookings a lawyer is named on, newest last (GET /bookings). */
export const lawyerBookingKey = (lawyerId: string, createdAt: string, bookingId: string): Key => ({
  PK: lawyerPartition(lawyerId),
  SK: `BOOKING#${createdAt}#${bookingId}`,
});
/** SK prefix of a lawyer's booking list (`lawyerBookingKey`). */
export const LAWYER_BOOKING_PREFIX = 'BOOKING#';
/**
 * Permanent: the urgent requests a lawyer filed (B2), oldest first (GET /me/urgent-requests). Item:
 * `{ requestId }`; the request itself is `urgentRequestKey`.
 */
export const lawyerUrgentKey = (lawyerId: string, createdAt: string, requestId: string): Key => ({
  PK: lawyerPartition(lawyerId),
  SK: `URGREQ#${createdAt}#${requestId}`,
});
/** SK prefix of a lawyer's urgent-request list (`lawyerUrgentKey`). */
export const LAWYER_URGENT_PREFIX = 'URGREQ#';
/** The live future slots of a lawyer–detainee pair, versioned (B5 cap). */
export const pairKey = (lawyerId: string, detaineeId: string): Key => ({ PK: lawyerPartition(lawyerId), SK: `PAIR#${detaineeId}` });
/** Booking attempts of a user in one UTC minute (B5 rate limit). */
export const rateKey = (userId: string, window: string): Key => ({ PK: `RATE#${userId}`, SK: window });

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
/** GSI2 of a session record that had a hold on a place (issue 19; sparse): the sweep's reclaim reads it by slot id. */
export const holdsIndex = (centerId: string, slotId: string) => ({ GSI2PK: `HOLDS#${centerId}`, GSI2SK: slotId });
export const liveIndex = (centerId: string, lastAdmission: string, bookingId: string) => ({
  GSI2PK: `LIVE#${centerId}`,
  GSI2SK: `${lastAdmission}#${bookingId}`,
});

// ---- waitlist (B3) ----

export const waitlistEntryKey = (centerId: string, slotId: string, sortKey: string): Key => ({ PK: `WAITLIST#${centerId}#${slotId}`, SK: sortKey });
export const waitlistIdKey = (waitlistId: string): Key => ({ PK: `WAITLISTID#${waitlistId}`, SK: 'WAITLIST' });
export const lawyerWaitKey = (lawyerId: string, centerId: string, slotId: string): Key => ({ PK: lawyerPartition(lawyerId), SK: `WAIT#${centerId}#${slotId}` });
/** SK prefix of a lawyer's waitlist guards (`lawyerWaitKey`). */
export const LAWYER_WAIT_PREFIX = 'WAIT#';

// ---- check-in tokens (issue 20 item 2) ----

/**
 * The district's secret that signs check-in QR tokens and short codes (shared/domain/check-in-token.ts),
 * created by its first reader (shared/adapters/cursor-key.ts `storedSecret`). Per district: a token
 * signed for one district's bookings proves nothing in another. IAM grants the token route this
 * partition only (`access.checkInSecret`).
 */
export const checkInSecretKey: Key = { PK: 'SECRET#check-in-tokens', SK: 'HMAC-SHA256' };

// ---- rooms, interrogations (R7, R8) ----

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

// ---- urgent requests (B2) ----

/**
 * An urgent request (B2): `URGENT#<id>`; ids are `ur.<district>.<ulid>`. Indexes: `urgentDeadlineIndex`
 * (GSI1, always) and `urgentOpenIndex` (GSI2, sparse: only while open).
 */
export const urgentRequestKey = (requestId: string): Key => ({ PK: `URGENT#${requestId}`, SK: 'URGENT' });
/** PK prefix of urgent requests (scripts/backfill-people-indexes.ts filters a scan by it). */
export const URGENT_REQUEST_PREFIX = 'URGENT#';
/** GSI1 of an urgent request: `URGENT#<centerId>`, `<deadline>#<id>` (staff lists and reports read it by deadline). */
export const urgentDeadlineIndex = (centerId: string, deadline: string, requestId: string) => ({ GSI1PK: `URGENT#${centerId}`, GSI1SK: `${deadline}#${requestId}` });
/** GSI2 of an urgent request while open: `URGENTOPEN#<centerId>`, `<deadline>#<id>` (the sweeper's alert pass reads only open ones). */
export const urgentOpenIndex = (centerId: string, deadline: string, requestId: string) => ({ GSI2PK: `URGENTOPEN#${centerId}`, GSI2SK: `${deadline}#${requestId}` });
/** Exists while the lawyer has an open urgent request for the detainee: one at a time. */
export const openUrgentGuardKey = (lawyerId: string, detaineeId: string): Key => ({ PK: lawyerPartition(lawyerId), SK: `URGENT#${detaineeId}` });

// ---- meeting requests (R15) ----

/** A relayed meeting request (R15): `MEETREQ#<id>`; ids are `mr.<district>.<ulid>`. */
export const meetingRequestKey = (requestId: string): Key => ({ PK: `MEETREQ#${requestId}`, SK: 'MEETREQ' });
/** The detainee's open request, if any: `{ requestId }`. */
export const openMeetingRequestPointer = (detaineeId: string): Key => ({ PK: detaineePartition(detaineeId), SK: 'MEETREQ' });
/** Sparse GSI2 of an open request not yet reminded: the sweeper reads the due ones per center. */
export const meetingRequestDueIndex = (centerId: string, remindAt: string, requestId: string) => ({
  GSI2PK: `MEETREQOPEN#${centerId}`,
  GSI2SK: `${remindAt}#${requestId}`,
});

// ---- suggestions (R10), center actions (R4, B4, B6) ----

/** A suggestion of a center's register (R10): all of a center's in one partition, oldest first (ids are ULIDs). */
export const suggestionKey = (centerId: string, suggestionId: string): Key => ({ PK: `SUGGESTIONS#${centerId}`, SK: suggestionId });
/** A center action (unavailability, closure, release, withdrawal). */
export const actionKey = (actionId: string): Key => ({ PK: `ACTION#${actionId}`, SK: 'ACTION' });
/** Sparse GSI2 entry while an action is pending: the sweeper finishes what a crash left undone. */
export const pendingActionIndex = (centerId: string, createdAt: string, actionId: string) => ({ GSI2PK: `PENDINGACTION#${centerId}`, GSI2SK: `${createdAt}#${actionId}` });

// ---- detainees and bindings ----

/** The partition of a detainee's items: profile, slot guards, binding guards, bindings, open meeting request. */
export const detaineePartition = (detaineeId: string): string => `DETAINEE#${detaineeId}`;
/** PK prefix of a detainee's items (scripts/backfill-people-indexes.ts filters a scan by it). */
export const DETAINEE_PREFIX = 'DETAINEE#';
export const detaineeKey = (detaineeId: string): Key => ({ PK: detaineePartition(detaineeId), SK: 'PROFILE' });
/** A binding under its id (strongly consistent reads by id). */
export const bindingKey = (bindingId: string): Key => ({ PK: `BINDING#${bindingId}`, SK: 'BINDING' });
/** PK prefix of bindings by id, and SK prefix of a detainee's bindings (`detaineeBindingKey`). */
export const BINDING_PREFIX = 'BINDING#';
/** Exists exactly while the binding of the licence to the detainee is active (R2). */
export const bindingGuardKey = (detaineeId: string, licenseNo: string): Key => ({ PK: detaineePartition(detaineeId), SK: `BOUND#${licenseNo}` });
/** SK prefix of a detainee's binding guards (`bindingGuardKey`). */
export const BINDING_GUARD_PREFIX = 'BOUND#';
/** The licence number a binding guard stands for. */
export const licenseOfGuard = (sk: string): string => sk.slice(BINDING_GUARD_PREFIX.length);
/** Permanent: every binding ever made for the detainee, whatever its status (staff's detainee page, SPEC 7.2). */
export const detaineeBindingKey = (detaineeId: string, bindingId: string): Key => ({ PK: detaineePartition(detaineeId), SK: `BINDING#${bindingId}` });
/**
 * GSI1 of a binding: a lawyer's bindings, found by licence. This is what makes a binding made before
 * registration attach the moment the lawyer registers (R1) — nothing needs rewriting then.
 */
export const bindingLicenseIndex = (licenseNo: string, createdAt: string, bindingId: string) => ({
  GSI1PK: bindingLicensePartition(licenseNo),
  GSI1SK: `${createdAt}#${bindingId}`,
});
export const bindingLicensePartition = (licenseNo: string): string => `LICENSE#${licenseNo}`;

/** GSI1 of a detainee's record: everyone of the center, by normalized name (shared/adapters/detainee-index.ts). */
export const detaineeListPartition = (centerId: string): string => `DETAINEES#${centerId}`;
/** GSI2 of a detainee's record: in custody (`active`) or not (`left`: released or transferred), by normalized name. */
export const detaineeStatusPartition = (centerId: string, status: 'active' | 'released' | 'transferred'): string =>
  `DETAINEES#${centerId}#${status === 'active' ? 'active' : 'left'}`;
/** Both index entries of a detainee's record, sorted by `sortKey` (`<normalized name>#<detaineeId>`). */
export const detaineeIndexKeys = (centerId: string, status: 'active' | 'released' | 'transferred', sortKey: string) => ({
  GSI1PK: detaineeListPartition(centerId),
  GSI1SK: sortKey,
  GSI2PK: detaineeStatusPartition(centerId, status),
  GSI2SK: sortKey,
});
/** The first character (code point) of a string. */
const firstChar = (s: string): string => String.fromCodePoint(s.codePointAt(0) ?? 0);
/** The name-search partition of a query or suffix: one per center and first character. */
export const nameSearchPartition = (centerId: string, query: string): string => `DETNAME#${centerId}#${firstChar(query)}`;
/** One suffix of a detainee's normalized name in the name-search index. */
export const nameSearchKey = (centerId: string, suffix: string, detaineeId: string): Key => ({ PK: nameSearchPartition(centerId, suffix), SK: `${suffix}#${detaineeId}` });

// ---- both tables: the outbox (B7) and the audit trail (R14) ----

export const notificationKey = (notificationId: string): Key => ({ PK: `NOTIFICATION#${notificationId}`, SK: 'NOTIFICATION' });
/** PK prefix of notifications: the stream consumer reads only INSERTs under it. */
export const NOTIFICATION_PREFIX = 'NOTIFICATION#';
/** GSI1 partition of the notifications in a delivery state (`pending`, `failed`, `dead`, `sending`). */
export const notifyPartition = (status: DeliveryStatus): string => `NOTIFY#${status}`;
/** Sparse index of notifications waiting for (another) delivery attempt, and of dead letters. */
export const queueIndex = (status: DeliveryStatus, createdAt: string, notificationId: string) =>
  status === 'pending' || status === 'failed' || status === 'dead' ? { GSI1PK: notifyPartition(status), GSI1SK: `${createdAt}#${notificationId}` } : {};
/** While a delivery runs the record sits in GSI1 by lease end: a crash mid-delivery is found there. */
export const leaseIndex = (leaseUntil: string, notificationId: string) => ({ GSI1PK: notifyPartition('sending'), GSI1SK: `${leaseUntil}#${notificationId}` });

/** The center of an audit record that belongs to none. */
const NO_CENTER = '-';
/** Audit records of a center (or of none) in one month (`yyyy-mm`), SK `<at>#<auditId>`. */
export const auditMonthPartition = (centerId: string | undefined, month: string): string => `AUDIT#${centerId ?? NO_CENTER}#${month}`;
/** The audit partition a record made at `at` goes to. */
export const auditPartition = (centerId: string | undefined, at: Date): string => auditMonthPartition(centerId, shanghaiDate(at).slice(0, 7));

// ---- retention (shared/use-cases/retention.ts, docs/data-retention.md) ----

/** Where a pass of the retention job has got to in a table, per center (`-` for records of none). */
export const retentionCursorKey = (pass: 'bookings' | 'reports' | 'audit' | 'urgent', centerId: string): Key => ({ PK: `RETENTION#${pass}`, SK: centerId });
/** One record per run of the retention job (platform table): its counts, no personal data; written with the run's audit record. */
export const retentionRunKey = (at: string, runId: string): Key => ({ PK: 'RETENTION#runs', SK: `${at}#${runId}` });
/** A center's report day frozen into counts (B8), so reports survive the bookings' TTL. */
export const reportDayKey = (centerId: string, date: string): Key => ({ PK: reportDayPartition(centerId), SK: date });
export const reportDayPartition = (centerId: string): string => `REPORTDAY#${centerId}`;
