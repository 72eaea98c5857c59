// The violations ledger in the platform table (R3, B1): one item per violation under the lawyer,
// and the lawyer's discipline state on the profile (open violations, the latest lock) with the
// `lockedUntil` every district's booking transaction checks. Each change is planned into the same
// transaction as the state change that caused it (a no-show, a late check-in, a late cancel, an
// appeal decision) and guarded by the profile's discipline version, so concurrent sweeps,
// check-ins and appeals can never count a violation twice or lose one.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cityConfig } from '../config';
import { recordViolation, voidViolation, EMPTY_DISCIPLINE, type DisciplineState, type Transition, type ViolationReason, type Violation } from '../domain/discipline';
import { newId } from '../ids';
import { shanghaiIso } from '../time';
import { profileKey, violationKey, VIOLATION_PREFIX, userPartition, violationIdIndex } from './platform-keys';
import { planNotification } from '../notifications/outbox';
import { ddb, platformTableName, queryAll } from './dynamo';
import { readPage, type Page, type PageQuery } from './paging';
import type { TransactionPlan } from './transaction';

export const disciplinePolicy = () => ({ threshold: cityConfig().platform.violationThreshold, lockDays: cityConfig().platform.lockDays });

export async function readDiscipline(lawyerId: string): Promise<DisciplineState> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: profileKey(lawyerId), ConsistentRead: true }));
  return (out.Item?.discipline as DisciplineState | undefined) ?? EMPTY_DISCIPLINE;
}

/** Writes the next discipline state if nobody changed it since `prev` was read. */
function planDisciplineWrite(plan: TransactionPlan, lawyerId: string, prev: DisciplineState, t: Transition, now: Date): void {
  const table = platformTableName();
  const next = t.next;
  plan.add(
    {
      Update: {
        TableName: table,
        Key: profileKey(lawyerId),
        UpdateExpression: 'SET discipline = :next, lockedUntil = :until',
        ConditionExpression: prev.version === 0 ? 'attribute_exists(PK) AND attribute_not_exists(discipline)' : 'discipline.version = :prev',
        ExpressionAttributeValues: {
          ':next': next,
          ':until': next.lock ? next.lock.until : null,
          ...(prev.version === 0 ? {} : { ':prev': prev.version }),
        },
      },
    },
    () => 'retry',
  );
  const at = shanghaiIso(now);
  if (t.locked) planNotification(plan, table, { recipientId: lawyerId, kind: 'lockout-applied', createdAt: at, params: { until: t.locked.until } });
  if (t.lifted) planNotification(plan, table, { recipientId: lawyerId, kind: 'lockout-lifted', createdAt: at });
}

/**
 * Plans a new counted violation and its effect on the lawyer's count and lock. Call it anew on every
 * attempt of the caller's transaction (it reads the current state).
 */
export async function planNewViolation(
  plan: TransactionPlan,
  v: { lawyerId: string; bookingId: string; centerId: string; reason: ViolationReason; violationId?: string; params?: Record<string, string | number> },
  now: Date,
): Promise<Violation> {
  const violation: Violation = {
    violationId: v.violationId ?? newId('vi'),
    lawyerId: v.lawyerId,
    bookingId: v.bookingId,
    centerId: v.centerId,
    reason: v.reason,
    status: 'counted',
    at: shanghaiIso(now),
  };
  const prev = await readDiscipline(v.lawyerId);
  const transition = recordViolation(prev, violation.violationId, now, disciplinePolicy(), shanghaiIso, () => newId('lk'));
  const table = platformTableName();
  plan.add({
    Put: {
      TableName: table,
      Item: { ...violationKey(v.lawyerId, violation.violationId), ...violation, ...violationIdIndex(violation.violationId) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
  planDisciplineWrite(plan, v.lawyerId, prev, transition, now);
  planNotification(plan, table, {
    recipientId: v.lawyerId,
    kind: 'violation-recorded',
    bookingId: v.bookingId,
    createdAt: shanghaiIso(now),
    params: { centerId: v.centerId, ...v.params, reason: v.reason },
  });
  return violation;
}

/** Plans voiding a violation (appeal decided for the lawyer): recount, maybe lift the lock. */
export async function planVoid(plan: TransactionPlan, violation: Violation, now: Date): Promise<void> {
  const prev = await readDiscipline(violation.lawyerId);
  planDisciplineWrite(plan, violation.lawyerId, prev, voidViolation(prev, violation.violationId, now, disciplinePolicy()), now);
}

export async function listViolations(lawyerId: string): Promise<Violation[]> {
  const items = await queryAll<Violation>({
    TableName: platformTableName(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
    ExpressionAttributeValues: { ':pk': userPartition(lawyerId), ':v': VIOLATION_PREFIX },
  });
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

/** One page of a lawyer's violations, in key order (`VIOLATION#<violationId>`). */
export async function listViolationsPage(lawyerId: string, page: PageQuery): Promise<Page<Violation>> {
  return readPage<Violation>({
    list: `GET /me/violations|${lawyerId}`,
    sources: [
      {
        id: 'violations',
        query: {
          TableName: platformTableName(),
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
          ExpressionAttributeValues: { ':pk': userPartition(lawyerId), ':v': VIOLATION_PREFIX },
          ConsistentRead: true,
        },
        keyAttributes: ['PK', 'SK'],
      },
    ],
    limit: page.limit,
    cursor: page.cursor,
  });
}

/** A violation by id (GSI1 — ids are opaque and do not name the lawyer). */
export async function findViolation(violationId: string, retries = 1): Promise<Violation | undefined> {
  const out = await ddb.send(
    new QueryCommand({
      TableName: platformTableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': violationIdIndex(violationId).GSI1PK },
    }),
  );
  const hit = out.Items?.[0] as Violation | undefined;
  if (!hit) {
    // The index may lag the item by a moment right after the violation was recorded.
    if (retries <= 0) return undefined;
    await new Promise((r) => setTimeout(r, 300));
    return findViolation(violationId, retries - 1);
  }
  // The index is eventually consistent; the item itself is read strongly.
  const item = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: violationKey(hit.lawyerId, violationId), ConsistentRead: true }));
  return item.Item as Violation | undefined;
}
