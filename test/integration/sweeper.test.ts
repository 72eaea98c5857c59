// The no-show sweeper (shared/use-cases/sweep.ts) against DynamoDB Local: it finds exactly the
// live bookings whose last admission has passed (checked-in, cancelled and future ones untouched),
// sends tomorrow's reminders once, and is idempotent — a second sweep, a sweep rerun after a crash
// mid-way, and concurrent sweeps mark every no-show once with exactly one violation each, and the
// lawyers' discipline counts are right. Every test has platform and district tables of its own.
process.env.BOOKING_ATTEMPTS_PER_MINUTE = '100000';
jest.setTimeout(60_000);

import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { getBooking } from '../../shared/adapters/booking-repository';
import { listViolations, readDiscipline } from '../../shared/adapters/discipline-repository';
import { ddb, platformTableName } from '../../shared/adapters/dynamo';
import type { Principal } from '../../shared/principal';
import { shanghaiIso } from '../../shared/time';
import { checkIn } from '../../shared/use-cases/attendance';
import { cancelBooking } from '../../shared/use-cases/cancel-booking';
import { sweep, type SweepReport } from '../../shared/use-cases/sweep';
import { at, bookWithNewDetainee, CHANGNING, dropPrivateStacks, MINHANG, newLawyer, privateStack, queuedIn, type PrivateStack, type TestLawyer } from './support/discipline-world';

afterAll(dropPrivateStacks);
const BOOK_AT = at('2026-12-01T07:00:00');
/** After the last admission (16:30) of 2026-12-02 PM; "tomorrow" is 2026-12-03. */
const SWEEP_AT = at('2026-12-02T18:00:00');
const minhangStaff: Principal = { userId: 'us_sweep_staff', username: 'sweep-staff', role: 'staff', centerIds: [MINHANG] };

const sorted = (ids: string[]) => [...ids].sort();

async function statusOf(table: string, bookingId: string): Promise<string | undefined> {
  return (await getBooking(table, bookingId))?.status;
}

async function rawBooking(table: string, bookingId: string): Promise<Record<string, unknown>> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: { PK: `BOOKING#${bookingId}`, SK: 'BOOKING' }, ConsistentRead: true }));
  return out.Item ?? {};
}

/** Exactly one no-show violation per booking, with the sweeper's deterministic id. */
async function expectOneViolationEach(lawyer: TestLawyer, bookingIds: string[]): Promise<void> {
  const violations = await listViolations(lawyer.userId);
  expect(sorted(violations.map((v) => v.bookingId))).toEqual(sorted(bookingIds));
  expect(sorted(violations.map((v) => v.violationId))).toEqual(sorted(bookingIds.map((b) => `vi_noshow_${b}`)));
  expect(violations.every((v) => v.reason === 'no_show' && v.status === 'counted')).toBe(true);
}

/** Every violation id the discipline state holds (open or consumed by its lock), each once. */
async function disciplineOf(lawyer: TestLawyer) {
  const state = await readDiscipline(lawyer.userId);
  const held = [...state.openViolationIds, ...(state.lock?.violationIds ?? [])];
  expect(new Set(held).size).toBe(held.length);
  return { state, held };
}

describe('sweep: what it marks', () => {
  let tables: PrivateStack;
  const ids: Record<string, string> = {};
  const lawyers: Record<string, TestLawyer> = {};

  beforeAll(async () => {
    tables = await privateStack('sweep-mix');
    for (const name of ['missedMinhang', 'missedChangning', 'checkedIn', 'cancelled', 'future', 'tomorrow']) lawyers[name] = await newLawyer(BOOK_AT);
    ids.missedMinhang = await bookWithNewDetainee(tables.minhang, MINHANG, lawyers.missedMinhang, '2026-12-01.AM', BOOK_AT);
    ids.missedChangning = await bookWithNewDetainee(tables.changning, CHANGNING, lawyers.missedChangning, '2026-12-02.PM', BOOK_AT);
    ids.checkedIn = await bookWithNewDetainee(tables.minhang, MINHANG, lawyers.checkedIn, '2026-12-01.AM', BOOK_AT);
    ids.cancelled = await bookWithNewDetainee(tables.minhang, MINHANG, lawyers.cancelled, '2026-12-02.AM', BOOK_AT);
    ids.future = await bookWithNewDetainee(tables.minhang, MINHANG, lawyers.future, '2026-12-04.AM', BOOK_AT);
    ids.tomorrow = await bookWithNewDetainee(tables.minhang, MINHANG, lawyers.tomorrow, '2026-12-03.AM', BOOK_AT);
    await checkIn(minhangStaff, ids.checkedIn, at('2026-12-01T08:40:00'), at('2026-12-01T09:00:00'));
    await cancelBooking(lawyers.cancelled.principal, ids.cancelled, randomUUID(), BOOK_AT);
  });

  it('at the last admission itself a booking is not yet a no-show', async () => {
    // 2026-12-01 AM's last admission is 11:00: at exactly 11:00 nothing is swept (the booking of
    // 2026-12-02, tomorrow then, gets its reminder).
    const report = await sweep(at('2026-12-01T11:00:00'));
    expect(report).toMatchObject({ noShows: [], reminders: [ids.missedChangning], skipped: 0 });
    expect(await statusOf(tables.minhang, ids.missedMinhang)).toBe('booked');
    expect(await statusOf(tables.minhang, ids.checkedIn)).toBe('checked_in');
  });

  it('marks the live bookings past their last admission in every served district, and reminds tomorrow’s once', async () => {
    const report = await sweep(SWEEP_AT);
    expect(report.at).toBe(shanghaiIso(SWEEP_AT));
    expect(sorted(report.noShows)).toEqual(sorted([ids.missedMinhang, ids.missedChangning]));
    expect(report.reminders).toEqual([ids.tomorrow]);
    expect(report.skipped).toBe(0);
    expect((await rawBooking(tables.changning, ids.missedChangning)).remindedAt).toBe(shanghaiIso(at('2026-12-01T11:00:00')));

    expect(await statusOf(tables.minhang, ids.missedMinhang)).toBe('no_show');
    expect(await statusOf(tables.changning, ids.missedChangning)).toBe('no_show');
    const swept = await rawBooking(tables.minhang, ids.missedMinhang);
    expect(swept.sweptAt).toBe(shanghaiIso(SWEEP_AT));
    // Gone from the live index: no later sweep reads it again.
    expect(swept.GSI2PK).toBeUndefined();
    expect(swept.GSI2SK).toBeUndefined();

    expect(await statusOf(tables.minhang, ids.checkedIn)).toBe('checked_in');
    expect(await statusOf(tables.minhang, ids.cancelled)).toBe('cancelled');
    expect(await statusOf(tables.minhang, ids.future)).toBe('booked');
    expect((await rawBooking(tables.minhang, ids.future)).remindedAt).toBeUndefined();
    expect(await statusOf(tables.minhang, ids.tomorrow)).toBe('booked');
    expect((await rawBooking(tables.minhang, ids.tomorrow)).remindedAt).toBe(shanghaiIso(SWEEP_AT));

    await expectOneViolationEach(lawyers.missedMinhang, [ids.missedMinhang]);
    await expectOneViolationEach(lawyers.missedChangning, [ids.missedChangning]);
    for (const name of ['checkedIn', 'cancelled', 'future', 'tomorrow']) expect(await listViolations(lawyers[name].userId)).toEqual([]);
    expect(await readDiscipline(lawyers.missedMinhang.userId)).toMatchObject({ openViolationIds: [`vi_noshow_${ids.missedMinhang}`], lock: null });

    // Each violation's notice was written with it (outbox, platform table), the reminder in the district's.
    const notices = await queuedIn(tables.platform, 'pending', 'violation-recorded');
    expect(sorted(notices.map((n) => String(n.bookingId)))).toEqual(sorted([ids.missedMinhang, ids.missedChangning]));
    expect(notices.find((n) => n.bookingId === ids.missedMinhang)).toMatchObject({ recipientId: lawyers.missedMinhang.userId, params: { reason: 'no_show' } });
    expect((await queuedIn(tables.minhang, 'pending', 'booking-reminder')).map((n) => n.bookingId)).toEqual([ids.tomorrow]);
  });

  it('a second sweep (same or later time) changes nothing', async () => {
    const before = await Promise.all([lawyers.missedMinhang, lawyers.missedChangning].map((l) => readDiscipline(l.userId)));
    for (const now of [SWEEP_AT, new Date(SWEEP_AT.getTime() + 10 * 60_000)]) {
      const again = await sweep(now);
      expect(again).toMatchObject({ noShows: [], reminders: [], skipped: 0 });
    }
    const after = await Promise.all([lawyers.missedMinhang, lawyers.missedChangning].map((l) => readDiscipline(l.userId)));
    expect(after).toEqual(before);
    await expectOneViolationEach(lawyers.missedMinhang, [ids.missedMinhang]);
    await expectOneViolationEach(lawyers.missedChangning, [ids.missedChangning]);
    expect((await queuedIn(tables.minhang, 'pending', 'booking-reminder')).map((n) => n.bookingId)).toEqual([ids.tomorrow]);
    expect(await queuedIn(tables.platform, 'pending', 'violation-recorded')).toHaveLength(2);
    expect(await statusOf(tables.minhang, ids.future)).toBe('booked');
  });
});

// ---------------------------------------------------------------------------------------------
// Seven no-shows of three lawyers over both districts: X misses four (a lock consuming three, one
// open), Y two, Z one.

interface Missed {
  tables: PrivateStack;
  x: TestLawyer;
  y: TestLawyer;
  z: TestLawyer;
  byLawyer: Map<TestLawyer, string[]>;
  tableOf: Map<string, string>;
  all: string[];
}

async function sevenNoShows(tag: string): Promise<Missed> {
  const tables = await privateStack(tag);
  const [x, y, z] = await Promise.all([newLawyer(BOOK_AT), newLawyer(BOOK_AT), newLawyer(BOOK_AT)]);
  const plan: [TestLawyer, string, string][] = [
    [x, MINHANG, '2026-12-01.AM'],
    [x, MINHANG, '2026-12-01.PM'],
    [x, CHANGNING, '2026-12-02.AM'],
    [x, MINHANG, '2026-12-02.PM'],
    [y, MINHANG, '2026-12-01.AM'],
    [y, CHANGNING, '2026-12-01.PM'],
    [z, CHANGNING, '2026-12-02.AM'],
  ];
  const byLawyer = new Map<TestLawyer, string[]>([
    [x, []],
    [y, []],
    [z, []],
  ]);
  const tableOf = new Map<string, string>();
  for (const [lawyer, centerId, slotId] of plan) {
    const table = centerId === MINHANG ? tables.minhang : tables.changning;
    const bookingId = await bookWithNewDetainee(table, centerId, lawyer, slotId, BOOK_AT);
    byLawyer.get(lawyer)!.push(bookingId);
    tableOf.set(bookingId, table);
  }
  return { tables, x, y, z, byLawyer, tableOf, all: [...tableOf.keys()] };
}

/** Every no-show marked, one violation each, and the counts and lock they imply. */
async function expectSettled(m: Missed): Promise<void> {
  for (const bookingId of m.all) expect(await statusOf(m.tableOf.get(bookingId)!, bookingId)).toBe('no_show');
  for (const [lawyer, bookingIds] of m.byLawyer) await expectOneViolationEach(lawyer, bookingIds);

  const x = await disciplineOf(m.x);
  expect(sorted(x.held)).toEqual(sorted(m.byLawyer.get(m.x)!.map((b) => `vi_noshow_${b}`)));
  expect(x.state.lock?.violationIds).toHaveLength(3);
  expect(x.state.openViolationIds).toHaveLength(1);
  expect(Date.parse(x.state.lock!.until)).toBeGreaterThan(SWEEP_AT.getTime());
  for (const [lawyer, open] of [
    [m.y, 2],
    [m.z, 1],
  ] as const) {
    const d = await disciplineOf(lawyer);
    expect(d.state.lock).toBeNull();
    expect(d.state.openViolationIds).toHaveLength(open);
  }
  // The profile fields every booking transaction and GET /me read agree with the state.
  const profile = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: { PK: `USER#${m.x.userId}`, SK: 'PROFILE' }, ConsistentRead: true }));
  expect(profile.Item).toMatchObject({ lockedUntil: x.state.lock!.until });
  // Notices were written in the transactions that counted: one per violation, one for the lock.
  const notices = await queuedIn(m.tables.platform, 'pending', 'violation-recorded');
  expect(sorted(notices.map((n) => String(n.bookingId)))).toEqual(sorted(m.all));
  expect((await queuedIn(m.tables.platform, 'pending', 'lockout-applied')).map((n) => n.recipientId)).toEqual([m.x.userId]);
}

describe('sweep: crash mid-way and rerun', () => {
  type Mode = 'before-commit' | 'after-commit';
  // `after-commit`: the transaction went through but the sweep died before hearing so.
  it.each<[number, Mode]>([
    [0, 'before-commit'],
    [3, 'before-commit'],
    [2, 'after-commit'],
    [5, 'after-commit'],
  ])('crash after %i transactions (%s), then a normal sweep: no loss, no double count', async (crashAfter, mode) => {
    const m = await sevenNoShows(`sweep-crash${crashAfter}`);
    const realSend = ddb.send.bind(ddb) as (command: unknown) => Promise<unknown>;
    let transactions = 0;
    // From the crash on, nothing reaches the table any more (the process is gone); with
    // `after-commit` the crashing transaction itself still went through.
    const spy = jest.spyOn(ddb, 'send').mockImplementation((async (command: unknown) => {
      if (!(command instanceof TransactWriteCommand)) return transactions > crashAfter ? Promise.reject(new Error('simulated crash')) : realSend(command);
      transactions++;
      if (transactions <= crashAfter) return realSend(command);
      if (mode === 'after-commit' && transactions === crashAfter + 1) await realSend(command);
      throw new Error('simulated crash');
    }) as never);
    try {
      // The crashed run either reports failed bookings or dies on its next read; what matters is the rerun.
      const crashed = await sweep(SWEEP_AT).catch((e: Error) => e);
      expect(crashed instanceof Error ? crashed.message : crashed.failed.length > 0).toBe(crashed instanceof Error ? 'simulated crash' : true);
    } finally {
      spy.mockRestore();
    }
    const committed = crashAfter + (mode === 'after-commit' ? 1 : 0);
    const doneBefore = (await Promise.all(m.all.map((b) => statusOf(m.tableOf.get(b)!, b)))).filter((s) => s === 'no_show').length;
    expect(doneBefore).toBe(committed);

    const rerun = await sweep(new Date(SWEEP_AT.getTime() + 5 * 60_000));
    expect(rerun.noShows).toHaveLength(m.all.length - committed);
    expect(rerun.skipped).toBe(0);
    await expectSettled(m);
    expect(await sweep(new Date(SWEEP_AT.getTime() + 10 * 60_000))).toMatchObject({ noShows: [], skipped: 0 });
    await expectSettled(m);
  });
});

describe('sweep: concurrent runs', () => {
  it('three sweeps at once mark every no-show exactly once between them', async () => {
    const m = await sevenNoShows('sweep-conc');
    const reports: SweepReport[] = await Promise.all([sweep(SWEEP_AT), sweep(SWEEP_AT), sweep(new Date(SWEEP_AT.getTime() + 1))]);
    const marked = reports.flatMap((r) => r.noShows);
    expect(sorted(marked)).toEqual(sorted(m.all));
    await expectSettled(m);
    expect(await sweep(SWEEP_AT)).toMatchObject({ noShows: [], skipped: 0 });
  });
});
