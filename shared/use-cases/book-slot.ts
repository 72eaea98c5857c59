// POST /bookings: first come, first served (R6). A place is decided by admission (issue 19): one
// conditional single-item write on the session record holds a place (bookings + holds ≤ capacity,
// decided by the database), and only a holder sends the booking transaction, which converts the
// hold and takes the next queue number. Storage is behind the booking store port
// (shared/use-cases/ports/booking-store.ts; DynamoDB: shared/adapters/booking-store.ts). Cost of a
// booking (bench/booking-path.ts counts it):
//  1. one wave: the first read (one BatchGetItem over both tables) beside the per-lawyer attempt
//     counter (B5) and the hold — a full or closed session is answered here, with no transaction
//     (a hold whose request died, expired, is taken over instead: one more write);
//  2. one transaction, by holders only. A holder that loses the queue number or a pair version
//     learns from the failed condition what beat it and tries again on it at once (no read); a
//     holder refused for its own reasons (not bound, detainee busy, locked, pair cap…) gives its
//     place back in the same request, and so does every request that took a hold and then answers
//     anything but the booking (a replay, the attempt limit, a bad party).
import { InvalidState, InternMustBeAccompanied, SlotFull, SlotUnavailable, BookingLimitReached, CenterNotOnline } from '../errors';
import { allParties, checkParties, CONDUCT_RULES, liveFutureSlots, pairCapReached, practising, requireParties, type BookingParties, type Booking } from '../domain/booking';
import { admissionRefusal, nextQueueNumber, resolveSlot, slotUnavailableReason, type SessionState, type Slot } from '../domain/sessions';
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { fingerprintOf } from '../adapters/idempotency';
import { dynamoBookingStore } from '../adapters/booking-store';
import { backoff } from '../adapters/transaction';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { servedCenter } from '../centers';
import { shanghaiIso } from '../time';
import { lawyersOnBooking, placeOf } from './read-bookings';
import { namedIds as idsNamed } from './lawyer-by-license';
import { noteAudit } from '../audit';
import type { BookingStore, BookingView, HoldRequest, NamedBookingView, SeenState } from './ports/booking-store';
import type { IdempotencyContext } from './ports/idempotency';

export type { BookingView, NamedBookingView } from './ports/booking-store';

export interface BookSlotRequest {
  centerId: string;
  detaineeId: string;
  slotId: string;
  coCounselLawyerIds?: string[];
  internLawyerIds?: string[];
  /** The same people by licence number, resolved to their accounts (lawyer-by-license.ts). */
  coCounselLicenseNos?: string[];
  internLicenseNos?: string[];
}

/** Optimistic rounds before giving up; each lost round means another holder of the slot committed first. */
const MAX_ATTEMPTS = 60;
/** Lost rounds in which a holder still lets the holds admitted before it convert first. */
const AHEAD_ROUNDS = 3;
/**
 * How long a booking keeps trying before it answers 409 (crowded, try again) — well inside the
 * function's 10 s, so a crowd never turns into timeouts (500) or a booking that commits after its
 * request gave up. Real time: this is about load, not a rule.
 */
const RETRY_BUDGET_MS = 8000;

/** The slot the request names, if the center takes online bookings for it now (no read needed to refuse). */
function bookableSlot(center: CenterEntry, slotId: string, now: Date): Slot {
  if (!center.onlineBooking) throw new CenterNotOnline(center.name);
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  const unavailable = slotUnavailableReason(center, workCalendar(), slot, now);
  if (unavailable) throw new SlotUnavailable(unavailable);
  return slot;
}

/** POST /bookings; the answer names the center, the detainee and the lawyers (SPEC 7.3). */
export async function bookSlot(
  principal: Principal,
  request: BookSlotRequest,
  idempotencyKey: string,
  now: Date,
  store: BookingStore = dynamoBookingStore,
): Promise<{ view: NamedBookingView; replayed: boolean }> {
  if (principal.role !== 'lawyer') throw new InternMustBeAccompanied();
  const { center, table } = servedCenter(request.centerId);
  const idempotency: IdempotencyContext = { userId: principal.userId, key: idempotencyKey, fingerprint: fingerprintOf('POST /bookings', request) };
  const replayed = async (view: BookingView) => ({ view: await store.nameReplay(view), replayed: true });
  let slot: Slot;
  try {
    slot = bookableSlot(center, request.slotId, now);
  } catch (e) {
    // A retry of a booking made before the slot stopped taking bookings still gets its answer.
    const replay = await store.findReplay(idempotency);
    if (replay) return replayed(replay);
    throw e;
  }
  const [coIds, internIds] = await Promise.all([
    idsNamed(request.coCounselLawyerIds, request.coCounselLicenseNos, '共同辩护律师'),
    idsNamed(request.internLawyerIds, request.internLicenseNos, '随同实习人员'),
  ]);
  const namedIds = [principal.userId, ...coIds, ...internIds];
  const bookingId = newDistrictId('bk', center.districtId);
  // The hold's id is the booking's: the transaction converts exactly the place this request holds.
  const hold: HoldRequest = { center, slot, holdId: bookingId, now };

  // Wave 1. Pairs are read for every lawyer named as practising; one named wrongly is refused below.
  const first = await store.firstRead({
    table,
    centerId: center.centerId,
    slotId: slot.slotId,
    detaineeId: request.detaineeId,
    namedIds,
    practisingIds: [principal.userId, ...coIds],
    idempotency,
    hold,
  });
  let held = first.hold.taken;
  try {
    return await afterAdmission();
  } finally {
    // Whatever answer this request gives but its booking, the place goes back (a converted hold
    // is gone already, and the give-back's condition leaves it alone).
    if (held) await store.giveBack(table, hold);
  }

  async function afterAdmission(): Promise<{ view: NamedBookingView; replayed: boolean }> {
    // A replay answers even past the attempt limit: it is the answer to a request already counted.
    if (first.replay) return replayed(first.replay);
    if (first.rateLimited) throw first.rateLimited;
    const profiles = requireParties(namedIds, first.parties);
    const parties: BookingParties = {
      lead: profiles.get(principal.userId)!,
      coCounsel: coIds.map((id) => profiles.get(id)!),
      interns: internIds.map((id) => profiles.get(id)!),
    };
    checkParties(parties);
    if (!first.hold.taken) throw refusalOf(first.hold.session);
    // What the transaction is conditional on, as last seen: kept up to date from failed conditions.
    // The queue number is first guessed in admission order: every hold that was live when ours was
    // taken converts before us (the last number as the hold found it, plus those holds).
    const admittedAt = first.hold.session;
    const ahead = new Set(Object.keys(admittedAt.holds).filter((id) => id !== bookingId && admittedAt.holds[id] > now.getTime()));
    const seen: SeenState = {
      session: { ...admittedAt, lastQueue: admittedAt.lastQueue + ahead.size },
      pairs: practising(parties).map((p) => first.pairs.get(p.lawyerId)!),
      openMeetingRequest: first.openMeetingRequest,
    };
    const lost = { twin: false, hold: false };
    let turnsWaited = 0;
    const observer = {
      session: (current: SeenState['session']) => {
        // Holders convert in admission order: the holds admitted before ours and still there go
        // first — for a few rounds only, so a holder that died before converting delays nobody long.
        const before = turnsWaited++ < AHEAD_ROUNDS ? [...ahead].filter((id) => id in current.holds).length : 0;
        seen.session = { ...current, lastQueue: current.lastQueue + before };
        if (!(bookingId in current.holds)) lost.hold = true;
      },
      pair: (current: SeenState['pairs'][number]) => (seen.pairs = seen.pairs.map((p) => (p.lawyerId === current.lawyerId ? current : p))),
      meetingRequest: (current: string | undefined) => (seen.openMeetingRequest = current),
      twin: () => (lost.twin = true),
    };

    const begun = Date.now();
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() - begun < RETRY_BUDGET_MS; attempt++) {
      const outcome = await attemptBooking(seen, observer, parties).catch(async (e: unknown) => {
        // A twin request with the same key may have committed while we worked: its result is ours.
        // (A full or closed session is the session's verdict, whoever took the place.)
        if (e instanceof SlotFull || e instanceof SlotUnavailable) throw e;
        const twin = await store.findReplay(idempotency);
        if (twin) return replayed(twin);
        throw e;
      });
      if (outcome) return outcome;
      if (lost.twin) {
        const twin = await store.findReplay(idempotency);
        if (twin) return replayed(twin);
        lost.twin = false;
      }
      if (lost.hold) {
        // Our hold outlived its 30 s and another request took the place: admission again.
        held = false;
        const again = await store.hold(table, hold);
        held = again.taken;
        if (!again.taken) throw refusalOf(again.session);
        seen.session = again.session;
        lost.hold = false;
      }
      // Only holders get here: a short pause, then the queue number or pair version the failure showed.
      await backoff(Math.min(attempt, 2));
    }
    throw new InvalidState('该时段预约过于拥挤，请稍后重试');
  }

  function refusalOf(session: SessionState): Error {
    return admissionRefusal(session, center.placesPerSession) === 'closed' ? new SlotUnavailable('该时段已被看守所关闭') : new SlotFull();
  }

  /** One optimistic round on what was last seen: the booking, or undefined when it must be redone. */
  async function attemptBooking(
    seen: SeenState,
    observer: Parameters<BookingStore['commit']>[1],
    parties: BookingParties,
  ): Promise<{ view: NamedBookingView; replayed: boolean } | undefined> {
    if (seen.session.closed) throw new SlotUnavailable('该时段已被看守所关闭');
    for (const pair of seen.pairs) {
      if (pairCapReached(Object.keys(liveFutureSlots(pair, now)).length, center.pairFutureBookingCap)) throw new BookingLimitReached(center.pairFutureBookingCap);
    }
    const booking: Booking = {
      bookingId,
      status: 'booked',
      centerId: center.centerId,
      detaineeId: request.detaineeId,
      slotId: slot.slotId,
      date: slot.date,
      sessionStart: shanghaiIso(slot.start),
      lastAdmission: shanghaiIso(slot.lastAdmission),
      queueNumber: nextQueueNumber(seen.session),
      leadLawyerId: principal.userId,
      coCounselLawyerIds: coIds,
      internLawyerIds: internIds,
      lawyerIds: namedIds,
      createdAt: shanghaiIso(now),
    };
    const view = bookingView(booking);
    noteAudit({
      centerId: center.centerId,
      target: bookingId,
      after: { status: 'booked', slotId: slot.slotId, detaineeId: request.detaineeId, queueNumber: booking.queueNumber, lawyerIds: booking.lawyerIds },
    });
    if ((await store.commit({ table, center, slot, holdId: bookingId, booking, parties, view, seen: { ...seen }, idempotency, now }, observer)) !== 'committed') return undefined;
    held = false; // converted: the place is the booking's now
    // The answer's names come from the first read: no read after the commit.
    const names = {
      lawyers: new Map(allParties(parties).map((p) => [p.lawyerId, { lawyerId: p.lawyerId, name: p.name, licenseNo: p.licenseNo, lawFirm: p.lawFirm, phone: '' }])),
      detainees: new Map(),
    };
    return {
      view: { ...view, start: booking.sessionStart, ...placeOf(booking), detaineeName: first.detaineeName, lawyers: lawyersOnBooking(booking, names) },
      replayed: false,
    };
  }
}

export function bookingView(b: Booking): BookingView {
  return {
    bookingId: b.bookingId,
    status: 'booked',
    centerId: b.centerId,
    detaineeId: b.detaineeId,
    slotId: b.slotId,
    queueNumber: b.queueNumber,
    lawyerIds: b.lawyerIds,
    rules: [...CONDUCT_RULES],
    createdAt: b.createdAt,
  };
}
