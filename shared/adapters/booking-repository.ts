// Bookings in a district table: the record, its reads (by id, by lawyer, a center's day queue) and
// the transaction items that create one. Creating a booking is one transaction that decides
// everything at once (R2, R3, R6, B5): a place is left and the queue number is the next one, the
// detainee and every named lawyer are free in that session, every named lawyer is bound and not
// locked, and each practising lawyer's pair cap holds.
import { BatchGetCommand, GetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DetaineeBusy, InvalidState, LawyerBusy, LicenceSuspended, LockedOut, NotBound, NotFound } from '../errors';
import type { BookingParties, Party } from '../domain/booking';
import { allParties, liveFutureSlots, type Booking, type PairState } from '../domain/booking';
import { type Slot } from '../domain/sessions';
import { shanghaiIso } from '../time';
import {
  bookingKey,
  dayQueueIndex,
  detaineeSlotKey,
  liveIndex,
  lawyerBookingKey,
  lawyerSlotKey,
  pairKey,
  bindingGuardKey,
  LAWYER_BOOKING_PREFIX,
  lawyerPartition,
} from './district-keys';
import { profileKey } from './platform-keys';
import { planDetaineeAvailable } from './custody-repository';
import { ddb, queryAll } from './dynamo';
import type { Key, TransactionPlan } from './transaction';
import { bookingParams, planNotification, type NotificationKind } from '../notifications/outbox';

export async function getBooking(table: string, bookingId: string): Promise<Booking | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: bookingKey(bookingId), ConsistentRead: true }));
  return out.Item ? toBooking(out.Item) : undefined;
}

export function toBooking(item: Record<string, unknown>): Booking {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...booking } = item;
  return booking as unknown as Booking;
}

/** Bookings that name the lawyer (lead, co-counsel or intern), oldest first. */
export async function listLawyerBookings(table: string, lawyerId: string): Promise<Booking[]> {
  const items = await queryAll<{ bookingId: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': lawyerPartition(lawyerId), ':prefix': LAWYER_BOOKING_PREFIX },
  });
  const ids = items.map((i) => i.bookingId);
  const bookings: Booking[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map(bookingKey);
    while (keys?.length) {
      const out: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
      bookings.push(...(out.Responses?.[table] ?? []).map(toBooking));
      keys = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return bookings.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A center's bookings of one day, ordered by session then queue number (GSI1, no scan). */
export async function listDayQueue(table: string, centerId: string, date: string): Promise<Booking[]> {
  const items = await queryAll({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': dayQueueIndex(centerId, date, '', 0).GSI1PK },
  });
  return items.map(toBooking);
}

/** The booking holding one queue number of a session on a day, if any (GSI1, one key: no scan). */
export async function bookingAtQueueNumber(table: string, centerId: string, date: string, sessionStartTime: string, queueNumber: number): Promise<Booking | undefined> {
  const { GSI1PK, GSI1SK } = dayQueueIndex(centerId, date, sessionStartTime, queueNumber);
  const out = await ddb.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
      ExpressionAttributeValues: { ':pk': GSI1PK, ':sk': GSI1SK },
    }),
  );
  const found = (out.Items ?? []).map(toBooking).find((b) => b.queueNumber === queueNumber);
  // The index may lag the booking by a moment: its state is read from the booking itself.
  return found && ((await getBooking(table, found.bookingId)) ?? found);
}

/** The pair's state a stored record (or its absence: no booking yet) stands for. */
export const pairStateOf = (lawyerId: string, item: Record<string, unknown> | undefined): PairState => ({
  lawyerId,
  version: (item?.version as number | undefined) ?? 0,
  slots: (item?.slots as Record<string, string> | undefined) ?? {},
});

export async function readPairs(table: string, lawyerIds: string[], detaineeId: string): Promise<PairState[]> {
  return Promise.all(
    lawyerIds.map(async (lawyerId) => {
      const out = await ddb.send(new GetCommand({ TableName: table, Key: pairKey(lawyerId, detaineeId), ConsistentRead: true }));
      return pairStateOf(lawyerId, out.Item);
    }),
  );
}

/**
 * Writes a pair's new slot set if nobody changed it since it was read. When somebody did, `observe`
 * (if given) receives the pair as it is now, so the caller can try again without reading it.
 */
export function planPairWrite(
  plan: TransactionPlan,
  table: string,
  detaineeId: string,
  pair: PairState,
  slots: Record<string, string>,
  observe?: (current: PairState) => void,
): void {
  plan.add(
    {
      Put: {
        TableName: table,
        Item: { ...pairKey(pair.lawyerId, detaineeId), lawyerId: pair.lawyerId, detaineeId, version: pair.version + 1, slots },
        ConditionExpression: pair.version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
        ExpressionAttributeValues: pair.version === 0 ? undefined : { ':v': pair.version },
      },
    },
    (current) => {
      observe?.(pairStateOf(pair.lawyerId, current));
      return 'retry';
    },
  );
}

/**
 * What may change under a booking or a waitlist entry, checked inside its transaction: the lawyer is
 * still bound to the detainee at this center (R2) and not locked out, in any district (R3).
 */
export function planPartyChecks(
  plan: TransactionPlan,
  tables: { district: string; platform: string },
  party: { centerId: string; detaineeId: string; lawyerId: string; licenseNo: string },
  nowIso: string,
  who?: string,
  /** False for a placement of the 48-hour guarantee (B2): a legal right the lockout does not take away. */
  checkLock = true,
  /** False for an intern, who attends under the lead's binding (R11a). */
  checkBinding = true,
): void {
  if (checkBinding)
    plan.add(
      {
        ConditionCheck: {
          TableName: tables.district,
          Key: bindingGuardKey(party.detaineeId, party.licenseNo),
          ConditionExpression: 'attribute_exists(PK) AND centerId = :center',
          ExpressionAttributeValues: { ':center': party.centerId },
        },
      },
      () => new NotBound(who),
    );
  planStandingCheck(plan, tables.platform, party.lawyerId, checkLock ? nowIso : undefined, who);
}

/** The profile keeps the registry's suspension (mirrored at import, R1a) beside the lock. */
const NOT_SUSPENDED = '(attribute_not_exists(licenceSuspended) OR licenceSuspended = :false)';

/**
 * One condition on the lawyer's profile: the licence is not suspended (R1a) and, unless `nowIso` is
 * absent (a placement of the 48-hour guarantee, B2, a legal right the lockout does not take away),
 * no lock runs (R3). One item for both, so the check costs the transaction nothing new.
 */
export function planStandingCheck(plan: TransactionPlan, platformTable: string, lawyerId: string, nowIso: string | undefined, who?: string): void {
  plan.add(
    {
      ConditionCheck: {
        TableName: platformTable,
        Key: profileKey(lawyerId),
        ConditionExpression:
          nowIso === undefined ? NOT_SUSPENDED : `${NOT_SUSPENDED} AND (attribute_not_exists(lockedUntil) OR attribute_type(lockedUntil, :null) OR lockedUntil <= :now)`,
        ExpressionAttributeValues: nowIso === undefined ? { ':false': false } : { ':false': false, ':null': 'NULL', ':now': nowIso },
      },
    },
    (current) => (nowIso === undefined || current?.licenceSuspended === true ? new LicenceSuspended(who) : new LockedOut((current?.lockedUntil as string | undefined) ?? '', who)),
  );
}

const describeParty = (p: Party, parties: BookingParties) => (p.lawyerId === parties.lead.lawyerId ? '您' : `列明的律师（${p.lawyerId}）`);

/**
 * Everything a new booking writes and checks except the session record (the session ledger plans
 * that item, since a cancellation that promotes a waiter updates it differently). With the session
 * take, the idempotency record and the audit record, a lawyer's own booking is 12 items; each one
 * below says why it is there. What could be folded was: the session's roster rides on the session
 * record, the answer's names come from the first read.
 */
export function planBookingItems(
  plan: TransactionPlan,
  tables: { district: string; platform: string },
  booking: Booking,
  parties: BookingParties,
  pairs: PairState[],
  slot: Slot,
  now: Date,
  options: {
    notificationKind?: 'booking-confirmed' | 'waitlist-promoted';
    /**
     * A placed urgent request (B2): its own notification instead of `notificationKind`, and no lockout
     * check (the 48-hour guarantee is a legal right).
     */
    urgent?: { notification: { kind: NotificationKind; params: Record<string, string | number> } };
    /** Told the current state of a pair whose version moved (see planPairWrite). */
    observePair?: (current: PairState) => void;
  } = {},
): void {
  const { urgent, observePair, notificationKind = 'booking-confirmed' } = options;
  const { district } = tables;
  // The booking itself; its GSI1 is the front desk's day queue, its GSI2 the sweeper's live list.
  plan.add({
    Put: {
      TableName: district,
      Item: {
        ...bookingKey(booking.bookingId),
        ...booking,
        ...dayQueueIndex(booking.centerId, booking.date, slot.session.start, booking.queueNumber),
        ...liveIndex(booking.centerId, booking.lastAdmission, booking.bookingId),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  // R7, B5: one appointment per detainee and session, lawyer meeting or interrogation alike.
  plan.add(
    {
      Put: {
        TableName: district,
        Item: { ...detaineeSlotKey(booking.detaineeId, booking.slotId), bookingId: booking.bookingId, kind: 'lawyer-meeting', centerId: booking.centerId, date: booking.date },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    () => new DetaineeBusy(),
  );
  const nowIso = shanghaiIso(now);
  for (const party of allParties(parties)) {
    const who = describeParty(party, parties);
    // B5: one booking per lawyer and session.
    plan.add(
      {
        Put: {
          TableName: district,
          Item: { ...lawyerSlotKey(party.lawyerId, booking.centerId, booking.slotId), bookingId: booking.bookingId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      () => new LawyerBusy(who),
    );
    // GET /bookings: the lawyer's list, permanent (the slot guard above goes with a cancellation, and
    // an index on the booking could name only one of its lawyers).
    plan.add({
      Put: { TableName: district, Item: { ...lawyerBookingKey(party.lawyerId, booking.createdAt, booking.bookingId), bookingId: booking.bookingId } },
    });
    // R2 bound (not for an intern, R11a) and R1a/R3 not suspended nor locked: both change under a booking.
    const bound = { centerId: booking.centerId, detaineeId: booking.detaineeId, lawyerId: party.lawyerId, licenseNo: party.licenseNo };
    planPartyChecks(plan, tables, bound, nowIso, who, !urgent, party.role === 'lawyer');
  }
  // R4, B4: the detainee is still held here and not marked unavailable for the session.
  planDetaineeAvailable(plan, district, booking.detaineeId, booking.centerId, booking.slotId);
  // B5: the pair's cap of future bookings, one versioned item per practising lawyer.
  for (const pair of pairs) {
    planPairWrite(plan, district, booking.detaineeId, pair, { ...liveFutureSlots(pair, now), [booking.slotId]: slot.start.toISOString() }, observePair);
  }
  // B7: the outbox — every lawyer named hears of it, and only if the booking commits.
  for (const party of allParties(parties)) {
    // R12a: a co-counsel or intern is told they were named, by whom, and that they may withdraw.
    const named = party.lawyerId !== parties.lead.lawyerId;
    const notification = named
      ? { kind: 'booking-named' as const, params: { ...bookingParams(booking), leadName: parties.lead.name, role: party.role } }
      : (urgent?.notification ?? { kind: notificationKind, params: bookingParams(booking) });
    planNotification(plan, district, { recipientId: party.lawyerId, kind: notification.kind, bookingId: booking.bookingId, createdAt: nowIso, params: notification.params });
  }
}

/**
 * Frees a guard the booking held. When the same transaction hands the guard to a promoted booking
 * (its Put is already planned), the Put takes it over instead: one item, never two on one key.
 */
export function planGuardRelease(plan: TransactionPlan, table: string, key: Key, bookingId: string): void {
  const takeover = plan.find(table, key)?.Put;
  if (takeover) {
    takeover.ConditionExpression = 'attribute_not_exists(PK) OR bookingId = :released';
    takeover.ExpressionAttributeValues = { ...(takeover.ExpressionAttributeValues ?? {}), ':released': bookingId };
    return;
  }
  plan.add(
    { Delete: { TableName: table, Key: key, ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': bookingId } } },
    () => new InvalidState('预约状态已变化，请刷新后重试'),
  );
}

export function ensureParty(booking: Booking | undefined, lawyerId: string): Booking {
  if (!booking || !booking.lawyerIds.includes(lawyerId)) throw new NotFound('预约不存在');
  return booking;
}
