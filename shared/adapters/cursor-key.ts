// The secret page cursors are encrypted and authenticated with (shared/http/cursor.ts derives its AES-GCM key from it), kept in the platform table so every
// Lambda of the city and local mode share it without another service: the first reader creates it
// with a conditional put, and every later reader (and a racing one) gets the same key. Whoever can
// read this item can read the accounts themselves; the key stops clients from reading or forging cursors.
// `storedSecret` keeps any such secret in any table: a district's check-in token key lives in its
// district table (shared/adapters/district-keys.ts `checkInSecretKey`).
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure, platformTableName } from './dynamo';
import { checkInSecretKey } from './district-keys';
import { cursorSecretKey } from './platform-keys';
import type { Key } from './dynamo';

async function load(TableName: string, key: Key): Promise<Buffer> {
  const read = async () => {
    const out = await ddb.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    return typeof out.Item?.secret === 'string' ? Buffer.from(out.Item.secret, 'base64') : undefined;
  };
  const existing = await read();
  if (existing) return existing;
  const secret = randomBytes(32);
  try {
    await ddb.send(new PutCommand({ TableName, Item: { ...key, secret: secret.toString('base64') }, ConditionExpression: 'attribute_not_exists(PK)' }));
    return secret;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const winner = await read();
    if (!winner) throw e;
    return winner;
  }
}

const cached = new Map<string, Promise<Buffer>>();

/**
 * A 32-byte secret kept under `key` in `table`, created by its first reader. Read once per process
 * (a cold start); a failed read is retried by the next call.
 */
export function storedSecret(table: string, key: Key): Promise<Buffer> {
  const id = JSON.stringify([table, key]);
  let found = cached.get(id);
  if (!found) {
    found = load(table, key).catch((e: unknown) => {
      cached.delete(id);
      throw e;
    });
    cached.set(id, found);
  }
  return found;
}

/** A secret of the city in the platform table (cursors, audit pseudonyms). */
export const platformSecret = (key: Key): Promise<Buffer> => storedSecret(platformTableName(), key);

export const cursorSecret = (): Promise<Buffer> => platformSecret(cursorSecretKey);

/** A district's key of check-in tokens (issue 20 item 2), in its own district table. */
export const checkInSecret = (districtTable: string): Promise<Buffer> => storedSecret(districtTable, checkInSecretKey);
