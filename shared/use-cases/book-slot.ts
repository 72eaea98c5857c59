// POST /bookings: first come, first served (R6). Everything that can change under concurrent
// requests is decided by one DynamoDB transaction; this function only gathers what the transaction
// needs and retries it when an optimistic version moved (another booking committed first).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidState, InternMustBeAccompanied, SlotFull, SlotUnavailable, BookingLimitReached, CenterNotOnline } from '../errors';
import { checkParties, CONDUCT_RULES, pairCapReached, practising, type BookingParties, type Booking } from '../domain/booking';
import { resolveSlot, slotUnavailableReason, type Slot } from '../domain/sessions';
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { platformTableName } from '../adapters/dynamo';
import { sessionKey } from '../adapters/district-keys';
import { ddb } from '../adapters/dynamo';
import { getBooking, liveFutureSlots, planBookingItems, readPairs } from '../adapters/booking-repository';
import { findReplay, fingerprintOf, recordResult, type IdempotencyContext } from '../adapters/idempotency';
import { loadParties } from '../adapters/lawyer-directory';
import { countBookingAttempt } from '../adapters/rate-limit';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { servedCenter } from '../centers';
import { shanghaiIso } from '../time';
import { planCloseMeetingRequest, readOpenMeetingRequest } from './meeting-requests';
import { lawyersOnBooking, namesFor, placeOf } from './read-bookings';
import { noteAudit } from '../audit';

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

export interface SessionState {
  booked: number;
  lastQueue: number;
  closed: boolean;
  /** Lawyers on the session's waitlist (B3); a cancellation may only give a place back when none wait. */
  waiting: number;
}

export async function readSession(table: string, centerId: string, slotId: string): Promise<SessionState> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: sessionKey(centerId, slotId), ConsistentRead: true }));
  const item = out.Item ?? {};
  return {
    booked: (item.booked as number | undefined) ?? 0,
    lastQueue: (item.lastQueue as number | undefined) ?? 0,
    closed: Boolean(item.closedAt),
    waiting: (item.waiting as number | undefined) ?? 0,
  };
}

/**
 * The session counter update of a new booking: next queue number, one more place taken — or, for a
 * promotion from the waitlist, the same places and one waiting lawyer fewer.
 */
export function planSessionTake(plan: TransactionPlan, table: string, center: CenterEntry, slot: Slot, seen: SessionState, placesDelta: 0 | 1): void {
  const promotion = placesDelta === 0;
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(center.centerId, slot.slotId),
        UpdateExpression: `SET booked = :booked, lastQueue = :next, #capacity = :cap, #date = :date, sessionStart = :start${promotion ? ', waiting = :waiting' : ''}`,
        ConditionExpression:
          (seen.lastQueue === 0
            ? 'attribute_not_exists(lastQueue) AND (attribute_not_exists(booked) OR booked = :seenBooked) AND attribute_not_exists(closedAt)'
            : 'lastQueue = :seen AND booked = :seenBooked AND attribute_not_exists(closedAt)') + (promotion ? ' AND waiting = :seenWaiting' : ''),
        ExpressionAttributeNames: { '#date': 'date', '#capacity': 'capacity' },
        ExpressionAttributeValues: {
          ':booked': seen.booked + placesDelta,
          ':next': seen.lastQueue + 1,
          ':cap': center.placesPerSession,
          ':date': slot.date,
          ':start': slot.session.start,
          ':seenBooked': seen.booked,
          ...(seen.lastQueue === 0 ? {} : { ':seen': seen.lastQueue }),
          ...(promotion ? { ':waiting': seen.waiting - 1, ':seenWaiting': seen.waiting } : {}),
        },
      },
    },
    (current) => {
      // A promotion (no new place taken) just re-reads: closures and versions are sorted out there.
      if (promotion) return 'retry';
      if (current?.closedAt) return new SlotUnavailable('该时段已被看守所关闭');
      if (((current?.booked as number) ?? 0) >= center.placesPerSession) return new SlotFull();
      return 'retry';
    },
  );
}

/**
 * POST /bookings. The names are read after the booking committed (or for a replay), not stored with
 * it: the record stays the v1 answer, and a replay names people as they are now.
 */
export async function bookSlot(principal: Principal, request: BookSlotRequest, idempotencyKey: string, now: Date): Promise<{ view: NamedBookingView; replayed: boolean }> {
  const outcome = await bookSlotUnnamed(principal, request, idempotencyKey, now);
  return { view: await named(outcome.view, outcome.booking), replayed: outcome.replayed };
}

async function named(view: BookingView, fresh: Booking | undefined): Promise<NamedBookingView> {
  const { table } = servedCenter(view.centerId);
  // The idempotency record is written in the booking's own transaction and bookings are never
  // deleted, so a stored answer always has its booking.
  const booking = fresh ?? (await getBooking(table, view.bookingId));
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

async function bookSlotUnnamed(
  principal: Principal,
  request: BookSlotRequest,
  idempotencyKey: string,
  now: Date,
): Promise<{ view: BookingView; replayed: boolean; booking?: Booking }> {
  if (principal.role !== 'lawyer') throw new InternMustBeAccompanied();
  const { center, table } = servedCenter(request.centerId);
  const idempotency: IdempotencyContext = { userId: principal.userId, key: idempotencyKey, fingerprint: fingerprintOf('POST /bookings', request) };
  const replay = await findReplay<BookingView>(idempotency);
  if (replay) return { view: replay, replayed: true };

  if (!center.onlineBooking) throw new CenterNotOnline(center.name);
  const slot = resolveSlot(center, request.slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  const unavailable = slotUnavailableReason(center, workCalendar(), slot, now);
  if (unavailable) throw new SlotUnavailable(unavailable);
  const bookable: Slot = slot;
  await countBookingAttempt(table, principal.userId);

  const coIds = request.coCounselLawyerIds ?? [];
  const internIds = request.internLawyerIds ?? [];
  const profiles = await loadParties([principal.userId, ...coIds, ...internIds]);
  const parties: BookingParties = {
    lead: profiles.get(principal.userId)!,
    coCounsel: coIds.map((id) => profiles.get(id)!),
    interns: internIds.map((id) => profiles.get(id)!),
  };
  checkParties(parties);
  const tables = { district: table, platform: platformTableName() };
  const bookingId = newDistrictId('bk', center.districtId);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const outcome = await attemptBooking().catch(async (e: unknown) => {
      // A twin request with the same key may have committed while we worked: its result is ours.
      const twin = await findReplay<BookingView>(idempotency);
      if (twin) return { view: twin, replayed: true };
      throw e;
    });
    if (outcome) return outcome;
    const twin = await findReplay<BookingView>(idempotency);
    if (twin) return { view: twin, replayed: true };
    await backoff(attempt);
  }
  throw new InvalidState('该时段预约过于拥挤，请稍后重试');

  /** One optimistic round: the booking, or undefined when a version moved and it must be redone. */
  async function attemptBooking(): Promise<{ view: BookingView; replayed: boolean; booking?: Booking } | undefined> {
    const session = await readSession(table, center.centerId, bookable.slotId);
    if (session.closed) throw new SlotUnavailable('该时段已被看守所关闭');
    if (session.booked >= center.placesPerSession) throw new SlotFull();
    // The detainee's open request to meet (R15), if any, closes with this booking, in its transaction.
    const [pairs, openMeetingRequest] = await Promise.all([
      readPairs(
        table,
        practising(parties).map((p) => p.lawyerId),
        request.detaineeId,
      ),
      readOpenMeetingRequest(table, request.detaineeId),
    ]);
    for (const pair of pairs) {
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
      slotId: bookable.slotId,
      date: bookable.date,
      sessionStart: shanghaiIso(bookable.start),
      lastAdmission: shanghaiIso(bookable.lastAdmission),
      queueNumber: session.lastQueue + 1,
      leadLawyerId: principal.userId,
      coCounselLawyerIds: coIds,
      internLawyerIds: internIds,
      lawyerIds: [principal.userId, ...coIds, ...internIds],
      createdAt,
    };
    const view = bookingView(booking);
    const plan = new TransactionPlan();
    // The idempotency record first: a committed twin then fails here, before any guard it took.
    recordResult(plan, idempotency, view);
    noteAudit({
      centerId: center.centerId,
      target: bookingId,
      after: { status: 'booked', slotId: bookable.slotId, detaineeId: request.detaineeId, queueNumber: booking.queueNumber, lawyerIds: booking.lawyerIds },
    });
    planSessionTake(plan, table, center, bookable, session, 1);
    planBookingItems(plan, tables, booking, parties, pairs, bookable, now);
    if (openMeetingRequest) planCloseMeetingRequest(plan, table, request.detaineeId, openMeetingRequest, bookingId, createdAt);
    return (await plan.commit()) === 'committed' ? { view, replayed: false, booking } : undefined;
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
