// Reading many items by key at once: lists that name people (a day queue of 100 bookings names up to
// 300 lawyers and 100 detainees) must cost a few parallel BatchGets, never one read per row.
// DynamoDB takes at most 100 keys per BatchGetItem and may hand some back unprocessed under load;
// both are handled here, so callers only say which keys they want.
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb } from './dynamo';
import type { Key } from './transaction';

/** DynamoDB's limit of keys per BatchGetItem request. */
export const BATCH_GET_KEYS = 100;
const MAX_ROUNDS = 8;

const keyOf = (key: Key): string => `${key.PK}\u0000${key.SK}`;

/** Map key of `batchGetAll`'s answer for a table key. */
export const itemKey = keyOf;

/**
 * Every item found among `keys` (duplicates read once), keyed by `itemKey(key)`. The chunks of 100
 * go out in parallel; unprocessed keys are asked again with a short backoff. Strongly consistent.
 */
export async function batchGetAll(table: string, keys: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()];
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_KEYS));
  const found = await Promise.all(chunks.map(async (chunk) => (await batchGetAcross({ [table]: chunk })).get(table)!));
  return new Map(found.flatMap((m) => [...m]));
}

/**
 * One read of keys spread over several tables — the first wave of a request that needs a few items
 * from each (at most 100 keys in all, one BatchGetItem; unprocessed keys are asked again). Strongly
 * consistent. The answer maps each table to its items found, keyed by `itemKey(key)`.
 */
export async function batchGetAcross(keysByTable: Record<string, Key[]>): Promise<Map<string, Map<string, Record<string, unknown>>>> {
  const found = new Map<string, Map<string, Record<string, unknown>>>();
  let pending: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: true }> = {};
  let total = 0;
  for (const [table, keys] of Object.entries(keysByTable)) {
    found.set(table, new Map());
    const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()];
    total += unique.length;
    if (unique.length) pending[table] = { Keys: unique, ConsistentRead: true };
  }
  if (total > BATCH_GET_KEYS) throw new Error(`batchGetAcross of ${total} keys exceeds ${BATCH_GET_KEYS}`);
  for (let round = 0; Object.keys(pending).length; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`BatchGet left keys unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** round));
    const out: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: pending }));
    for (const [table, items] of Object.entries(out.Responses ?? {})) {
      for (const item of items) found.get(table)!.set(keyOf({ PK: String(item.PK), SK: String(item.SK) }), item);
    }
    pending = {};
    for (const [table, rest] of Object.entries(out.UnprocessedKeys ?? {})) {
      if (rest.Keys?.length) pending[table] = { Keys: rest.Keys, ConsistentRead: true };
    }
  }
  return found;
}
