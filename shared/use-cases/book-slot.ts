// POST /bookings: first come, first served (R6). Everything that can change under concurrent
// requests is decided by one DynamoDB transaction; this function gathers what the transaction needs
// in one round trip and retries the transaction when an optimistic version moved (another booking
// committed first). Cost of a booking (bench/booking-path.ts counts it):
//  1. one wave: a BatchGetItem across the platform table (the idempotency record, the named lawyers'
//     profiles) and the district table (the session, each practising lawyer's pair, the detainee's
//     open meeting request, the detainee's record for the answer's name), and beside it the
//     per-lawyer attempt counter (B5) — a full or closed session is answered here, with no write;
//  2. one transaction. A racer that loses learns from the failed condition what beat it (the
//     session's new count, the pair's new version) and tries again without reading.
import { InvalidState, InternMustBeAccompanied, SlotFull, SlotUnavailable, BookingLimitReached, CenterNotOnline } from '../errors';
import { checkParties, CONDUCT_RULES, pairCapReached, practising, type BookingParties, type Booking } from '../domain/booking';
import { nextQueueNumber, placeRefusal, resolveSlot, slotUnavailableReason, type Slot } from '../domain/sessions';
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { platformTableName } from '../adapters/dynamo';
import { batchGetAcross, itemKey } from '../adapters/batch-read';
import { getBooking, liveFutureSlots, pairRecordKey, pairStateOf, planBookingItems, type PairState } from '../adapters/booking-repository';
import { findReplay, fingerprintOf, idempotencyRecordKey, recordResult, replayFrom, type IdempotencyContext } from '../adapters/idempotency';
import { partiesFrom, partyKeys } from '../adapters/lawyer-directory';
import { textOf } from '../adapters/people-directory';
import { countBookingAttempt } from '../adapters/rate-limit';
import { planTake, readSession, sessionRecordKey, sessionStateOf } from '../adapters/session-ledger';
import { backoffAfterLoss, TransactionPlan } from '../adapters/transaction';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { servedCenter } from '../centers';
import { shanghaiIso } from '../time';
import { openRequestOf, planCloseMeetingRequest } from './meeting-requests';
import { lawyersOnBooking, namesFor, placeOf } from './read-bookings';
import { noteAudit } from '../audit';
import { detaineeKey, openMeetingRequestPointer } from '../adapters/district-keys';

export interface BookSlotRequest {
  centerId: string;
  detaineeId: string;
  slotId: string;
  coCounselLawyerIds?: string[];
  internLawyerIds?: string[];
}

/** The answer as stored with the idempotency record (the contract v1 fields): replays answer it again. */
export interface BookingView {
  bookingId: string;
  status: 'booked';
  centerId: string;
  detaineeId: string;
  slotId: string;
  queueNumber: number;
  lawyerIds: string[];
  rules: string[];
  createdAt: string;
}

/** SPEC 7.3: the answer names the center, the detainee and the lawyers, and says when the session runs. */
export interface NamedBookingView extends BookingView {
  start: string;
  end: string;
  centerName: string;
  detaineeName: string;
  lawyers: { lawyerId: string; name: string; role: 'lead' | 'co-counsel' | 'intern' }[];
}

/** Optimistic rounds before giving up; each lost round means another booking of the slot committed. */
const MAX_ATTEMPTS = 60;

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
export async function bookSlot(principal: Principal, request: BookSlotRequest, idempotencyKey: string, now: Date): Promise<{ view: NamedBookingView; replayed: boolean }> {
  if (principal.role !== 'lawyer') throw new InternMustBeAccompanied();
  const { center, table } = servedCenter(request.centerId);
  const idempotency: IdempotencyContext = { userId: principal.userId, key: idempotencyKey, fingerprint: fingerprintOf('POST /bookings', request) };
  let slot: Slot;
  try {
    slot = bookableSlot(center, request.slotId, now);
  } catch (e) {
    // A retry of a booking made before the slot stopped taking bookings still gets its answer.
    const replay = await findReplay<BookingView>(idempotency);
    if (replay) return { view: await namedReplay(replay), replayed: true };
    throw e;
  }
  const platform = platformTableName();
  const tables = { district: table, platform };
  const coIds = request.coCounselLawyerIds ?? [];
  const internIds = request.internLawyerIds ?? [];
  const namedIds = [principal.userId, ...coIds, ...internIds];
  // Pairs of every lawyer named as practising; one named wrongly is refused by checkParties below.
  const pairKeys = [principal.userId, ...coIds].map((id) => pairRecordKey(id, request.detaineeId));

  // Wave 1: everything the transaction depends on, in one read, with the attempt counter beside it.
  const [found, limited] = await Promise.all([
    batchGetAcross({
      [platform]: [idempotencyRecordKey(idempotency), ...partyKeys(namedIds)],
      [table]: [sessionRecordKey(center.centerId, slot.slotId), ...pairKeys, openMeetingRequestPointer(request.detaineeId), detaineeKey(request.detaineeId)],
    }),
    countBookingAttempt(table, principal.userId).then(
      () => undefined,
      (e: unknown) => e as Error,
    ),
  ]);
  const platformItems = found.get(platform)!;
  const districtItems = found.get(table)!;
  // A replay answers even past the attempt limit: it is the answer to a request already counted.
  const replay = replayFrom(idempotency, platformItems.get(itemKey(idempotencyRecordKey(idempotency)))) as BookingView | undefined;
  if (replay) return { view: await namedReplay(replay), replayed: true };
  if (limited) throw limited;

  const profiles = partiesFrom(namedIds, platformItems);
  const parties: BookingParties = {
    lead: profiles.get(principal.userId)!,
    coCounsel: coIds.map((id) => profiles.get(id)!),
    interns: internIds.map((id) => profiles.get(id)!),
  };
  checkParties(parties);
  const detaineeName = textOf(districtItems.get(itemKey(detaineeKey(request.detaineeId)))?.name);
  const bookingId = newDistrictId('bk', center.districtId);
  // What the transaction is conditional on, as last seen: kept up to date from failed conditions.
  const seen = {
    session: sessionStateOf(districtItems.get(itemKey(sessionRecordKey(center.centerId, slot.slotId)))),
    pairs: practising(parties).map((p) => pairStateOf(p.lawyerId, districtItems.get(itemKey(pairRecordKey(p.lawyerId, request.detaineeId))))),
    // The detainee's open request to meet (R15), if any, closes with this booking, in its transaction.
    openMeetingRequest: openRequestOf(districtItems.get(itemKey(openMeetingRequestPointer(request.detaineeId)))),
    twin: false,
    /** The session moved under the last attempt: another booking won it. */
    sessionMoved: false,
  };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Real time, not the injectable clock: this measures load, not a rule.
    const started = Date.now();
    const outcome = await attemptBooking().catch(async (e: unknown) => {
      // A twin request with the same key may have committed while we worked: its result is ours.
      // (A full or closed session is the session's verdict, whoever took the place.)
      if (e instanceof SlotFull || e instanceof SlotUnavailable) throw e;
      const twin = await findReplay<BookingView>(idempotency);
      if (twin) return { view: await namedReplay(twin), replayed: true };
      throw e;
    });
    if (outcome) return outcome;
    if (seen.twin) {
      const twin = await findReplay<BookingView>(idempotency);
      if (twin) return { view: await namedReplay(twin), replayed: true };
      seen.twin = false;
    }
    await backoffAfterLoss(attempt, Date.now() - started);
    // Another booking took the session meanwhile; after the pause more may have. One read of the
    // session alone (nothing else the transaction depends on moves with it) keeps the next attempt
    // from being stale on arrival: with hundreds of racers, every stale transaction is one more the
    // database must refuse, whereas the read answers SLOT_FULL at once when the places are gone.
    if (seen.sessionMoved) {
      seen.session = await readSession(table, center.centerId, slot.slotId);
      seen.sessionMoved = false;
    }
  }
  throw new InvalidState('该时段预约过于拥挤，请稍后重试');

  /** One optimistic round on what was last seen: the booking, or undefined when it must be redone. */
  async function attemptBooking(): Promise<{ view: NamedBookingView; replayed: boolean } | undefined> {
    const refusal = placeRefusal(seen.session, center.placesPerSession);
    if (refusal === 'closed') throw new SlotUnavailable('该时段已被看守所关闭');
    if (refusal === 'full') throw new SlotFull();
    for (const pair of seen.pairs) {
      if (pairCapReached(Object.keys(liveFutureSlots(pair, now)).length, center.pairFutureBookingCap)) {
        throw new BookingLimitReached(center.pairFutureBookingCap);
      }
    }
    const createdAt = shanghaiIso(now);
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
      createdAt,
    };
    const view = bookingView(booking);
    const plan = new TransactionPlan();
    // The idempotency record first: a committed twin then fails here, before any guard it took.
    recordResult(plan, idempotency, view, () => (seen.twin = true));
    noteAudit({
      centerId: center.centerId,
      target: bookingId,
      after: { status: 'booked', slotId: slot.slotId, detaineeId: request.detaineeId, queueNumber: booking.queueNumber, lawyerIds: booking.lawyerIds },
    });
    // R6: a place left and the next queue number, on the version seen (the session ledger's take).
    planTake(plan, table, center, slot, seen.session, { kind: 'place', bookingId }, (current) => {
      seen.session = current;
      seen.sessionMoved = true;
    });
    planBookingItems(plan, tables, booking, parties, seen.pairs, slot, now, {
      observePair: (current: PairState) => (seen.pairs = seen.pairs.map((p) => (p.lawyerId === current.lawyerId ? current : p))),
    });
    // R15: the detainee's open request to meet is answered by this booking. (The audit record, R14,
    // is added by the commit.)
    if (seen.openMeetingRequest) {
      planCloseMeetingRequest(plan, table, request.detaineeId, seen.openMeetingRequest, bookingId, createdAt, (current) => (seen.openMeetingRequest = current));
    }
    if ((await plan.commit()) !== 'committed') return undefined;
    // The answer's names come from the first wave: no read after the commit.
    return {
      view: {
        ...view,
        start: booking.sessionStart,
        ...placeOf(booking),
        detaineeName,
        lawyers: lawyersOnBooking(booking, { lawyers: new Map(allNamed(parties)), detainees: new Map() }),
      },
      replayed: false,
    };
  }
}

const allNamed = (parties: BookingParties) =>
  [parties.lead, ...parties.coCounsel, ...parties.interns].map(
    (p) => [p.lawyerId, { lawyerId: p.lawyerId, name: p.name, licenseNo: p.licenseNo, lawFirm: p.lawFirm, phone: '' }] as const,
  );

/**
 * A replay names people as they are now (the stored record stays the v1 answer). The idempotency
 * record is written in the booking's own transaction and bookings are never deleted, so a stored
 * answer always has its booking.
 */
async function namedReplay(view: BookingView): Promise<NamedBookingView> {
  const { table } = servedCenter(view.centerId);
  const booking = await getBooking(table, view.bookingId);
  if (!booking) throw new Error(`booking ${view.bookingId} of a stored answer is missing`);
  const names = await namesFor([{ table, booking }]);
  return {
    ...view,
    start: booking.sessionStart,
    ...placeOf(booking),
    detaineeName: names.detainees.get(view.detaineeId) ?? '',
    lawyers: lawyersOnBooking(booking, names),
  };
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
