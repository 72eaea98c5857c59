// Center actions (R4, B4, B6) in a district table: the action record (pending until its
// cancellations are through, then done), the sweeper's reads of the pending ones, and the strongly
// consistent reads that find the appointments an action affects. The use cases are in
// shared/use-cases/center-actions.ts, the pure rules in shared/domain/center-actions.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CenterAction } from '../domain/center-actions';
import { shanghaiIso } from '../time';
import { getBooking } from './booking-repository';
import { actionKey, DETAINEE_SLOT_PREFIX, detaineePartition, pendingActionIndex, roomKey, slotIdOfGuard } from './district-keys';
import { ddb, queryAll } from './dynamo';
import { readRoster } from './session-ledger';
import { TransactionPlan } from './transaction';

export function planActionRecord(plan: TransactionPlan, table: string, action: CenterAction): void {
  plan.add({
    Put: {
      TableName: table,
      Item: { ...actionKey(action.actionId), ...action, ...pendingActionIndex(action.centerId, action.createdAt, action.actionId) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
}

const query = (table: string, pk: string) =>
  queryAll<{ SK: string; bookingId?: string; interrogationId?: string; kind?: string; holderId?: string; holderKind?: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ConsistentRead: true,
  });

/**
 * The appointments the action affects, found after step 1 committed, by strongly consistent reads
 * (an index could still miss one that committed just before). Each one's state is read again when
 * it is cancelled.
 */
export async function affected(table: string, action: CenterAction): Promise<{ bookingIds: string[]; interrogationIds: string[] }> {
  if (action.kind === 'closure') {
    const [rosters, rooms] = await Promise.all([
      Promise.all(action.slotIds.map((slotId) => readRoster(table, action.centerId, slotId))),
      Promise.all(action.slotIds.map((slotId) => query(table, roomKey(action.centerId, slotId, '').PK))),
    ]);
    return {
      bookingIds: rosters.flat(),
      interrogationIds: rooms
        .flat()
        .filter((r) => r.holderKind === 'interrogation')
        .map((r) => r.holderId!),
    };
  }
  // The detainee's per-slot guards name every appointment they hold (lawyer meetings and interrogations).
  const slots = new Set(action.slotIds);
  const guards = (await query(table, detaineePartition(action.detaineeId!)))
    .filter((g) => g.SK.startsWith(DETAINEE_SLOT_PREFIX))
    .filter((g) => action.kind === 'release' || action.kind === 'revoke' || slots.has(slotIdOfGuard(g.SK)));
  const bookingIds = guards.filter((g) => g.bookingId).map((g) => g.bookingId!);
  if (action.kind === 'revoke') {
    // Only the withdrawn lawyer's own bookings (as lead or co-counsel) of this detainee.
    const bookings = await Promise.all(bookingIds.map((id) => getBooking(table, id)));
    const theirs = bookings.filter((b) => b && (b.leadLawyerId === action.lawyerId || b.coCounselLawyerIds.includes(action.lawyerId!)));
    return { bookingIds: theirs.map((b) => b!.bookingId), interrogationIds: [] };
  }
  return { bookingIds, interrogationIds: guards.filter((g) => g.kind === 'interrogation' && g.interrogationId).map((g) => g.interrogationId!) };
}

/** Step 3: the action is done, with the bookings and the number of interrogations it cancelled. */
export async function markActionDone(table: string, action: CenterAction, cancelled: string[], cancelledInterrogations: string[], now: Date): Promise<void> {
  await new TransactionPlan()
    .add({
      Update: {
        TableName: table,
        Key: actionKey(action.actionId),
        UpdateExpression: `SET #status = :done, doneAt = :at, cancelledInterrogations = :interrogations${cancelled.length ? ' ADD cancelledBookingIds :ids' : ''} REMOVE GSI2PK, GSI2SK`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':at': shanghaiIso(now),
          ':interrogations': cancelledInterrogations.length,
          ...(cancelled.length ? { ':ids': new Set(cancelled) } : {}),
        },
      },
    })
    .audit({ centerId: action.centerId, target: action.actionId, after: { status: 'done', cancelled: cancelled.length } })
    .commit();
}

/** The pending actions of a center recorded before `before` (sparse GSI2). */
export const pendingActions = (table: string, centerId: string, before: string) =>
  queryAll<{ actionId: string }>({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
    ExpressionAttributeValues: { ':pk': pendingActionIndex(centerId, '', '').GSI2PK, ':before': before },
  });

export async function getAction(table: string, actionId: string): Promise<CenterAction | undefined> {
  return (await ddb.send(new GetCommand({ TableName: table, Key: actionKey(actionId), ConsistentRead: true }))).Item as CenterAction | undefined;
}
