// Idempotency of POST /bookings and cancellations: the record is written in the same transaction as
// the state change, so a key either names a committed result or nothing. A replay returns the stored
// result; the same key with another request → 409 IDEMPOTENCY_KEY_REUSED. Records expire by TTL.
// They live in the platform table, keyed by the lawyer (B14): every district's stack writes there in
// its booking transaction (it already checks the lawyer's profile there), so a key reused with
// another body is refused whichever district either request went to.
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { IDEMPOTENCY_KEY } from '../api/schemas';
import { ValidationFailed, IdempotencyKeyReused } from '../errors';
import { idempotencyKey } from './platform-keys';
import { ddb, platformTableName } from './dynamo';
import type { Key, TransactionPlan } from './transaction';
import type { IdempotencyContext } from '../use-cases/ports/idempotency';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export function requireIdempotencyKey(headers: Record<string, string | undefined>): string {
  const key = headers['idempotency-key'];
  if (!key) throw new ValidationFailed('缺少请求头 Idempotency-Key');
  if (!IDEMPOTENCY_KEY.test(key)) throw new ValidationFailed('Idempotency-Key 须为 8–128 位字母、数字或 _ . : -');
  return key;
}

export const fingerprintOf = (...parts: unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** The record's key in the platform table, for a read batched with others (the booking's first wave). */
export const idempotencyRecordKey = (ctx: IdempotencyContext): Key => idempotencyKey(ctx.userId, ctx.key);

/** The stored result a record (as read) holds for this request; 409 when the key served another request. */
export function replayFrom(ctx: IdempotencyContext, item: Record<string, unknown> | undefined): unknown {
  if (!item) return undefined;
  if (item.fingerprint !== ctx.fingerprint) throw new IdempotencyKeyReused();
  return item.result;
}

/** The stored result of an earlier request with this key, or undefined if there was none. */
export async function findReplay<T>(ctx: IdempotencyContext): Promise<T | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: idempotencyRecordKey(ctx), ConsistentRead: true }));
  return replayFrom(ctx, out.Item) as T | undefined;
}

/**
 * Adds the record to the transaction that produces `result`; a concurrent twin makes it retry (then
 * replay) and, if given, calls `onTwin` — the caller then reads the twin's result instead of redoing.
 */
export function recordResult(plan: TransactionPlan, ctx: IdempotencyContext, result: unknown, onTwin?: () => void): void {
  plan.add(
    {
      Put: {
        TableName: platformTableName(),
        Item: {
          ...idempotencyKey(ctx.userId, ctx.key),
          fingerprint: ctx.fingerprint,
          result,
          // DynamoDB expires items by real time, so TTLs use it too (not the movable clock).
          expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    () => {
      onTwin?.();
      return 'retry';
    },
  );
}
