// POST /bookings: first come, first served (R6). Everything that can change under concurrent
// requests is decided by one transaction; this use case gathers what the transaction needs in one
// round trip and retries it when an optimistic version moved (another booking committed first).
// Storage is behind the booking store port (shared/use-cases/ports/booking-store.ts; DynamoDB:
// shared/adapters/booking-store.ts). Cost of a booking (bench/booking-path.ts counts it):
//  1. one wave: the first read (one BatchGetItem over both tables) beside the per-lawyer attempt
//     counter (B5) — a full or closed session is answered here, with no write;
//  2. one transaction. A racer that loses learns from the failed condition what beat it (the
//     session's new count, the pair's new version) and answers SLOT_FULL at once when no place is
//     left; otherwise it pauses and reads the session alone (the only thing that moved) before
//     trying again.
import { InvalidState, InternMustBeAccompanied, SlotFull, SlotUnavailable, BookingLimitReached, CenterNotOnline } from '../errors';
import { allParties, checkParties, CONDUCT_RULES, liveFutureSlots, pairCapReached, practising, requireParties, type BookingParties, type Booking } from '../domain/booking';
import { nextQueueNumber, placeRefusal, resolveSlot, slotUnavailableReason, type Slot } from '../domain/sessions';
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
import type { BookingStore, BookingView, NamedBookingView, SeenState } from './ports/booking-store';
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

/** Optimistic rounds before giving up; each lost round means another booking of the slot committed. */
const MAX_ATTEMPTS = 60;
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

  // Wave 1. Pairs are read for every lawyer named as practising; one named wrongly is refused below.
  const first = await store.firstRead({
    table,
    centerId: center.centerId,
    slotId: slot.slotId,
    detaineeId: request.detaineeId,
    namedIds,
    practisingIds: [principal.userId, ...coIds],
    idempotency,
  });
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
  const bookingId = newDistrictId('bk', center.districtId);
  // What the transaction is conditional on, as last seen: kept up to date from failed conditions.
  const seen: SeenState = {
    session: first.session,
    pairs: practising(parties).map((p) => first.pairs.get(p.lawyerId)!),
    openMeetingRequest: first.openMeetingRequest,
  };
  const lost = { twin: false, session: false };
  const observer = {
    session: (current: SeenState['session']) => {
      seen.session = current;
      lost.session = true;
    },
    pair: (current: SeenState['pairs'][number]) => (seen.pairs = seen.pairs.map((p) => (p.lawyerId === current.lawyerId ? current : p))),
    meetingRequest: (current: string | undefined) => (seen.openMeetingRequest = current),
    twin: () => (lost.twin = true),
  };

  const begun = Date.now();
  for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() - begun < RETRY_BUDGET_MS; attempt++) {
    const outcome = await attemptBooking().catch(async (e: unknown) => {
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
    await backoff(attempt);
    // Another booking took the session; after the pause more may have. One read of the session alone
    // (nothing else the transaction depends on moves with it) keeps the next attempt from being stale
    // on arrival: with hundreds of racers every stale transaction is one more the database must
    // refuse, whereas the read answers SLOT_FULL at once when the places are gone.
    if (lost.session) {
      seen.session = await store.readSession(table, center.centerId, slot.slotId);
      lost.session = false;
    }
  }
  throw new InvalidState('该时段预约过于拥挤，请稍后重试');

  /** One optimistic round on what was last seen: the booking, or undefined when it must be redone. */
  async function attemptBooking(): Promise<{ view: NamedBookingView; replayed: boolean } | undefined> {
    const refusal = placeRefusal(seen.session, center.placesPerSession);
    if (refusal === 'closed') throw new SlotUnavailable('该时段已被看守所关闭');
    if (refusal === 'full') throw new SlotFull();
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
    if ((await store.commit({ table, center, slot, booking, parties, view, seen: { ...seen }, idempotency, now }, observer)) !== 'committed') return undefined;
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
