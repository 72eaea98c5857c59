// The session ledger: the one owner of a session's record (`SESSIONS#<center>` / `<slotId>`), the
// heart of first-come order (R6). It holds the places taken (`booked`), the last queue number handed
// out (`lastQueue`), the center's closure (`closedAt`, B6), the waitlist's length (`waiting`, B3)
// the roster (`bookingIds`: every booking ever made in the session, which a closure cancels), and
// admission (issue 19): `admitted` (bookings plus live holds) and one `hold#<bookingId>` attribute
// per hold (its expiry, epoch ms). A lawyer's booking first takes a hold with one conditional
// single-item write (`admitted < capacity`), and only a holder sends the booking transaction, which
// converts the hold (the place stays admitted) and takes the next queue number.
// Every change to it is a transaction item planned here, so the conditions that keep a session from
// being oversold, renumbered or booked after its closure are written once:
//  - a take (a new booking, a promotion from the waitlist, an urgent placement over capacity, an
//    interrogation's queue number) is optimistic: it names the state it read, and a racer that lost
//    learns the state that beat it from the failed condition itself (no re-read);
//  - a release, a closure and the waitlist counter are unconditional on the version, conditional on
//    what they need.
// The rules (next queue number, whether a place is left) are in shared/domain/sessions.ts.
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CenterEntry } from '../config';
import { admissionRefusal, EMPTY_SESSION, expiredHolds, HOLD_MS, nextQueueNumber, type SessionState, type Slot } from '../domain/sessions';
import { InvalidState, SlotUnavailable } from '../errors';
import { holdsIndex, rosterKey, sessionKey } from './district-keys';
import { ddb, isConditionFailure, isTransactionConflict, queryAll } from './dynamo';
import type { TransactionPlan } from './transaction';

export type { SessionState } from '../domain/sessions';

const CLOSED_MESSAGE = '该时段已被看守所关闭';

/** The state a stored record (or its absence) stands for. */
export function sessionStateOf(item: Record<string, unknown> | undefined): SessionState {
  if (!item) return { ...EMPTY_SESSION, holds: {} };
  const booked = (item.booked as number | undefined) ?? 0;
  const holds: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) if (name.startsWith(HOLD_PREFIX)) holds[name.slice(HOLD_PREFIX.length)] = Number(value);
  return {
    booked,
    lastQueue: (item.lastQueue as number | undefined) ?? 0,
    closed: Boolean(item.closedAt),
    waiting: (item.waiting as number | undefined) ?? 0,
    // A record written before admission existed counts its bookings (it has no holds).
    admitted: (item.admitted as number | undefined) ?? booked,
    holds,
  };
}

/** The attribute of one hold on the session record: its value is the hold's expiry (epoch ms). */
export const HOLD_PREFIX = 'hold#';
const holdAttribute = (holdId: string): string => `${HOLD_PREFIX}${holdId}`;

/** What a hold on a place came to: taken (with the session as the hold left it), or refused (as found). */
export type HoldOutcome = { taken: true; session: SessionState } | { taken: false; session: SessionState };

/** Attempts of one single-item write that only lost to a transaction in flight on the record (cloud). */
const CONFLICT_ATTEMPTS = 8;

/**
 * One single-item conditional write on the session record, retried while it only meets a
 * transaction in flight on the item (TransactionConflictException: DynamoDB refuses a plain write
 * to an item a transaction holds). The record as found when the condition failed, or the record as
 * written.
 */
async function sessionWrite(
  input: Omit<UpdateCommandInput, 'ReturnValues' | 'ReturnValuesOnConditionCheckFailure'>,
): Promise<{ ok: true; item: Record<string, unknown> } | { ok: false; item: Record<string, unknown> | undefined }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await ddb.send(new UpdateCommand({ ...input, ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return { ok: true, item: out.Attributes ?? {} };
    } catch (e) {
      if (isConditionFailure(e)) {
        const raw = (e as { Item?: Record<string, unknown> }).Item;
        return { ok: false, item: raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined };
      }
      if (attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

/**
 * Admission (issue 19): one conditional single-item write takes a place for `holdId` — admitted
 * stays ≤ capacity and nothing is admitted in a closed session, decided by the database — and
 * stamps the hold's expiry (`now` + HOLD_MS). A refusal that finds a hold whose request died
 * (expired) takes that place over in one more write (the dead hold is removed, `admitted` is
 * unchanged), so no place stays empty while someone is turned away. A record from before admission
 * (bookings, no `admitted`) is given its count first.
 */
export async function takeHold(
  table: string,
  center: Pick<CenterEntry, 'centerId' | 'placesPerSession'>,
  slot: Pick<Slot, 'slotId' | 'date' | 'session'>,
  holdId: string,
  now: Date,
): Promise<HoldOutcome> {
  const Key = sessionKey(center.centerId, slot.slotId);
  const expiresAt = now.getTime() + HOLD_MS;
  const names = { '#hold': holdAttribute(holdId), '#date': 'date' };
  let found = await sessionWrite({
    TableName: table,
    Key,
    // GSI2 (sparse, `HOLDS#<center>` by slot id): the sweep finds the sessions that ever had a hold.
    UpdateExpression:
      'SET admitted = if_not_exists(admitted, :zero) + :one, booked = if_not_exists(booked, :zero), #hold = :exp, #date = :date, sessionStart = :start, GSI2PK = :holdsPk, GSI2SK = :slot',
    // A record without `admitted` is new, or was made by an interrogation's queue number (no places).
    ConditionExpression: 'attribute_not_exists(closedAt) AND (admitted < :cap OR (attribute_not_exists(admitted) AND (attribute_not_exists(booked) OR booked = :zero)))',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: {
      ':zero': 0,
      ':one': 1,
      ':exp': expiresAt,
      ':cap': center.placesPerSession,
      ':date': slot.date,
      ':start': slot.session.start,
      ':holdsPk': holdsIndex(center.centerId, slot.slotId).GSI2PK,
      ':slot': holdsIndex(center.centerId, slot.slotId).GSI2SK,
    },
  });
  if (found.ok) return { taken: true, session: sessionStateOf(found.item) };
  for (let round = 0; round < CONFLICT_ATTEMPTS; round++) {
    const current = sessionStateOf(found.item);
    if (found.item && found.item.admitted === undefined && current.booked > 0 && !current.closed) {
      // A session booked before admission existed: its count is its bookings (no holds yet).
      await sessionWrite({
        TableName: table,
        Key,
        UpdateExpression: 'SET admitted = :booked',
        ConditionExpression: 'attribute_not_exists(admitted) AND booked = :booked',
        ExpressionAttributeValues: { ':booked': current.booked },
      });
      return takeHold(table, center, slot, holdId, now);
    }
    const dead = admissionRefusal(current, center.placesPerSession) === 'full' ? expiredHolds(current, now)[0] : undefined;
    if (!dead) return { taken: false, session: current };
    // The place of a request that died between its hold and its transaction: ours, if still dead.
    found = await sessionWrite({
      TableName: table,
      Key,
      UpdateExpression: 'SET #hold = :exp REMOVE #dead',
      ConditionExpression: '#dead = :deadExp AND attribute_not_exists(closedAt)',
      ExpressionAttributeNames: { '#hold': holdAttribute(holdId), '#dead': holdAttribute(dead[0]) },
      ExpressionAttributeValues: { ':exp': expiresAt, ':deadExp': dead[1] },
    });
    if (found.ok) return { taken: true, session: sessionStateOf(found.item) };
  }
  return { taken: false, session: sessionStateOf(found.item) };
}

/**
 * The sweep's reclaim (issue 19): every hold of the center's sessions from `fromDate` on whose
 * request died (expired at `now`) gives its place back — one Query of the sparse GSI2 partition,
 * then one conditional write per dead hold (only while it still has the expiry read: a hold
 * converted or taken over meanwhile is left alone). The number of places given back.
 */
export async function reclaimExpiredHolds(table: string, centerId: string, fromDate: string, now: Date): Promise<number> {
  const sessions = await queryAll<Record<string, unknown> & { SK: string }>({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK >= :from',
    ExpressionAttributeValues: { ':pk': holdsIndex(centerId, '').GSI2PK, ':from': fromDate },
  });
  let reclaimed = 0;
  for (const item of sessions) {
    for (const [holdId, expiresAt] of expiredHolds(sessionStateOf(item), now)) {
      if (await releaseHold(table, centerId, item.SK, holdId, expiresAt)) reclaimed++;
    }
  }
  return reclaimed;
}

/**
 * Gives a hold's place back (`admitted - 1`) — the holder was refused for its own reasons, or the
 * hold expired (`expiresAt`: only while the hold still has that expiry, the sweep's reclaim). A
 * hold already converted by its booking, or reclaimed by another request, is left alone: false.
 */
export async function releaseHold(table: string, centerId: string, slotId: string, holdId: string, expiresAt?: number): Promise<boolean> {
  const out = await sessionWrite({
    TableName: table,
    Key: sessionKey(centerId, slotId),
    UpdateExpression: 'SET admitted = admitted - :one REMOVE #hold',
    ConditionExpression: expiresAt === undefined ? 'attribute_exists(#hold)' : '#hold = :exp',
    ExpressionAttributeNames: { '#hold': holdAttribute(holdId) },
    ExpressionAttributeValues: { ':one': 1, ...(expiresAt === undefined ? {} : { ':exp': expiresAt }) },
  });
  return out.ok;
}

export async function readSession(table: string, centerId: string, slotId: string): Promise<SessionState> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: sessionKey(centerId, slotId), ConsistentRead: true }));
  return sessionStateOf(out.Item);
}

/**
 * Every booking ever made in the session, by strongly consistent reads: a closure (B6) must find each
 * booking that committed before it, which an index (eventually consistent) cannot promise. Sessions
 * booked before the roster moved onto the session record keep theirs as `ROSTER#` items.
 */
export async function readRoster(table: string, centerId: string, slotId: string): Promise<string[]> {
  const [session, legacy] = await Promise.all([
    ddb.send(new GetCommand({ TableName: table, Key: sessionKey(centerId, slotId), ConsistentRead: true, ProjectionExpression: 'bookingIds' })),
    queryAll<{ bookingId: string }>({
      TableName: table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': rosterKey(centerId, slotId, '').PK },
      ConsistentRead: true,
    }),
  ]);
  const ids = (session.Item?.bookingIds as Set<string> | undefined) ?? new Set<string>();
  return [...new Set([...ids, ...legacy.map((r) => r.bookingId)])].sort();
}

/** The recorded sessions of a center from `from` to `to` (dates, inclusive), by slot id: one Query, no scan. */
export async function listSessions(table: string, centerId: string, from: string, to: string, only?: 'closed'): Promise<Map<string, SessionState>> {
  const items = await queryAll<Record<string, unknown> & { SK: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': sessionKey(centerId, '').PK, ':from': from, ':to': `${to}.~` },
    ...(only === 'closed' ? { FilterExpression: 'attribute_exists(closedAt)' } : {}),
  });
  return new Map(items.map((item) => [item.SK, sessionStateOf(item)]));
}

/**
 * What a take does to the session:
 *  - `place`: a lawyer's new booking converts its hold (issue 19) into a booking — the place was
 *    admitted by the hold, so `admitted` is unchanged and no capacity condition is needed here;
 *  - `promotion`: a waiting lawyer takes the place a cancellation in the same transaction frees —
 *    places unchanged, one waiter fewer;
 *  - `over-capacity`: an urgent placement (B2) — staff make room, so no capacity condition (the
 *    place is admitted beyond capacity);
 *  - `queue`: an interrogation (R7) takes a queue number only; places are the lawyers'.
 * Every take gets the next queue number and is refused in a closed session.
 */
export type TakeKind = 'place' | 'promotion' | 'over-capacity' | 'queue';

export type Take = { kind: 'queue' } | { kind: 'promotion' | 'over-capacity'; bookingId: string } | { kind: 'place'; bookingId: string; holdId: string };

/**
 * Plans the take of the session's next queue number, conditional on the session's last queue
 * number still being as `seen`. A booking (every kind but `queue`) joins the roster in the same
 * update. When another take won meanwhile, the transaction fails on this item and `observe` (if
 * given) receives the state that beat it, so the caller can try again without reading; a `place`
 * whose hold is gone (reclaimed after it expired) sees that in the state it receives.
 */
export function planTake(
  plan: TransactionPlan,
  table: string,
  center: Pick<CenterEntry, 'centerId' | 'placesPerSession'>,
  slot: Pick<Slot, 'slotId' | 'date' | 'session'>,
  seen: SessionState,
  take: Take,
  observe?: (current: SessionState) => void,
): void {
  const { kind } = take;
  const first = seen.lastQueue === 0;
  const values: Record<string, unknown> = {
    ':next': nextQueueNumber(seen),
    ':cap': center.placesPerSession,
    ':date': slot.date,
    ':start': slot.session.start,
    ...(first ? {} : { ':seen': seen.lastQueue }),
  };
  const names: Record<string, string> = { '#date': 'date', '#capacity': 'capacity' };
  const sets = ['lastQueue = :next', '#capacity = :cap', '#date = :date', 'sessionStart = :start'];
  const removes: string[] = [];
  // An interrogation's number is the first of a session when no queue number was handed out yet.
  const conditions = [first ? 'attribute_not_exists(lastQueue)' : 'lastQueue = :seen'];
  if (kind === 'queue') {
    // Created at 0 places, so a lawyer booking's hold finds a session without places taken.
    sets.push('booked = if_not_exists(booked, :zero)');
    values[':zero'] = 0;
  } else if (kind === 'place') {
    // The hold becomes the booking: one more booked, `admitted` already counts it.
    sets.push('booked = if_not_exists(booked, :zero) + :one');
    removes.push('#hold');
    names['#hold'] = `${HOLD_PREFIX}${take.holdId}`;
    values[':zero'] = 0;
    values[':one'] = 1;
    conditions.push('attribute_exists(#hold)');
  } else {
    sets.push('booked = :booked');
    values[':booked'] = seen.booked + (kind === 'promotion' ? 0 : 1);
    values[':seenBooked'] = seen.booked;
    conditions.push(first ? '(attribute_not_exists(booked) OR booked = :seenBooked)' : 'booked = :seenBooked');
    if (kind === 'over-capacity') {
      // Admitted past capacity with the booking (a record from before admission counts its bookings).
      sets.push('admitted = if_not_exists(admitted, :seenBooked) + :one');
      values[':one'] = 1;
    }
  }
  conditions.push('attribute_not_exists(closedAt)');
  if (kind === 'promotion') {
    sets.push('waiting = :waiting');
    values[':waiting'] = seen.waiting - 1;
    values[':seenWaiting'] = seen.waiting;
    conditions.push('waiting = :seenWaiting');
  }
  if (take.kind !== 'queue') values[':roster'] = new Set([take.bookingId]);
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(center.centerId, slot.slotId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}${take.kind === 'queue' ? '' : ' ADD bookingIds :roster'}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    (item) => {
      const current = sessionStateOf(item);
      observe?.(current);
      // A promotion just tries again: a closure or a new waiter is sorted out by its caller's read.
      if (kind === 'promotion') return 'retry';
      if (current.closed) return new SlotUnavailable(CLOSED_MESSAGE);
      return 'retry';
    },
  );
}

/**
 * A cancelled booking gives its place back — only while nobody waits (B3: otherwise the first
 * waiter is promoted into it instead) and only if the waitlist is still as `seen`.
 */
export function planRelease(plan: TransactionPlan, table: string, centerId: string, slotId: string, seen: SessionState): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(centerId, slotId),
        // The place leaves admission with the booking (a record from before admission counts its bookings).
        UpdateExpression: 'SET booked = booked - :one, admitted = if_not_exists(admitted, :seenBooked) - :one',
        ConditionExpression: `booked > :zero AND ${seen.waiting === 0 ? '(attribute_not_exists(waiting) OR waiting = :seenWaiting)' : 'waiting = :seenWaiting'}`,
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':seenWaiting': seen.waiting, ':seenBooked': seen.booked },
      },
    },
    (current) => (((current?.waiting as number | undefined) ?? 0) !== seen.waiting ? 'retry' : new InvalidState('时段名额状态异常，请联系看守所')),
  );
}

/** One more lawyer waits (B3): only for a full session that is not closed. */
export function planJoinWaitlist(plan: TransactionPlan, table: string, centerId: string, slotId: string, placesPerSession: number): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(centerId, slotId),
        UpdateExpression: 'ADD waiting :one',
        ConditionExpression: 'booked >= :cap AND attribute_not_exists(closedAt)',
        ExpressionAttributeValues: { ':cap': placesPerSession, ':one': 1 },
      },
    },
    (current) => new InvalidState(current?.closedAt ? CLOSED_MESSAGE : '该时段尚有名额，请直接预约'),
  );
}

/** One lawyer fewer waits (left, or removed by the center). */
export function planLeaveWaitlist(plan: TransactionPlan, table: string, centerId: string, slotId: string): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(centerId, slotId),
        UpdateExpression: 'ADD waiting :minusOne',
        ConditionExpression: 'waiting > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      },
    },
    () => new InvalidState('候补名单状态异常，请稍后重试'),
  );
}

/** The center closes the session (B6): from this commit on no take succeeds. Retries if it closed meanwhile. */
export function planClose(
  plan: TransactionPlan,
  table: string,
  centerId: string,
  slot: Pick<Slot, 'slotId' | 'date' | 'session'>,
  closure: { at: string; closureId: string; reason: string },
): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(centerId, slot.slotId),
        UpdateExpression: 'SET closedAt = :at, closureId = :id, closedReason = :reason, #date = :date, sessionStart = :start',
        ConditionExpression: 'attribute_not_exists(closedAt)',
        ExpressionAttributeNames: { '#date': 'date' },
        ExpressionAttributeValues: { ':at': closure.at, ':id': closure.closureId, ':reason': closure.reason, ':date': slot.date, ':start': slot.session.start },
      },
    },
    () => 'retry',
  );
}

/** The session is not closed when the transaction commits (the sweeper never charges a miss the center caused). */
export function planOpenCheck(plan: TransactionPlan, table: string, centerId: string, slotId: string, onClosed: () => Error): void {
  plan.add({ ConditionCheck: { TableName: table, Key: sessionKey(centerId, slotId), ConditionExpression: 'attribute_not_exists(closedAt)' } }, onClosed);
}

/**
 * A reschedule (shared/use-cases/reschedule-booking.ts) moves a booking out of this session: like a
 * cancellation's release (only while nobody waits, and the waitlist as `seen`), and only while the
 * session is not closed — a closed session's bookings are the center's to cancel, and once the
 * closure committed no booking leaves it, so the closure's roster read finds every booking still in it.
 */
export function planMoveOut(plan: TransactionPlan, table: string, centerId: string, slotId: string, seen: SessionState): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: sessionKey(centerId, slotId),
        UpdateExpression: 'SET booked = booked - :one, admitted = if_not_exists(admitted, :seenBooked) - :one',
        ConditionExpression: `booked > :zero AND attribute_not_exists(closedAt) AND ${seen.waiting === 0 ? '(attribute_not_exists(waiting) OR waiting = :seenWaiting)' : 'waiting = :seenWaiting'}`,
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':seenWaiting': seen.waiting, ':seenBooked': seen.booked },
      },
    },
    (current) => {
      if (current?.closedAt) return new InvalidState('原时段已被看守所关闭，该预约将由看守所撤销，不能改期');
      return ((current?.waiting as number | undefined) ?? 0) !== seen.waiting ? 'retry' : new InvalidState('时段名额状态异常，请联系看守所');
    },
  );
}
