// The waitlist of a full session (B3): entries in arrival order under the session, a pointer by id
// for DELETE, a guard so a lawyer waits at most once per session, and the session's `waiting`
// count, changed in the same transactions, so a cancellation knows whether it may free a place.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AlreadyExists, InvalidState, NotFound } from '../errors';
import { lawyerSlotKey, lawyerWaitKey, waitlistEntryKey, waitlistIdKey } from './district-keys';
import { planJoinWaitlist, planLeaveWaitlist } from './session-ledger';
import { planPartyChecks } from './booking-repository';
import { planDetaineeAvailable } from './custody-repository';
import { ddb, queryAll } from './dynamo';
import { TransactionPlan } from './transaction';
import { type WaitlistEntry } from '../domain/waitlist';

export async function addToWaitlist(tables: { district: string; platform: string }, entry: WaitlistEntry, capacity: number, nowIso: string): Promise<void> {
  const { district } = tables;
  const plan = new TransactionPlan();
  planJoinWaitlist(plan, district, entry.centerId, entry.slotId, capacity);
  plan
    .add({ Put: { TableName: district, Item: { ...waitlistEntryKey(entry.centerId, entry.slotId, entry.sortKey), ...entry }, ConditionExpression: 'attribute_not_exists(PK)' } })
    .add({ Put: { TableName: district, Item: { ...waitlistIdKey(entry.waitlistId), ...entry }, ConditionExpression: 'attribute_not_exists(PK)' } })
    .add(
      {
        Put: {
          TableName: district,
          Item: { ...lawyerWaitKey(entry.lawyerId, entry.centerId, entry.slotId), waitlistId: entry.waitlistId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      () => new AlreadyExists('您已在该时段的候补名单中'),
    )
    .add(
      {
        ConditionCheck: {
          TableName: district,
          Key: lawyerSlotKey(entry.lawyerId, entry.centerId, entry.slotId),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      () => new InvalidState('您在该时段已有预约'),
    );
  planPartyChecks(plan, tables, entry, nowIso);
  // Waiting for a session the detainee cannot attend would only end in a refused promotion (R4).
  planDetaineeAvailable(plan, district, entry.detaineeId, entry.centerId, entry.slotId);
  if ((await plan.commit()) === 'retry') throw new InvalidState('候补名单繁忙，请稍后重试');
}

/** 1-based place in line among the entries still waiting. */
export async function positionOf(table: string, entry: Pick<WaitlistEntry, 'centerId' | 'slotId' | 'sortKey'>): Promise<number> {
  const key = waitlistEntryKey(entry.centerId, entry.slotId, entry.sortKey);
  const out = await ddb.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK <= :sk',
      ExpressionAttributeValues: { ':pk': key.PK, ':sk': key.SK },
      Select: 'COUNT',
      ConsistentRead: true,
    }),
  );
  return out.Count ?? 0;
}

/** Entries of a session in arrival order (first come, first promoted), all of them. */
export async function waitingFor(table: string, centerId: string, slotId: string): Promise<WaitlistEntry[]> {
  const key = waitlistEntryKey(centerId, slotId, '');
  return queryAll<WaitlistEntry>({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': key.PK }, ConsistentRead: true });
}

export async function getWaitlistEntry(table: string, waitlistId: string): Promise<WaitlistEntry | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: waitlistIdKey(waitlistId), ConsistentRead: true }));
  return out.Item as WaitlistEntry | undefined;
}

/** The three items that make up an entry, removed together (on leave or on promotion). */
export function planWaitlistRemoval(plan: TransactionPlan, table: string, entry: WaitlistEntry, onGone: () => Error | 'retry'): void {
  plan.add({ Delete: { TableName: table, Key: waitlistEntryKey(entry.centerId, entry.slotId, entry.sortKey), ConditionExpression: 'attribute_exists(PK)' } }, onGone);
  plan.add({ Delete: { TableName: table, Key: waitlistIdKey(entry.waitlistId) } });
  plan.add({ Delete: { TableName: table, Key: lawyerWaitKey(entry.lawyerId, entry.centerId, entry.slotId) } });
}

/** Removes an entry; `alongside` adds to the same transaction (e.g. telling the lawyer why). */
export async function removeFromWaitlist(table: string, entry: WaitlistEntry, alongside?: (plan: TransactionPlan) => void): Promise<void> {
  const plan = new TransactionPlan();
  alongside?.(plan);
  planWaitlistRemoval(plan, table, entry, () => new NotFound('候补记录不存在'));
  planLeaveWaitlist(plan, table, entry.centerId, entry.slotId);
  if ((await plan.commit()) === 'retry') throw new InvalidState('候补名单繁忙，请稍后重试');
}
