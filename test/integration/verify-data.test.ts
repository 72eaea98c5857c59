// scripts/verify-data.ts (docs/runbook-restore.md, "Check the restored table") against DynamoDB Local:
// a district table filled through the real use cases (bindings, a revoked binding, a full session with
// a waitlist and a promotion, a cancellation that gives the place back, a co-counsel who withdraws) is
// consistent; a copy of it with one planted fault of each kind — a wrong count, a queue gap, a
// duplicate queue number, an orphan guard, a booking without a guard, a binding to a missing
// detainee — is reported with exactly those six problems, on the items where they were planted, and
// the command-line run exits 1 on it (0 on the original). The verifier writes nothing.
process.env.BOOKING_ATTEMPTS_PER_MINUTE = '100000';

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../local/dynamo-local';
import { createBinding, revokeBinding } from '../../shared/adapters/binding-repository';
import { bindingKey, bookingKey, detaineeKey, detaineeSlotKey, lawyerSlotKey, sessionKey } from '../../shared/adapters/district-keys';
import { ddb } from '../../shared/adapters/dynamo';
import { addDays } from '../../shared/domain/calendar';
import { newDistrictId, newId } from '../../shared/ids';
import { shanghaiIso } from '../../shared/time';
import { bookSlot } from '../../shared/use-cases/book-slot';
import { cancelBooking } from '../../shared/use-cases/cancel-booking';
import { joinWaitlist } from '../../shared/use-cases/waitlist';
import { withdrawFromBooking } from '../../shared/use-cases/withdraw-booking';
import { workCalendar } from '../../shared/work-calendar';
import { districtTable } from '../../shared/tables';
import { type ProblemKind, scanAll, verifyItems, verifyTable } from '../../scripts/verify-data';
import { at, boundDetainee, CHANGNING, dropPrivateStacks, newLawyer, privateStack, type TestLawyer } from './support/discipline-world';
import { uniqueName } from './support/fixtures';

const run = promisify(execFile);
const keyOf = (k: Record<string, string>) => ({ PK: k.PK, SK: k.SK });
const ROOT = path.resolve(__dirname, '..', '..');

function nextWorkday(after: string): string {
  let d = addDays(after, 1);
  while (!workCalendar().isWorkday(d)) d = addDays(d, 1);
  return d;
}

const today = nextWorkday('2026-12-06');
const NOW = at(`${today}T09:00:00`);
const day1 = nextWorkday(today);
const day2 = nextWorkday(day1);
const A = `${day1}.AM`;
const B = `${day1}.PM`;
const C = `${day2}.AM`;

let table: string;
let copy: string;
let lawyers: TestLawyer[];
let detainees: string[];
let lonelyDetainee: string;
const booking: Record<string, string> = {};

const book = async (lead: number, detainee: number, slotId: string, coCounsel: number[] = []) =>
  (
    await bookSlot(
      lawyers[lead].principal,
      { centerId: CHANGNING, detaineeId: detainees[detainee], slotId, coCounselLawyerIds: coCounsel.map((i) => lawyers[i].userId) },
      randomUUID(),
      NOW,
    )
  ).view;

async function copyTable(from: string, to: string): Promise<void> {
  const items = await scanAll(ddb, from);
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [to]: pending } }));
      pending = (out.UnprocessedItems?.[to] ?? []) as typeof pending;
    }
  }
}

const sortedItems = async (t: string) => (await scanAll(ddb, t)).map((i) => JSON.stringify(i, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v))).sort();

beforeAll(async () => {
  ({ changning: table } = await privateStack('verify'));
  lawyers = await Promise.all(Array.from({ length: 7 }, () => newLawyer(NOW)));
  detainees = [];
  for (let i = 0; i < 8; i++) detainees.push(await boundDetainee(table, CHANGNING, lawyers, NOW));

  // A detainee whose one binding was revoked: the binding stays, ended, without its guard.
  lonelyDetainee = await boundDetainee(table, CHANGNING, [], NOW);
  const revoked = newId('bd');
  await createBinding(table, {
    bindingId: revoked,
    centerId: CHANGNING,
    detaineeId: lonelyDetainee,
    licenseNo: lawyers[0].licenseNo,
    verification: 'documents',
    status: 'active',
    createdAt: shanghaiIso(NOW),
  });
  await revokeBinding(table, CHANGNING, revoked, NOW);
  booking.revokedBinding = revoked;

  // Session A: full (6 places), lawyer 6 waits, lawyer 0 cancels and lawyer 6 is promoted (queue 7).
  for (let i = 0; i < 6; i++) booking[`A${i}`] = (await book(i, i, A)).bookingId;
  await joinWaitlist(lawyers[6].principal, { centerId: CHANGNING, detaineeId: detainees[6], slotId: A }, NOW);
  const cancelled = await cancelBooking(lawyers[0].principal, booking.A0, randomUUID(), NOW);
  expect(cancelled.promotedWaitlistId).not.toBeNull();
  // Session B: two bookings, one cancelled with nobody waiting (the place goes back).
  booking.B1 = (await book(1, 6, B)).bookingId;
  booking.B2 = (await book(2, 7, B)).bookingId;
  await cancelBooking(lawyers[2].principal, booking.B2, randomUUID(), NOW);
  // Session C: lawyer 3 with co-counsel lawyer 4, who withdraws; lawyer 5 alone.
  booking.C3 = (await book(3, 0, C, [4])).bookingId;
  await withdrawFromBooking(lawyers[4].principal, booking.C3, NOW);
  booking.C5 = (await book(5, 1, C)).bookingId;

  copy = uniqueName('lmb-verify-corrupt');
  const admin = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  try {
    await ensureTable(admin, districtTable, copy);
  } finally {
    admin.destroy();
  }
  await copyTable(table, copy);
}, 120_000);

afterAll(async () => {
  const admin = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  try {
    if (copy) await admin.send(new DeleteTableCommand({ TableName: copy }));
  } finally {
    admin.destroy();
  }
  await dropPrivateStacks();
});

describe('verify:data on a consistent table', () => {
  it('finds no problem in a table written by the use cases', async () => {
    const report = await verifyTable(ddb, table);
    expect(report.problems).toEqual([]);
    // What it read is the seeded data set: 3 sessions, 11 bookings (2 cancelled, 1 promoted), 9 detainees, 57 bindings.
    expect(report.counted).toMatchObject({ sessions: 3, bookings: 11, interrogations: 0, detainees: 9, bindings: 57, bindingGuards: 56 });
    // Live bookings: 6 in A, 1 in B, 2 in C; guards: one per detainee and one per lawyer named.
    expect(report.counted.slotGuards).toBe(9 + 9);
  });

  it('checks admitted = bookings + holds only on a session record that has them', async () => {
    const items = await scanAll(ddb, table);
    const withHolds = (admitted: number) =>
      items.map((i) => (i.PK === sessionKey(CHANGNING, A).PK && i.SK === A ? { ...i, admitted, holds: { 'hold-1': { lawyerId: lawyers[6].userId } } } : i));
    expect(verifyItems(table, withHolds(7)).problems).toEqual([]);
    expect(verifyItems(table, withHolds(6)).problems).toEqual([{ kind: 'session-admitted', ...sessionKey(CHANGNING, A), message: 'admitted = 6 but 6 booking(s) + 1 hold(s)' }]);
  });

  it('exits 0 from the command line', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/verify-data.ts', '--endpoint', process.env.DYNAMODB_ENDPOINT!, '--table', table], { cwd: ROOT, env: process.env });
    expect(stdout).toContain('no problem found');
  });
});

describe('verify:data on a corrupted copy', () => {
  const planted: { kind: ProblemKind; PK: string; SK: string }[] = [];

  beforeAll(async () => {
    const put = (Item: Record<string, unknown>) => ddb.send(new PutCommand({ TableName: copy, Item }));
    const update = (Key: Record<string, string>, UpdateExpression: string, values: Record<string, unknown>) =>
      ddb.send(new UpdateCommand({ TableName: copy, Key, UpdateExpression, ExpressionAttributeValues: values, ConditionExpression: 'attribute_exists(PK)' }));

    // 1. A wrong count: session B says 2 places are taken, one booking holds one.
    await update(sessionKey(CHANGNING, B), 'SET booked = :n', { ':n': 2 });
    planted.push({ kind: 'session-count', ...keyOf(sessionKey(CHANGNING, B)) });
    // 2. A queue gap: session C handed out numbers up to 3, bookings hold 1 and 2.
    await update(sessionKey(CHANGNING, C), 'SET lastQueue = :n', { ':n': 3 });
    planted.push({ kind: 'queue-gap', ...keyOf(sessionKey(CHANGNING, C)) });
    // 3. A duplicate queue number: the promoted booking of A (7) holds 6 too, and A's counter says 6.
    const promoted = (await scanAll(ddb, copy)).find((i) => i.SK === 'BOOKING' && i.slotId === A && i.queueNumber === 7)!;
    booking.promotedA = promoted.bookingId as string;
    await update(bookingKey(booking.promotedA), 'SET queueNumber = :n', { ':n': 6 });
    await update(sessionKey(CHANGNING, A), 'SET lastQueue = :n', { ':n': 6 });
    planted.push({ kind: 'queue-duplicate', ...keyOf(sessionKey(CHANGNING, A)) });
    // 4. An orphan guard: detainee 5 is "busy" in C for a booking that does not exist.
    const ghost = detaineeSlotKey(detainees[5], C);
    await put({ ...ghost, bookingId: newDistrictId('bk', 'changning'), kind: 'lawyer-meeting', centerId: CHANGNING, date: day2 });
    planted.push({ kind: 'guard-orphan', ...keyOf(ghost) });
    // 5. A booking without a guard: lawyer 5's slot guard of C is gone.
    await ddb.send(new DeleteCommand({ TableName: copy, Key: lawyerSlotKey(lawyers[5].userId, CHANGNING, C) }));
    planted.push({ kind: 'booking-missing-guard', ...keyOf(bookingKey(booking.C5)) });
    // 6. A binding to a missing detainee: the lonely detainee's record is gone, the revoked binding stays.
    await ddb.send(new DeleteCommand({ TableName: copy, Key: detaineeKey(lonelyDetainee) }));
    planted.push({ kind: 'binding-missing-detainee', ...keyOf(bindingKey(booking.revokedBinding)) });
  });

  it('finds each planted fault, on the item it was planted on, and nothing else', async () => {
    const report = await verifyTable(ddb, copy);
    const found = report.problems.map(({ kind, PK, SK }) => ({ kind, PK, SK }));
    const byKind = (x: { kind: string }, y: { kind: string }) => x.kind.localeCompare(y.kind);
    expect([...found].sort(byKind)).toEqual([...planted].sort(byKind));
    const message = (kind: ProblemKind) => report.problems.find((p) => p.kind === kind)!.message;
    expect(message('session-count')).toBe('booked = 2 but 1 booking(s) of the session hold a place');
    expect(message('queue-gap')).toBe('queue number(s) 3 of 1..3 belong to no booking or interrogation');
    expect(message('queue-duplicate')).toMatch(/^queue number 6 is held by 2: booking /);
    expect(message('queue-duplicate')).toContain(`booking ${booking.promotedA}`);
    expect(message('guard-orphan')).toMatch(/^detainee slot guard points at booking bk\.changning\.\w+, which does not exist$/);
    expect(message('booking-missing-guard')).toContain(`no slot guard of lawyer ${lawyers[5].userId}`);
    expect(message('binding-missing-detainee')).toBe(`binding ${booking.revokedBinding} names detainee ${lonelyDetainee}, who has no record`);
  });

  it('exits 1 from the command line and prints every problem', async () => {
    const failed = await run('npx', ['tsx', 'scripts/verify-data.ts', '--endpoint', process.env.DYNAMODB_ENDPOINT!, '--table', copy], { cwd: ROOT, env: process.env }).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).toBe(1);
    for (const p of planted) expect(failed!.stdout).toContain(`${p.kind}\t${p.PK} / ${p.SK}`);
    expect(failed!.stdout).toContain('6 problem(s) found');
  });

  it('writes nothing: the table is the same item for item after a run', async () => {
    const before = await sortedItems(copy);
    await verifyTable(ddb, copy);
    expect(await sortedItems(copy)).toEqual(before);
  });

  it('refuses to run without a table (exit 2)', async () => {
    const failed = await run('npx', ['tsx', 'scripts/verify-data.ts', '--endpoint', process.env.DYNAMODB_ENDPOINT!], { cwd: ROOT, env: process.env }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed!.stderr).toContain('--table <name> is required');
  });
});
