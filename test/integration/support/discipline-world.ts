// Helpers of the discipline integration tests (sweeper, lockout, notifier).
//
// The sweeper handles every live booking of every served center whose last admission has passed,
// and the notifier every due record of a table: run against the shared tables they would also
// touch what other test files (running in parallel on the same DynamoDB Local) booked or queued,
// and those files' bookings would show up in these tests' reports. So each test here gets district
// and platform tables of its own (same definitions as the real ones, from shared/tables.ts) and
// points DISTRICT_TABLES and PLATFORM_TABLE — which every adapter reads per call — at them. Jest
// gives every test file its own process.env, so nothing leaks out.
import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../../local/dynamo-local';
import { confirmAccount, reserveLawyer } from '../../../shared/adapters/account-repository';
import { createBinding } from '../../../shared/adapters/binding-repository';
import { createDetainee } from '../../../shared/adapters/custody-repository';
import { ddb, platformTableName } from '../../../shared/adapters/dynamo';
import { districtTable, localTableName, platformTable } from '../../../shared/tables';
import { newId } from '../../../shared/ids';
import type { Principal } from '../../../shared/principal';
import { shanghaiIso } from '../../../shared/time';
import { bookSlot } from '../../../shared/use-cases/book-slot';
import { newLicense, newPhone, uniqueName } from './fixtures';

export const MINHANG = 'minhang-kss';
export const CHANGNING = 'changning-kss';

function adminClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
}

/** Tables this test file created, dropped by dropPrivateStacks. */
const created: string[] = [];

export interface PrivateStack {
  platform: string;
  minhang: string;
  changning: string;
}

/**
 * Creates an empty platform table and empty minhang and changning district tables for one test and
 * makes them PLATFORM_TABLE and the served districts (DISTRICT_TABLES).
 */
export async function privateStack(tag: string): Promise<PrivateStack> {
  const suffix = `${tag}-${randomBytes(4).toString('hex')}`;
  const tables = {
    platform: `${localTableName(platformTable)}-${suffix}`,
    minhang: `${localTableName(districtTable, 'minhang')}-${suffix}`,
    changning: `${localTableName(districtTable, 'changning')}-${suffix}`,
  };
  const client = adminClient();
  try {
    await Promise.all([
      ensureTable(client, platformTable, tables.platform),
      ensureTable(client, districtTable, tables.minhang),
      ensureTable(client, districtTable, tables.changning),
    ]);
  } finally {
    client.destroy();
  }
  created.push(tables.platform, tables.minhang, tables.changning);
  process.env.PLATFORM_TABLE = tables.platform;
  process.env.DISTRICT_TABLES = `minhang=${tables.minhang},changning=${tables.changning}`;
  return tables;
}

/** Drops every table privateStack created in this test file (call in afterAll). */
export async function dropPrivateStacks(): Promise<void> {
  const client = adminClient();
  try {
    await Promise.all(created.splice(0).map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
  } finally {
    client.destroy();
  }
}

export interface TestLawyer {
  userId: string;
  licenseNo: string;
  phone: string;
  principal: Principal;
}

/** A confirmed practising lawyer in the platform table. */
export async function newLawyer(now: Date): Promise<TestLawyer> {
  const userId = newId('lw');
  const username = uniqueName('disc');
  const licenseNo = newLicense();
  const phone = newPhone();
  await reserveLawyer({ userId, username, role: 'lawyer', status: 'unconfirmed', createdAt: shanghaiIso(now), name: '律师', phone, licenseNo, lawFirm: '测试律师事务所' }, now);
  await confirmAccount({ userId, username, licenseNo });
  return { userId, licenseNo, phone, principal: { userId, username, role: 'lawyer', centerIds: [], licenseNo } };
}

/** A recipient profile written directly (the notifier only reads phone, email and notifyBy). */
export async function putRecipient(userId: string, r: { phone?: string; email?: string; notifyBy?: 'sms' | 'email' | 'both' }): Promise<void> {
  await ddb.send(new PutCommand({ TableName: platformTableName(), Item: { PK: `USER#${userId}`, SK: 'PROFILE', userId, role: 'lawyer', status: 'confirmed', ...r } }));
}

/** A new active detainee of `centerId` in `table`, bound to each lawyer. */
export async function boundDetainee(table: string, centerId: string, lawyers: TestLawyer[], now: Date): Promise<string> {
  const createdAt = shanghaiIso(now);
  const detaineeId = newId('dt');
  await createDetainee(table, { detaineeId, centerId, name: '在押人员', sex: 'M', status: 'active', createdAt });
  for (const l of lawyers) {
    await createBinding(table, { bindingId: newId('bd'), centerId, detaineeId, licenseNo: l.licenseNo, verification: 'documents', status: 'active', createdAt });
  }
  return detaineeId;
}

/** Books `slotId` for the lawyer with a detainee of their own (so pair caps never get in the way). */
export async function bookWithNewDetainee(table: string, centerId: string, lawyer: TestLawyer, slotId: string, now: Date): Promise<string> {
  const detaineeId = await boundDetainee(table, centerId, [lawyer], now);
  const { view } = await bookSlot(lawyer.principal, { centerId, detaineeId, slotId }, randomUUID(), now);
  return view.bookingId;
}

/** A Shanghai wall-clock instant. */
export const at = (isoLocal: string): Date => new Date(`${isoLocal}+08:00`);

/** Outbox records of a table in one queue state (the sparse GSI1 queue `NOTIFY#<status>`), read directly. */
export async function queuedIn(table: string, status: 'pending' | 'sending' | 'failed' | 'dead', kind?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `NOTIFY#${status}` },
        ExclusiveStartKey,
      }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return kind ? items.filter((i) => i.kind === kind) : items;
}
