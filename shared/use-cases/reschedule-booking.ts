// POST /bookings/{id}/reschedule (issue 20 part 3): the lead or the co-counsel moves a live booking
// to another session of the same detainee and center in ONE transaction — the new place is taken
// and the old one freed together, or nothing changes (the lawyer never holds both places nor
// neither). The booking keeps its id (the calendar feed's UID; `revision` is its SEQUENCE).
//  - The new place is taken as a booking takes it (issue 19): one conditional single-item write
//    holds a place in the new session (a full or closed session is answered there, with no
//    transaction); the transaction converts the hold and takes the next queue number. A request
//    that answers anything but the move gives its hold back.
//  - Same rules as booking: the session is bookable (online, window, cut-off, workday), every
//    practising lawyer is still bound, nobody named is suspended or locked out, the detainee and
//    every named lawyer are free in the new session, each pair's cap holds, the detainee is held
//    here and available then.
//  - The old place is freed as a cancellation frees it (cancel-booking.ts): the first waiting lawyer
//    whose conditions hold is promoted into it in the same transaction (B3), else the count goes
//    down; past the free-cancellation cut-off the move is a late cancellation of the old session
//    (R3: a `late_cancel` violation on the mover) — and when that violation would lock the mover
//    out, the move is refused (a locked lawyer cannot book) and nothing changes.
//  - Co-counsel and interns move with the booking and are told (outbox, B7); audited (R14);
//    idempotent by the Idempotency-Key as POST /bookings is (B14).
import { AppError, DetaineeNotAvailable, Forbidden, InvalidState, RescheduleWouldLock, SlotFull, SlotUnavailable, BookingLimitReached, CenterNotOnline } from '../errors';
import { CONDUCT_RULES, liveFutureSlots, pairCapReached, practising, type Booking, type BookingParties } from '../domain/booking';
import { admissionRefusal, isFreeCancellation, nextQueueNumber, resolveSlot, slotUnavailableReason, type SessionState, type Slot } from '../domain/sessions';
import { findCenter, type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { ensureParty, getBooking, readPairs } from '../adapters/booking-repository';
import { movedBooking, planMove, plannedLock, standingRefusal } from '../adapters/booking-move';
import { planNewViolation } from '../adapters/discipline-repository';
import { platformTableName } from '../adapters/dynamo';
import { findReplay, fingerprintOf, recordResult } from '../adapters/idempotency';
import { loadParties } from '../adapters/lawyer-directory';
import { detaineeNames } from '../adapters/people-directory';
import { planMoveOut, planTake, readSession, releaseHold, takeHold } from '../adapters/session-ledger';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { waitingFor } from '../adapters/waitlist-repository';
import { bookingParams } from '../notifications/outbox';
import { tableOfId } from '../centers';
import { newId } from '../ids';
import { noteAudit } from '../audit';
import type { Principal } from '../principal';
import type { IdempotencyContext } from './ports/idempotency';
import { CANDIDATE_REFUSALS, planPromotion } from './cancel-booking';
import { placeOf } from './read-bookings';

export interface RescheduleResult {
  bookingId: string;
  status: 'booked';
  centerId: string;
  detaineeId: string;
  slotId: string;
  queueNumber: number;
  lawyerIds: string[];
  rules: string[];
  createdAt: string;
  start: string;
  end: string;
  centerName: string;
  detaineeName: string;
  lawyers: { lawyerId: string; name: string; role: 'lead' | 'co-counsel' | 'intern' }[];
  /** The session it left, and whether leaving it was a late cancellation (R3). */
  previousSlotId: string;
  violation: boolean;
  /** The waiting lawyer promoted into the old place (B3), if any. */
  promotedWaitlistId: string | null;
}

const MAX_ATTEMPTS = 40;
/** As the booking's and the cancellation's budgets: well inside the function's 10 s (real time: about load). */
const RETRY_BUDGET_MS = 7000;
/** Lost rounds in which the holds admitted before ours convert first (as book-slot.ts). */
const AHEAD_ROUNDS = 3;

/** The session the request names, if the center takes online bookings for it now (as POST /bookings). */
function bookableSlot(center: CenterEntry, slotId: string, now: Date): Slot {
  if (!center.onlineBooking) throw new CenterNotOnline(center.name);
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  const unavailable = slotUnavailableReason(center, workCalendar(), slot, now);
  if (unavailable) throw new SlotUnavailable(unavailable);
  return slot;
}

export async function rescheduleBooking(principal: Principal, bookingId: string, slotId: string, idempotencyKey: string, now: Date): Promise<RescheduleResult> {
  const table = tableOfId(bookingId, 'bk', '预约');
  let booking = ensureParty(await getBooking(table, bookingId), principal.userId);
  if (booking.leadLawyerId !== principal.userId && !booking.coCounselLawyerIds.includes(principal.userId)) {
    throw new Forbidden('只有预约律师或共同辩护律师可以改期；实习人员如不参加请退出该预约');
  }
  const idempotency: IdempotencyContext = { userId: principal.userId, key: idempotencyKey, fingerprint: fingerprintOf('reschedule', { bookingId, slotId }) };
  const replay = await findReplay<RescheduleResult>(idempotency);
  if (replay) return replay;

  const center = findCenter(booking.centerId)!;
  const to = bookableSlot(center, slotId, now);
  refuseUnmovable(booking, to);
  const from = resolveSlot(center, booking.slotId);
  if (!from) throw new InvalidState('原时段已不在看守所的时段安排中，请撤销后重新预约');

  const [profiles, names] = await Promise.all([loadParties(booking.lawyerIds), detaineeNames(table, [booking.detaineeId])]);
  const parties: BookingParties = {
    lead: profiles.get(booking.leadLawyerId)!,
    coCounsel: booking.coCounselLawyerIds.map((id) => profiles.get(id)!),
    interns: booking.internLawyerIds.map((id) => profiles.get(id)!),
  };
  const detaineeName = names.get(booking.detaineeId) ?? '';
  const mover = profiles.get(principal.userId)!;

  // Admission in the new session: its own hold id (two moves of one booking never share a hold).
  const holdId = newId('rs');
  let hold = await takeHold(table, center, to, holdId, now);
  let held = hold.taken;
  try {
    if (!hold.taken) throw refusalOf(hold.session);
    return await move();
  } catch (e) {
    // A twin request with the same key may have moved it while we worked: its result is ours.
    const twin = await findReplay<RescheduleResult>(idempotency);
    if (twin) return twin;
    throw e;
  } finally {
    if (held) await releaseHold(table, center.centerId, to.slotId, holdId);
  }

  function refusalOf(session: SessionState): Error {
    return admissionRefusal(session, center.placesPerSession) === 'closed' ? new SlotUnavailable('该时段已被看守所关闭') : new SlotFull('目标时段名额已满，原预约保持不变');
  }

  async function move(): Promise<RescheduleResult> {
    const admittedAt = hold.session;
    const ahead = new Set(Object.keys(admittedAt.holds).filter((id) => id !== holdId && admittedAt.holds[id] > now.getTime()));
    let target: SessionState = { ...admittedAt, lastQueue: admittedAt.lastQueue + ahead.size };
    let turnsWaited = 0;
    let holdLost = false;
    const observeTarget = (current: SessionState) => {
      const before = turnsWaited++ < AHEAD_ROUNDS ? [...ahead].filter((id) => id in current.holds).length : 0;
      target = { ...current, lastQueue: current.lastQueue + before };
      if (!(holdId in current.holds)) holdLost = true;
    };
    const tables = { district: table, platform: platformTableName() };
    const late = !isFreeCancellation(center, from!, now);
    const violationId = newId('vi');
    const skipped = new Set<string>();
    const begun = Date.now();

    for (let attempt = 0; attempt < MAX_ATTEMPTS && (attempt === 0 || Date.now() - begun < RETRY_BUDGET_MS); attempt++) {
      if (attempt > 0) {
        const fresh = await getBooking(table, bookingId);
        if (!fresh || fresh.status !== 'booked') throw new InvalidState('该预约已不能改期');
        booking = fresh;
        refuseUnmovable(booking, to);
        if (!booking.lawyerIds.includes(principal.userId)) throw new InvalidState('您已不在该预约中');
        // Someone withdrew meanwhile: the people who move are those still named.
        parties.coCounsel = parties.coCounsel.filter((p) => booking.lawyerIds.includes(p.lawyerId));
        parties.interns = parties.interns.filter((p) => booking.lawyerIds.includes(p.lawyerId));
      }
      const origin = resolveSlot(center, booking.slotId)!;
      const lateNow = booking.slotId === from!.slotId ? late : !isFreeCancellation(center, origin, now);
      const canPromote = slotUnavailableReason(center, workCalendar(), origin, now) === undefined;
      // Session first, then the waitlist (as a cancellation): a lawyer joining in between changes
      // `waiting` and the old session's condition makes this round retry.
      const oldSession = await readSession(table, booking.centerId, booking.slotId);
      if (oldSession.closed) throw new InvalidState('原时段已被看守所关闭，该预约将由看守所撤销，不能改期');
      const [candidates, pairs] = await Promise.all([
        canPromote ? waitingFor(table, booking.centerId, booking.slotId) : Promise.resolve([]),
        readPairs(
          table,
          practising(parties).map((p) => p.lawyerId),
          booking.detaineeId,
        ),
      ]);
      for (const pair of pairs) {
        const others = Object.keys(liveFutureSlots(pair, now)).filter((s) => s !== booking.slotId);
        if (pairCapReached(others.length, center.pairFutureBookingCap)) throw new BookingLimitReached(center.pairFutureBookingCap);
      }
      if (lateNow) {
        const refusal = await standingRefusal(principal.userId, now);
        if (refusal) throw refusal;
      }
      const candidate = candidates.find((c) => !skipped.has(c.waitlistId));

      const queueNumber = nextQueueNumber(target);
      const moved = movedBooking({ booking, to, queueNumber });
      const result = answer(moved, booking.slotId, lateNow, candidate?.waitlistId ?? null);
      const plan = new TransactionPlan();
      // The idempotency record first (B14): a committed twin then fails here, before anything else.
      recordResult(plan, idempotency, result);
      noteAudit({
        centerId: booking.centerId,
        target: bookingId,
        before: { slotId: booking.slotId, queueNumber: booking.queueNumber },
        after: { slotId: moved.slotId, queueNumber, violation: lateNow, promotedWaitlistId: result.promotedWaitlistId },
      });
      // The new place: the hold becomes the booking's, with the next queue number (R6).
      planTake(plan, table, center, to, target, { kind: 'place', bookingId, holdId }, observeTarget);
      // The old place: to the first waiter who qualifies, else back to the session (B3).
      if (candidate) {
        if (!(await planPromotion(plan, tables, center, origin, candidate, oldSession, booking, now))) {
          skipped.add(candidate.waitlistId);
          continue;
        }
      } else {
        planMoveOut(plan, table, booking.centerId, booking.slotId, oldSession);
      }
      if (lateNow) {
        await planNewViolation(
          plan,
          { lawyerId: principal.userId, bookingId, centerId: booking.centerId, reason: 'late_cancel', violationId, params: bookingParams(booking) },
          now,
        );
        const lock = plannedLock(plan, principal.userId, now);
        if (lock) throw new RescheduleWouldLock(lock);
      }
      planMove(plan, tables, {
        booking,
        to,
        queueNumber,
        parties,
        pairs,
        movedBy: { lawyerId: principal.userId, name: mover.name },
        late: lateNow,
        detaineeName,
        now,
      });

      let outcome: 'committed' | 'retry';
      try {
        outcome = await plan.commit();
      } catch (e) {
        // The candidate no longer qualifies (or our own item refused with the same code: the next
        // round, without the candidate, answers it).
        if (candidate && e instanceof AppError && (CANDIDATE_REFUSALS.has(e.code) || e instanceof DetaineeNotAvailable)) {
          skipped.add(candidate.waitlistId);
          continue;
        }
        throw e;
      }
      if (outcome === 'committed') {
        held = false; // converted: the place is the booking's now
        return result;
      }
      const twin = await findReplay<RescheduleResult>(idempotency);
      if (twin) return twin;
      if (holdLost) {
        // Our hold outlived its 30 s and another request took the place: admission again.
        held = false;
        hold = await takeHold(table, center, to, holdId, now);
        held = hold.taken;
        if (!hold.taken) throw refusalOf(hold.session);
        target = hold.session;
        holdLost = false;
      }
      await backoff(Math.min(attempt, 2));
    }
    throw new InvalidState('改期操作繁忙，请稍后重试；原预约保持不变');
  }

  function answer(moved: Booking, previousSlotId: string, violation: boolean, promotedWaitlistId: string | null): RescheduleResult {
    const nameOf = (id: string) => profiles.get(id)?.name ?? '';
    return {
      bookingId,
      status: 'booked',
      centerId: moved.centerId,
      detaineeId: moved.detaineeId,
      slotId: moved.slotId,
      queueNumber: moved.queueNumber,
      lawyerIds: moved.lawyerIds,
      rules: [...CONDUCT_RULES],
      createdAt: moved.createdAt,
      start: moved.sessionStart,
      ...placeOf(moved),
      detaineeName,
      lawyers: [
        { lawyerId: moved.leadLawyerId, name: nameOf(moved.leadLawyerId), role: 'lead' as const },
        ...moved.coCounselLawyerIds.map((id) => ({ lawyerId: id, name: nameOf(id), role: 'co-counsel' as const })),
        ...moved.internLawyerIds.map((id) => ({ lawyerId: id, name: nameOf(id), role: 'intern' as const })),
      ],
      previousSlotId,
      violation,
      promotedWaitlistId,
    };
  }
}

/** What no move can change: only a live booking, not yet called, not an urgent placement, to another session. */
function refuseUnmovable(booking: Booking & { callState?: string }, to: Slot): void {
  if (booking.status !== 'booked') throw new InvalidState('该预约已不能改期');
  if (booking.callState !== undefined) throw new InvalidState('该预约已叫号，不能改期；如需调整请到窗口联系看守所');
  if (booking.urgentRequestId) throw new InvalidState('紧急会见安排的预约不能改期，请联系看守所');
  if (booking.slotId === to.slotId) throw new InvalidState('该预约已在这个时段，无需改期');
}
