// The retention job's reads and writes (shared/use-cases/retention.ts, docs/data-retention.md), on
// keys and indexes only. Every write is a conditional update to a value computed from the item, so a
// rerun, an overlapping run or a resumed one changes nothing more: `expiresAt` is set only on an item
// that still exists, an audit record is pseudonymised once, a report day is frozen once.
import { createHmac } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure, queryAll } from './dynamo';
import {
  auditMonthPartition,
  detaineeKey,
  detaineePartition,
  detaineeStatusPartition,
  reportDayKey,
  reportDayPartition,
  retentionCursorKey,
  retentionRunKey,
  sessionKey,
  urgentDeadlineIndex,
} from './district-keys';
import { transactWrite } from './audit-repository';
import type { UrgentRequest } from '../domain/urgent-requests';
import { platformSecret } from './cursor-key';
import { pseudonymSecretKey } from './platform-keys';
import type { Key } from './transaction';
import type { PseudonymisableAudit } from '../domain/retention';

export type RetentionPass = 'bookings' | 'reports' | 'audit' | 'urgent';

/** The last date (or month) a pass finished for a center, or undefined before its first run. */
export async function readCursor(table: string, pass: RetentionPass, centerId: string): Promise<string | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: retentionCursorKey(pass, centerId), ConsistentRead: true }));
  return typeof out.Item?.through === 'string' ? out.Item.through : undefined;
}

/** Moves a cursor forward only: an older run finishing late never moves it back. */
export async function advanceCursor(table: string, pass: RetentionPass, centerId: string, through: string): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: retentionCursorKey(pass, centerId),
        UpdateExpression: 'SET through = :t',
        ConditionExpression: 'attribute_not_exists(through) OR through < :t',
        ExpressionAttributeValues: { ':t': through },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

/**
 * Sets an item's end, or moves it later (an item shared by several bookings, the pair cap, ends with
 * the last); false when the item is gone (a cancelled booking's guards, say) or already ends then.
 */
export async function setExpiry(table: string, key: Key, expiresAt: number): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET expiresAt = :e',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(expiresAt) OR expiresAt < :e)',
        ExpressionAttributeValues: { ':e': expiresAt },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

export interface LeftDetainee {
  detaineeId: string;
  centerId: string;
  name: string;
  releasedAt?: string;
  status: string;
}

/** Released or transferred detainees of a center whose items have no end yet (GSI2 `…#left`). */
export const leftWithoutEnd = (table: string, centerId: string): Promise<LeftDetainee[]> =>
  queryAll<LeftDetainee>({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk',
    FilterExpression: 'attribute_not_exists(expiresAt)',
    ExpressionAttributeValues: { ':pk': detaineeStatusPartition(centerId, 'released') },
  });

/** Every item in a detainee's partition but the record itself (guards, binding pointers, pointers). */
export async function detaineePartitionItems(table: string, detaineeId: string): Promise<{ PK: string; SK: string; bindingId?: string }[]> {
  const items = await queryAll<{ PK: string; SK: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': detaineePartition(detaineeId) },
    ProjectionExpression: 'PK, SK',
    ConsistentRead: true,
  });
  return items.filter((i) => i.SK !== detaineeKey(detaineeId).SK);
}

/** What a frozen report day holds: counts only, no ids, names or licence numbers. */
export interface FrozenReportDay {
  /** Bookings: `status|late` → how many. */
  counts: Record<string, number>;
  /** Interrogations that took place (absent on a day frozen before interrogations were: read them live). */
  interrogations?: number;
  /** Urgent requests with their deadline that day: `status|placedOnTime` → how many (absent: read live). */
  urgent?: Record<string, number>;
}

/** A report day's counts, frozen once. */
export async function freezeReportDay(table: string, centerId: string, date: string, day: FrozenReportDay, frozenAt: string): Promise<boolean> {
  try {
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: { ...reportDayKey(centerId, date), centerId, date, ...day, frozenAt },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Frozen report days of a center from `from` to `to` (dates), by date. */
export async function frozenReportDays(table: string, centerId: string, from: string, to: string): Promise<Map<string, FrozenReportDay>> {
  if (from > to) return new Map();
  const items = await queryAll<{ date: string } & FrozenReportDay>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': reportDayPartition(centerId), ':from': from, ':to': to },
  });
  return new Map(items.map(({ date, counts, interrogations, urgent }) => [date, { counts, interrogations, urgent }]));
}

export type StoredAudit = PseudonymisableAudit & { PK: string; SK: string };

/** Audit records of a center's month made before `beforeSk` (`<at>`) and not yet pseudonymised. */
export const auditToPseudonymise = (table: string, centerId: string, month: string, beforeSk: string): Promise<StoredAudit[]> =>
  queryAll<StoredAudit>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK < :before',
    FilterExpression: 'attribute_not_exists(pseudonymisedAt)',
    ExpressionAttributeValues: { ':pk': auditMonthPartition(centerId === '-' ? undefined : centerId, month), ':before': beforeSk },
  });

/** Replaces a record's personal fields by their pseudonyms, once. */
export async function writePseudonymised(table: string, record: StoredAudit, at: string): Promise<boolean> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { PK: record.PK, SK: record.SK },
        UpdateExpression: 'SET actorId = :actor, target = :target, #before = :before, #after = :after, changes = :changes, pseudonymisedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(pseudonymisedAt)',
        ExpressionAttributeNames: { '#before': 'before', '#after': 'after' },
        ExpressionAttributeValues: { ':actor': record.actorId, ':target': record.target, ':before': record.before, ':after': record.after, ':changes': record.changes, ':at': at },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** Urgent requests of a center with a deadline on a date from `from` to `to` (GSI1 by deadline), oldest first. */
export const urgentByDeadlineDates = async (table: string, centerId: string, from: string, to: string): Promise<UrgentRequest[]> =>
  // A cursor already past the range: nothing to read (DynamoDB refuses a BETWEEN whose bounds are reversed).
  from > to
    ? []
    : queryAll<UrgentRequest>({
        TableName: table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': urgentDeadlineIndex(centerId, '', '').GSI1PK, ':from': `${from}T`, ':to': `${to}T~` },
      });

/**
 * The run's own record (platform table) with the run's audit record in the same transaction (the
 * job's audit scope, actor `system`): one audit fact per run, its counts and nothing personal. Both
 * end with the audit retention.
 */
export async function recordRetentionRun(
  run: { at: string; runId: string; districts: string[]; counts: Record<string, number | boolean> },
  expiresAt: number,
  platformTable: string,
): Promise<void> {
  const after = { districts: run.districts.join(','), ...run.counts };
  await transactWrite(
    [{ Put: { TableName: platformTable, Item: { ...retentionRunKey(run.at, run.runId), ...after, at: run.at, expiresAt }, ConditionExpression: 'attribute_not_exists(PK)' } }],
    { target: 'retention', after },
  );
}

/** The keyed hash behind every audit pseudonym (HMAC-SHA256, one key per city, created by the first run). */
export async function pseudonymHash(): Promise<(value: string) => string> {
  const secret = await platformSecret(pseudonymSecretKey);
  return (value) => createHmac('sha256', secret).update(value).digest('hex');
}

/** Dates from `from` to `to` on which a center has a session record (someone booked or waited), ascending. */
export async function sessionDates(table: string, centerId: string, from: string, to: string): Promise<string[]> {
  // A cursor already past the range (DynamoDB refuses a BETWEEN whose bounds are reversed).
  if (from > to) return [];
  const items = await queryAll<{ SK: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': sessionKey(centerId, '').PK, ':from': from, ':to': `${to}~` },
    ProjectionExpression: 'SK',
  });
  return [...new Set(items.map((i) => i.SK.slice(0, 10)))].sort();
}
