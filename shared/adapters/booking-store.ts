// The DynamoDB booking store (the port is shared/use-cases/ports/booking-store.ts).
//  - The first read is one BatchGetItem across the platform table (the idempotency record, the named
//    lawyers' profiles) and the district table (the session, each practising lawyer's pair, the
//    detainee's open meeting request, the detainee's record for the answer's name), sent beside the
//    per-lawyer attempt counter (B5) and the hold on a place (issue 19: one conditional UpdateItem on
//    the session record, shared/adapters/session-ledger.ts): one round trip.
//  - An attempt is one transaction, planned item by item by the modules that own the items (the
//    session ledger, the booking repository, the meeting requests, the idempotency records); the
//    audit record (R14) is added by the commit.
import { batchGetAcross, itemKey } from './batch-read';
import { getBooking, pairStateOf, planBookingItems } from './booking-repository';
import { detaineeKey, openMeetingRequestPointer, pairKey, sessionKey } from './district-keys';
import { platformTableName } from './dynamo';
import { findReplay, idempotencyRecordKey, recordResult, replayFrom } from './idempotency';
import { partyKeys, partiesFound } from './lawyer-directory';
import { textOf } from './people-directory';
import { countBookingAttempt } from './rate-limit';
import { planTake, releaseHold, sessionStateOf, takeHold } from './session-ledger';
import { TransactionPlan } from './transaction';
import { openRequestOf, planCloseMeetingRequest } from './meeting-request-repository';
import { lawyersOnBooking, placeOf } from '../domain/booking-view';
import { namesFor } from './people-directory';
import { servedCenter } from '../centers';
import type { BookingAttempt, BookingStore, BookingView, FirstRead, FirstReadQuery, HoldRequest, NamedBookingView } from '../use-cases/ports/booking-store';

/**
 * Test-only fault injection (issue 19): when `crashBeforeCommit` answers true for an attempt, the
 * booking dies between its hold and its transaction as if its function had been killed — the
 * commit throws and the hold is never given back — so tests can show that the place comes back by
 * itself. Never set outside tests.
 */
export const bookingStoreFaults: { crashBeforeCommit?: (attempt: BookingAttempt) => boolean } = {};
const crashed = new Set<string>();

export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash between the hold and the transaction (test fault)');
    this.name = 'SimulatedCrash';
  }
}

async function firstRead(q: FirstReadQuery): Promise<FirstRead> {
  const platform = platformTableName();
  const session = sessionKey(q.centerId, q.slotId);
  const pointer = openMeetingRequestPointer(q.detaineeId);
  const [found, rateLimited, hold] = await Promise.all([
    batchGetAcross({
      [platform]: [idempotencyRecordKey(q.idempotency), ...partyKeys(q.namedIds)],
      [q.table]: [session, ...q.practisingIds.map((id) => pairKey(id, q.detaineeId)), pointer, detaineeKey(q.detaineeId)],
    }),
    countBookingAttempt(q.table, q.idempotency.userId).then(
      () => undefined,
      (e: unknown) => e as Error,
    ),
    takeHold(q.table, q.hold.center, q.hold.slot, q.hold.holdId, q.hold.now),
  ]);
  const platformItems = found.get(platform)!;
  const districtItems = found.get(q.table)!;
  return {
    replay: replayFrom(q.idempotency, platformItems.get(itemKey(idempotencyRecordKey(q.idempotency)))) as BookingView | undefined,
    rateLimited,
    parties: partiesFound(q.namedIds, platformItems),
    session: sessionStateOf(districtItems.get(itemKey(session))),
    pairs: new Map(q.practisingIds.map((id) => [id, pairStateOf(id, districtItems.get(itemKey(pairKey(id, q.detaineeId))))])),
    openMeetingRequest: openRequestOf(districtItems.get(itemKey(pointer))),
    detaineeName: textOf(districtItems.get(itemKey(detaineeKey(q.detaineeId)))?.name),
    hold,
  };
}

async function commit(a: BookingAttempt, observer: Parameters<BookingStore['commit']>[1]): Promise<'committed' | 'retry'> {
  if (bookingStoreFaults.crashBeforeCommit?.(a)) {
    crashed.add(a.holdId);
    throw new SimulatedCrash();
  }
  const plan = new TransactionPlan();
  // The idempotency record first (B14): a committed twin then fails here, before any guard it took.
  recordResult(plan, a.idempotency, a.view, observer.twin);
  // R6: the hold becomes the booking (its place was admitted by the hold) with the next queue number.
  planTake(plan, a.table, a.center, a.slot, a.seen.session, { kind: 'place', bookingId: a.booking.bookingId, holdId: a.holdId }, observer.session);
  planBookingItems(plan, { district: a.table, platform: platformTableName() }, a.booking, a.parties, a.seen.pairs, a.slot, a.now, { observePair: observer.pair });
  // R15: the detainee's open request to meet is answered by this booking.
  if (a.seen.openMeetingRequest) {
    planCloseMeetingRequest(plan, a.table, a.booking.detaineeId, a.seen.openMeetingRequest, a.booking.bookingId, a.booking.createdAt, observer.meetingRequest);
  }
  return plan.commit();
}

/**
 * A replay names people as they are now (the stored record stays the v1 answer). The idempotency
 * record is written in the booking's own transaction and bookings are never deleted, so a stored
 * answer always has its booking.
 */
async function nameReplay(view: BookingView): Promise<NamedBookingView> {
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

export const dynamoBookingStore: BookingStore = {
  firstRead,
  hold: (table, h: HoldRequest) => takeHold(table, h.center, h.slot, h.holdId, h.now),
  giveBack: async (table, h: HoldRequest) => {
    // A crashed request gives nothing back: its hold stays until it expires.
    if (crashed.delete(h.holdId)) return;
    await releaseHold(table, h.center.centerId, h.slot.slotId, h.holdId);
  },
  findReplay: (idempotency) => findReplay<BookingView>(idempotency),
  nameReplay,
  commit,
};
