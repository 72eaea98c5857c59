// The session ledger: the one owner of a session's record (`SESSIONS#<center>` / `<slotId>`), the
// heart of first-come order (R6). It holds the places taken (`booked`), the last queue number handed
// out (`lastQueue`), the center's closure (`closedAt`, B6), the waitlist's length (`waiting`, B3)
// and the roster (`bookingIds`: every booking ever made in the session, which a closure cancels).
// Every change to it is a transaction item planned here, so the conditions that keep a session from
// being oversold, renumbered or booked after its closure are written once:
//  - a take (a new booking, a promotion from the waitlist, an urgent placement over capacity, an
//    interrogation's queue number) is optimistic: it names the state it read, and a racer that lost
//    learns the state that beat it from the failed condition itself (no re-read);
//  - a release, a closure and the waitlist counter are unconditional on the version, conditional on
//    what they need.
// The rules (next queue number, whether a place is left) are in shared/domain/sessions.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CenterEntry } from '../config';
import { EMPTY_SESSION, nextQueueNumber, placeRefusal, type SessionState, type Slot } from '../domain/sessions';
import { InvalidState, SlotFull, SlotUnavailable } from '../errors';
import { rosterKey, sessionKey } from './district-keys';
import { ddb, queryAll } from './dynamo';
import type { TransactionPlan } from './transaction';

export type { SessionState } from '../domain/sessions';

const CLOSED_MESSAGE = '该时段已被看守所关闭';

/** The state a stored record (or its absence) stands for. */
export function sessionStateOf(item: Record<string, unknown> | undefined): SessionState {
  if (!item) return { ...EMPTY_SESSION };
  return {
    booked: (item.booked as number | undefined) ?? 0,
    lastQueue: (item.lastQueue as number | undefined) ?? 0,
    closed: Boolean(item.closedAt),
    waiting: (item.waiting as number | undefined) ?? 0,
  };
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
 *  - `place`: a lawyer's new booking takes one of the places (refused when none is left);
 *  - `promotion`: a waiting lawyer takes the place a cancellation in the same transaction frees —
 *    places unchanged, one waiter fewer;
 *  - `over-capacity`: an urgent placement (B2) — staff make room, so no capacity condition;
 *  - `queue`: an interrogation (R7) takes a queue number only; places are the lawyers'.
 * Every take gets the next queue number and is refused in a closed session.
 */
export type TakeKind = 'place' | 'promotion' | 'over-capacity' | 'queue';

/**
 * Plans the take of the session's next queue number, conditional on the session still being as
 * `seen`. A booking (every kind but `queue`) joins the roster in the same update. When another take
 * won meanwhile, the transaction fails on this item and `observe` (if given) receives the state that
 * beat it, so the caller can try again without reading: a `place` then answers SLOT_FULL at once if
 * that state has no place left.
 */
export function planTake(
  plan: TransactionPlan,
  table: string,
  center: Pick<CenterEntry, 'centerId' | 'placesPerSession'>,
  slot: Pick<Slot, 'slotId' | 'date' | 'session'>,
  seen: SessionState,
  take: { kind: 'queue' } | { kind: Exclude<TakeKind, 'queue'>; bookingId: string },
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
  const sets = ['lastQueue = :next', '#capacity = :cap', '#date = :date', 'sessionStart = :start'];
  const conditions = [first ? 'attribute_not_exists(lastQueue)' : 'lastQueue = :seen'];
  if (kind === 'queue') {
    // Created at 0 places, so a lawyer booking's `booked = :seenBooked` condition holds after it.
    sets.push('booked = if_not_exists(booked, :zero)');
    values[':zero'] = 0;
  } else {
    sets.push('booked = :booked');
    values[':booked'] = seen.booked + (kind === 'promotion' ? 0 : 1);
    values[':seenBooked'] = seen.booked;
    conditions.push(first ? '(attribute_not_exists(booked) OR booked = :seenBooked)' : 'booked = :seenBooked');
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
        UpdateExpression: `SET ${sets.join(', ')}${take.kind === 'queue' ? '' : ' ADD bookingIds :roster'}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: { '#date': 'date', '#capacity': 'capacity' },
        ExpressionAttributeValues: values,
      },
    },
    (item) => {
      const current = sessionStateOf(item);
      observe?.(current);
      // A promotion just tries again: a closure or a new waiter is sorted out by its caller's read.
      if (kind === 'promotion') return 'retry';
      if (current.closed) return new SlotUnavailable(CLOSED_MESSAGE);
      if (kind === 'place' && placeRefusal(current, center.placesPerSession) === 'full') return new SlotFull();
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
        UpdateExpression: 'SET booked = booked - :one',
        ConditionExpression: `booked > :zero AND ${seen.waiting === 0 ? '(attribute_not_exists(waiting) OR waiting = :seenWaiting)' : 'waiting = :seenWaiting'}`,
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':seenWaiting': seen.waiting },
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
