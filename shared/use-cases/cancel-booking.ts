// POST /bookings/{id}/cancel: the lawyer gives the place back. Free until the center's cut-off;
// after it the cancellation is recorded as a `late_cancel` violation (R3). The freed place goes to
// the first waiting lawyer whose conditions still hold (B3) in the same transaction, so nobody
// can take it in between; when nobody can be promoted, the place returns to the session.
import { AppError, Forbidden, InvalidState, DetaineeNotAvailable } from '../errors';
import { practising, type BookingParties, type Booking } from '../domain/booking';
import { isFreeCancellation, nextQueueNumber, resolveSlot, slotUnavailableReason, type Slot } from '../domain/sessions';
import { findCenter, type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { detaineeSlotKey, lawyerSlotKey, roomKey, bookingKey, pairKey } from '../adapters/district-keys';
import { planNewViolation } from '../adapters/discipline-repository';
import { bookingParams, planNotification } from '../notifications/outbox';
import { ensureParty, getBooking, planBookingItems, planGuardRelease, planPairWrite, readPairs } from '../adapters/booking-repository';
import { liveFutureSlots, type PairState } from '../domain/booking';
import { platformTableName } from '../adapters/dynamo';
import { findReplay, fingerprintOf, recordResult } from '../adapters/idempotency';
import type { IdempotencyContext } from './ports/idempotency';
import { loadParties } from '../adapters/lawyer-directory';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { planWaitlistRemoval, waitingFor } from '../adapters/waitlist-repository';
import { tableOfId } from '../centers';
import { pairCapReached } from '../domain/booking';
import { newId, newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { noteAudit } from '../audit';
import { planCloseMeetingRequest, readOpenMeetingRequest } from '../adapters/meeting-request-repository';
import { shanghaiIso } from '../time';
import { planRelease, planTake, readSession, type SessionState } from '../adapters/session-ledger';
import { type WaitlistEntry } from '../domain/waitlist';
import { planReopenUrgentRequest } from '../adapters/urgent-request-repository';

export interface CancelResult {
  status: 'cancelled';
  violation: boolean;
  /** The waitlist entry that got the freed place, if any. */
  promotedWaitlistId: string | null;
}

const MAX_ATTEMPTS = 40;
/**
 * How long a cancellation keeps starting new rounds before it answers 409 (busy, try again), like
 * the booking's budget: well inside the function's 10 s, so a contended cancellation never runs past
 * the function's timeout (a 500) and then commits anyway (issue 23 F3). Real time: about load.
 */
const RETRY_BUDGET_MS = 6000;
/** Codes of a promotion's own conditions: the candidate no longer qualifies, try the next one. */
export const CANDIDATE_REFUSALS = new Set(['DETAINEE_BUSY', 'LAWYER_BUSY', 'NOT_BOUND', 'LOCKED_OUT']);

/**
 * Who gives the place back. A lawyer: free until the cut-off, a `late_cancel` violation after it. The
 * center (R4, B4, B6): never a violation, the lawyers are told why, and the place goes to the waitlist
 * unless the session itself was closed.
 */
export type Canceller = { kind: 'lawyer'; principal: Principal } | { kind: 'center'; userId: string; reason: string; actionId: string; promote: boolean };

export async function cancelBooking(principal: Principal, bookingId: string, idempotencyKey: string, now: Date): Promise<CancelResult> {
  const table = tableOfId(bookingId, 'bk', '预约');
  const booking = ensureParty(await getBooking(table, bookingId), principal.userId);
  if (booking.leadLawyerId !== principal.userId && !booking.coCounselLawyerIds.includes(principal.userId)) {
    throw new Forbidden('只有预约律师或共同辩护律师可以撤销预约');
  }
  const idempotency: IdempotencyContext = { userId: principal.userId, key: idempotencyKey, fingerprint: fingerprintOf('cancel', bookingId) };
  const replay = await findReplay<CancelResult>(idempotency);
  if (replay) return replay;
  try {
    noteAudit({ centerId: booking.centerId, target: bookingId, before: { status: booking.status } });
    return await cancelOnce(table, booking, { kind: 'lawyer', principal }, idempotency, now);
  } catch (e) {
    // A twin request with the same key may have cancelled while we worked: its result is ours.
    const twin = await findReplay<CancelResult>(idempotency);
    if (twin) return twin;
    throw e;
  }
}

/**
 * A center cancellation of one live booking, in its own transaction (with the waitlist promotion it
 * allows). False when the booking was no longer live (cancelled, checked in, swept) by then.
 */
export async function cancelByCenter(
  table: string,
  bookingId: string,
  canceller: Extract<Canceller, { kind: 'center' }>,
  now: Date,
  /**
   * The sessions the action is about (a closure, an unavailability): a booking a reschedule moved
   * out of them before the action is no longer the action's (a move out of a closed session is
   * refused, and one racing this cancellation fails its guard release).
   */
  inSlots?: string[],
): Promise<boolean> {
  const booking = await getBooking(table, bookingId);
  if (!booking || booking.status !== 'booked') return false;
  if (inSlots && !inSlots.includes(booking.slotId)) return false;
  try {
    await cancelOnce(table, booking, canceller, undefined, now);
    return true;
  } catch (e) {
    // Someone else ended it while we worked: nothing left for the center to cancel.
    if (e instanceof InvalidState && (await getBooking(table, bookingId))?.status !== 'booked') return false;
    throw e;
  }
}

async function cancelOnce(table: string, seen: Booking, canceller: Canceller, idempotency: IdempotencyContext | undefined, now: Date): Promise<CancelResult> {
  let booking = seen;
  if (booking.status !== 'booked') throw new InvalidState('该预约已不能撤销');
  const center = findCenter(booking.centerId)!;
  const slot = resolveSlot(center, booking.slotId)!;
  const lateCancel = canceller.kind === 'lawyer' && !isFreeCancellation(center, slot, now);
  const tables = { district: table, platform: platformTableName() };
  // Promotion only makes sense while the session can still be booked.
  if (canceller.kind === 'lawyer') noteAudit({ after: { status: 'cancelled', violation: lateCancel } });
  const canPromote = (canceller.kind === 'lawyer' || canceller.promote) && slotUnavailableReason(center, workCalendar(), slot, now) === undefined;
  const skipped = new Set<string>();
  const violationId = newId('vi');

  const begun = Date.now();
  for (let attempt = 0; attempt < MAX_ATTEMPTS && (attempt === 0 || Date.now() - begun < RETRY_BUDGET_MS); attempt++) {
    if (attempt > 0) {
      // Staff may have assigned a room meanwhile: the room it holds is released with it.
      const fresh = await getBooking(table, booking.bookingId);
      if (fresh?.status !== 'booked') throw new InvalidState('该预约已不能撤销');
      booking = fresh;
    }
    // Session first, then the waitlist: a lawyer joining in between changes `waiting` and the
    // conditions below make this round retry, so nobody is left waiting beside a free place.
    const session = await readSession(table, booking.centerId, booking.slotId);
    const candidates = canPromote ? (await waitingFor(table, booking.centerId, booking.slotId)).filter((c) => !skipped.has(c.waitlistId)) : [];
    const candidate = candidates[0];
    const result: CancelResult = { status: 'cancelled', violation: lateCancel, promotedWaitlistId: candidate?.waitlistId ?? null };
    const plan = new TransactionPlan();
    // The idempotency record first: a committed twin then fails here, before anything else.
    if (idempotency) recordResult(plan, idempotency, result);

    if (candidate) {
      const promoted = await planPromotion(plan, tables, center, slot, candidate, session, booking, now);
      if (!promoted) {
        skipped.add(candidate.waitlistId);
        continue;
      }
    } else {
      planRelease(plan, table, booking.centerId, booking.slotId, session);
    }
    await planCancellation(plan, tables, booking, canceller, lateCancel, violationId, now);

    try {
      if ((await plan.commit()) === 'committed') return result;
    } catch (e) {
      if (candidate && e instanceof AppError && (CANDIDATE_REFUSALS.has(e.code) || e instanceof DetaineeNotAvailable)) {
        skipped.add(candidate.waitlistId);
        continue;
      }
      throw e;
    }
    const twin = idempotency && (await findReplay<CancelResult>(idempotency));
    if (twin) return twin;
    await backoff(attempt);
  }
  throw new InvalidState('撤销操作繁忙，请稍后重试');
}

async function planCancellation(
  plan: TransactionPlan,
  tables: { district: string; platform: string },
  booking: Booking,
  canceller: Canceller,
  lateCancel: boolean,
  violationId: string,
  now: Date,
): Promise<void> {
  const { district } = tables;
  const at = shanghaiIso(now);
  const byCenter = canceller.kind === 'center';
  plan.add(
    {
      Update: {
        TableName: district,
        Key: bookingKey(booking.bookingId),
        UpdateExpression: `SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, lateCancel = :late${byCenter ? ', cancelReason = :reason, cancelledByActionId = :action' : ''} REMOVE GSI2PK, GSI2SK`,
        // The room as read: a room assigned since makes this round re-read the booking.
        ConditionExpression: `#status = :booked AND ${booking.room ? 'room.roomNo = :roomNo' : 'attribute_not_exists(room)'}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ...(booking.room ? { ':roomNo': booking.room.roomNo } : {}),
          ':cancelled': byCenter ? 'cancelled_by_center' : 'cancelled',
          ':at': at,
          ':by': byCenter ? canceller.userId : canceller.principal.userId,
          ':late': lateCancel,
          ':booked': 'booked',
          ...(byCenter ? { ':reason': canceller.reason, ':action': canceller.actionId } : {}),
        },
      },
    },
    (current) => (current?.status === 'booked' ? 'retry' : new InvalidState('该预约已不能撤销')),
  );
  planGuardRelease(plan, district, detaineeSlotKey(booking.detaineeId, booking.slotId), booking.bookingId);
  if (booking.room) {
    // The room goes back with the place (R8): nobody else could take it while this booking held it.
    plan.add(
      {
        Delete: {
          TableName: district,
          Key: roomKey(booking.centerId, booking.slotId, booking.room.roomNo),
          ConditionExpression: 'attribute_not_exists(PK) OR holderId = :me',
          ExpressionAttributeValues: { ':me': booking.bookingId },
        },
      },
      () => 'retry',
    );
  }
  for (const lawyerId of booking.lawyerIds) planGuardRelease(plan, district, lawyerSlotKey(lawyerId, booking.centerId, booking.slotId), booking.bookingId);

  const holders = [booking.leadLawyerId, ...booking.coCounselLawyerIds];
  for (const pair of await readPairs(district, holders, booking.detaineeId)) {
    // A promoted co-counsel's pair write already covers this pair (same slot stays taken).
    if (plan.find(district, pairKey(pair.lawyerId, booking.detaineeId))) continue;
    const { [booking.slotId]: _released, ...rest } = liveFutureSlots(pair, now);
    planPairWrite(plan, district, booking.detaineeId, pair, rest);
  }
  if (byCenter && booking.urgentRequestId) await planReopenUrgentRequest(plan, district, booking.urgentRequestId, booking.bookingId, at);
  if (lateCancel && canceller.kind === 'lawyer') {
    // The lawyer who cancelled late is the one charged (the lead or the co-counsel).
    await planNewViolation(
      plan,
      { lawyerId: canceller.principal.userId, bookingId: booking.bookingId, centerId: booking.centerId, reason: 'late_cancel', violationId, params: bookingParams(booking) },
      now,
    );
  }
  // Every cancellation tells everyone named on the booking, interns included: they were all coming.
  for (const lawyerId of booking.lawyerIds) {
    planNotification(plan, district, {
      recipientId: lawyerId,
      kind: byCenter ? 'booking-cancelled-by-center' : 'booking-cancelled',
      bookingId: booking.bookingId,
      createdAt: at,
      params: byCenter ? { ...bookingParams(booking), reason: canceller.reason } : { ...bookingParams(booking), lateCancel: lateCancel ? 1 : 0 },
    });
  }
}

/** Plans the waiter's booking into `plan`; false when they can no longer be booked (cap reached). Also a reschedule's (reschedule-booking.ts). */
export async function planPromotion(
  plan: TransactionPlan,
  tables: { district: string; platform: string },
  center: CenterEntry,
  slot: Slot,
  entry: WaitlistEntry,
  session: SessionState,
  cancelled: Booking,
  now: Date,
): Promise<boolean> {
  if (session.closed) return false;
  // A lawyer named on the booking being cancelled cannot take its place in the same transaction.
  if (cancelled.lawyerIds.includes(entry.lawyerId)) return false;
  // Only "no such confirmed lawyer" disqualifies; a failure to read propagates (and is retried).
  const profiles = await loadParties([entry.lawyerId]).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return undefined;
    throw e;
  });
  const lead = profiles?.get(entry.lawyerId);
  if (!lead || lead.role !== 'lawyer') return false;
  const parties: BookingParties = { lead, coCounsel: [], interns: [] };
  const pairs = await readPairs(
    tables.district,
    practising(parties).map((p) => p.lawyerId),
    entry.detaineeId,
  );
  // The booking being cancelled in this transaction no longer counts toward the waiter's cap.
  const held = (p: PairState) => Object.keys(liveFutureSlots(p, now)).filter((s) => !(cancelled.detaineeId === entry.detaineeId && s === cancelled.slotId));
  if (pairs.some((p) => pairCapReached(held(p).length, center.pairFutureBookingCap))) return false;

  const booking: Booking = {
    bookingId: newDistrictId('bk', center.districtId),
    status: 'booked',
    centerId: center.centerId,
    detaineeId: entry.detaineeId,
    slotId: slot.slotId,
    date: slot.date,
    sessionStart: shanghaiIso(slot.start),
    lastAdmission: shanghaiIso(slot.lastAdmission),
    queueNumber: nextQueueNumber(session),
    leadLawyerId: lead.lawyerId,
    coCounselLawyerIds: [],
    internLawyerIds: [],
    lawyerIds: [lead.lawyerId],
    createdAt: shanghaiIso(now),
    fromWaitlistId: entry.waitlistId,
  };
  // One place leaves with the cancellation and comes back with the promotion: booked is unchanged.
  planTake(plan, tables.district, center, slot, session, { kind: 'promotion', bookingId: booking.bookingId });
  planBookingItems(plan, tables, booking, parties, pairs, slot, now, { notificationKind: 'waitlist-promoted' });
  // A promoted booking answers the detainee's open request to meet as much as a new one does (R15).
  const openRequest = await readOpenMeetingRequest(tables.district, entry.detaineeId);
  if (openRequest) planCloseMeetingRequest(plan, tables.district, entry.detaineeId, openRequest, booking.bookingId, booking.createdAt);
  planWaitlistRemoval(plan, tables.district, entry, () => 'retry');
  return true;
}
