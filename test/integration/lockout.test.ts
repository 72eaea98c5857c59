// The violations ledger and the platform-wide lockout (R3, B1) across two district stacks' tables:
// no-shows swept in minhang's table lock the lawyer out of booking in changning's; the lock runs
// out with the injected clock and the count restarts; an appeal voided by the violation's center
// recounts and lifts the lock; concurrent sweeps and an appeal decision never double count. Each
// test has platform, minhang and changning tables of its own.
process.env.BOOKING_ATTEMPTS_PER_MINUTE = '100000';
jest.setTimeout(60_000);

import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { listLawyerBookings } from '../../shared/adapters/booking-repository';
import { listViolations, readDiscipline } from '../../shared/adapters/discipline-repository';
import { ddb } from '../../shared/adapters/dynamo';
import { disciplineView, isLocked } from '../../shared/domain/discipline';
import type { Principal } from '../../shared/principal';
import { shanghaiIso } from '../../shared/time';
import { appeal, decide } from '../../shared/use-cases/appeals';
import { bookSlot } from '../../shared/use-cases/book-slot';
import { sweep } from '../../shared/use-cases/sweep';
import {
  at,
  bookWithNewDetainee,
  boundDetainee,
  CHANGNING,
  dropPrivateStacks,
  MINHANG,
  newLawyer,
  privateStack,
  queuedIn,
  type PrivateStack,
  type TestLawyer,
} from './support/discipline-world';

afterAll(dropPrivateStacks);
const BOOK_AT = at('2026-12-01T07:00:00');
/** After the last admission of 2026-12-01 AM, 2026-12-01 PM and 2026-12-02 AM. */
const SWEEP_AT = at('2026-12-02T12:00:00');
const DAY_MS = 24 * 3600 * 1000;
const plusDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);
const minhangStaff: Principal = { userId: 'us_minhang_staff', username: 'minhang-staff', role: 'staff', centerIds: [MINHANG] };
const changningStaff: Principal = { userId: 'us_changning_staff', username: 'changning-staff', role: 'staff', centerIds: [CHANGNING] };
const sorted = (ids: string[]) => [...ids].sort();

const bookIn = (centerId: string, lawyer: TestLawyer, detaineeId: string, slotId: string, now: Date) =>
  bookSlot(lawyer.principal, { centerId, detaineeId, slotId }, randomUUID(), now);

async function profileOf(tables: PrivateStack, lawyer: TestLawyer): Promise<Record<string, unknown>> {
  const out = await ddb.send(new GetCommand({ TableName: tables.platform, Key: { PK: `USER#${lawyer.userId}`, SK: 'PROFILE' }, ConsistentRead: true }));
  return out.Item ?? {};
}

/** Three bookings in minhang on 2026-12-01 AM/PM and 2026-12-02 AM, swept as no-shows at SWEEP_AT. */
async function threeNoShows(tables: PrivateStack, lawyer: TestLawyer): Promise<string[]> {
  const bookingIds: string[] = [];
  for (const slotId of ['2026-12-01.AM', '2026-12-01.PM', '2026-12-02.AM']) bookingIds.push(await bookWithNewDetainee(tables.minhang, MINHANG, lawyer, slotId, BOOK_AT));
  const report = await sweep(SWEEP_AT);
  expect(sorted(report.noShows)).toEqual(sorted(bookingIds));
  return bookingIds;
}

const notices = async (tables: PrivateStack, kind: string, lawyer: TestLawyer) => (await queuedIn(tables.platform, 'pending', kind)).filter((n) => n.recipientId === lawyer.userId);

describe('platform-wide lockout', () => {
  it('three no-shows in minhang lock the lawyer out of changning; the lock runs out and the count restarts', async () => {
    const tables = await privateStack('lock-expiry');
    const lawyer = await newLawyer(BOOK_AT);
    const changningDetainee = await boundDetainee(tables.changning, CHANGNING, [lawyer], BOOK_AT);
    const noShows = await threeNoShows(tables, lawyer);

    const until = shanghaiIso(plusDays(SWEEP_AT, 30));
    expect(until).toBe('2027-01-01T12:00:00.000+08:00');
    const state = await readDiscipline(lawyer.userId);
    expect(state.openViolationIds).toEqual([]);
    expect(sorted(state.lock!.violationIds)).toEqual(sorted(noShows.map((b) => `vi_noshow_${b}`)));
    expect(state.lock).toMatchObject({ from: shanghaiIso(SWEEP_AT), until });
    // B1a: during the lock the count shows the three violations it rests on.
    expect(disciplineView(state, SWEEP_AT)).toEqual({ violationCount: 3, lockedUntil: until });
    expect(await profileOf(tables, lawyer)).toMatchObject({ lockedUntil: until });
    expect(await notices(tables, 'violation-recorded', lawyer)).toHaveLength(3);
    expect(await notices(tables, 'lockout-applied', lawyer)).toHaveLength(1);

    // Refused in the other district's stack (its own table), and in minhang's; nothing is written.
    await expect(bookIn(CHANGNING, lawyer, changningDetainee, '2026-12-03.AM', SWEEP_AT)).rejects.toMatchObject({ code: 'LOCKED_OUT', details: { lockedUntil: until } });
    const minhangDetainee = await boundDetainee(tables.minhang, MINHANG, [lawyer], SWEEP_AT);
    await expect(bookIn(MINHANG, lawyer, minhangDetainee, '2026-12-03.AM', SWEEP_AT)).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    expect(await listLawyerBookings(tables.changning, lawyer.userId)).toEqual([]);

    // Still locked a millisecond before the end; free at the end itself.
    const justBefore = new Date(Date.parse(until) - 1);
    expect(isLocked(await readDiscipline(lawyer.userId), justBefore)).toBe(true);
    await expect(bookIn(CHANGNING, lawyer, changningDetainee, '2027-01-04.AM', justBefore)).rejects.toMatchObject({ code: 'LOCKED_OUT' });
    const end = new Date(Date.parse(until));
    expect(disciplineView(await readDiscipline(lawyer.userId), end)).toEqual({ violationCount: 0, lockedUntil: null });
    const { view: afterLock } = await bookIn(CHANGNING, lawyer, changningDetainee, '2027-01-04.AM', end);

    // The count restarts: a no-show after the lock is the first of a new count, not a new lock.
    const missedAgain = await sweep(at('2027-01-04T12:00:00'));
    expect(missedAgain.noShows).toEqual([afterLock.bookingId]);
    const restarted = await readDiscipline(lawyer.userId);
    expect(restarted.openViolationIds).toEqual([`vi_noshow_${afterLock.bookingId}`]);
    expect(disciplineView(restarted, at('2027-01-04T12:00:00'))).toEqual({ violationCount: 1, lockedUntil: null });

    // Two more make three since the lock ended: a new lock of its own, from then.
    const more = [
      (await bookIn(CHANGNING, lawyer, changningDetainee, '2027-01-05.AM', at('2027-01-04T12:00:00'))).view.bookingId,
      await bookWithNewDetainee(tables.minhang, MINHANG, lawyer, '2027-01-05.PM', at('2027-01-04T12:00:00')),
    ];
    const secondSweepAt = at('2027-01-05T17:00:00');
    expect(sorted((await sweep(secondSweepAt)).noShows)).toEqual(sorted(more));
    const relocked = await readDiscipline(lawyer.userId);
    expect(sorted(relocked.lock!.violationIds)).toEqual(sorted([afterLock.bookingId, ...more].map((b) => `vi_noshow_${b}`)));
    expect(relocked.lock).toMatchObject({ from: shanghaiIso(secondSweepAt), until: shanghaiIso(plusDays(secondSweepAt, 30)) });
    expect(disciplineView(relocked, secondSweepAt)).toEqual({ violationCount: 3, lockedUntil: shanghaiIso(plusDays(secondSweepAt, 30)) });
    expect(await listViolations(lawyer.userId)).toHaveLength(6);
    expect(await notices(tables, 'lockout-applied', lawyer)).toHaveLength(2);
  });

  it('appeal → voided by the violation’s center → recount: the lock is lifted, and the rest still count', async () => {
    const tables = await privateStack('lock-appeal');
    const lawyer = await newLawyer(BOOK_AT);
    const changningDetainee = await boundDetainee(tables.changning, CHANGNING, [lawyer], BOOK_AT);
    const noShows = await threeNoShows(tables, lawyer);
    const decideAt = at('2026-12-02T14:00:00');

    const [first, ...rest] = await listViolations(lawyer.userId);
    const appealed = await appeal(lawyer.principal, first.violationId, '当日法院临时开庭，已电话告知看守所', decideAt);
    expect(appealed.status).toBe('appealed');
    // An appeal alone changes nothing: the lock stands until staff decide.
    expect(disciplineView(await readDiscipline(lawyer.userId), decideAt)).toMatchObject({ violationCount: 3, lockedUntil: expect.any(String) });
    await expect(appeal(lawyer.principal, first.violationId, '再次申诉', decideAt)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(decide(changningStaff, first.violationId, 'voided', decideAt)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const decided = await decide(minhangStaff, first.violationId, 'voided', decideAt);
    expect(decided).toMatchObject({ status: 'voided', decidedBy: minhangStaff.userId });
    const state = await readDiscipline(lawyer.userId);
    expect(isLocked(state, decideAt)).toBe(false);
    expect(sorted(state.openViolationIds)).toEqual(sorted(rest.map((v) => v.violationId)));
    expect(disciplineView(state, decideAt)).toEqual({ violationCount: 2, lockedUntil: null });
    const profile = await profileOf(tables, lawyer);
    expect(String(profile.lockedUntil) <= shanghaiIso(decideAt)).toBe(true);
    expect((await listViolations(lawyer.userId)).find((v) => v.violationId === first.violationId)).toMatchObject({ status: 'voided', decidedBy: minhangStaff.userId });
    expect(await notices(tables, 'lockout-lifted', lawyer)).toHaveLength(1);
    expect(await notices(tables, 'appeal-decided', lawyer)).toHaveLength(1);
    await expect(decide(minhangStaff, first.violationId, 'voided', decideAt)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(appeal(lawyer.principal, first.violationId, '再次申诉', decideAt)).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // Booking works again, in the other district too.
    const { view } = await bookIn(CHANGNING, lawyer, changningDetainee, '2026-12-03.AM', decideAt);
    // The voided violation no longer counts, the other two still do: one more no-show locks again.
    const sweepAt = at('2026-12-03T12:00:00');
    expect((await sweep(sweepAt)).noShows).toEqual([view.bookingId]);
    const relocked = await readDiscipline(lawyer.userId);
    expect(sorted(relocked.lock!.violationIds)).toEqual(sorted([...rest.map((v) => v.violationId), `vi_noshow_${view.bookingId}`]));
    expect(relocked.lock!.violationIds).not.toContain(first.violationId);
    expect(disciplineView(relocked, sweepAt)).toEqual({ violationCount: 3, lockedUntil: shanghaiIso(plusDays(sweepAt, 30)) });
    expect(noShows).toHaveLength(3);
  });

  it('an upheld appeal keeps the lock; voiding one of an expired lock only edits the history', async () => {
    const tables = await privateStack('lock-history');
    const lawyer = await newLawyer(BOOK_AT);
    await threeNoShows(tables, lawyer);
    const [first, second] = await listViolations(lawyer.userId);
    const locked = await readDiscipline(lawyer.userId);

    await appeal(lawyer.principal, first.violationId, '理由', SWEEP_AT);
    expect(await decide(minhangStaff, first.violationId, 'upheld', SWEEP_AT)).toMatchObject({ status: 'counted' });
    const upheld = await readDiscipline(lawyer.userId);
    expect(upheld.lock).toEqual(locked.lock);
    expect(isLocked(upheld, SWEEP_AT)).toBe(true);
    // Decided once: it cannot be appealed again.
    await expect(appeal(lawyer.principal, first.violationId, '理由', SWEEP_AT)).rejects.toMatchObject({ code: 'INVALID_STATE' });

    const later = plusDays(SWEEP_AT, 40);
    await appeal(lawyer.principal, second.violationId, '理由', later);
    await decide(minhangStaff, second.violationId, 'voided', later);
    const edited = await readDiscipline(lawyer.userId);
    expect(edited.lock).toEqual({ ...locked.lock, violationIds: locked.lock!.violationIds.filter((id) => id !== second.violationId) });
    expect(edited.openViolationIds).toEqual([]);
    expect(disciplineView(edited, later)).toEqual({ violationCount: 0, lockedUntil: null });
    expect(await notices(tables, 'lockout-lifted', lawyer)).toEqual([]);
  });
});

describe('concurrent sweeps and an appeal decision', () => {
  // The lawyer has one earlier violation (appealed) and `fresh` more no-shows due; two sweeps and
  // staff voiding the earlier one run at once. In whatever order they commit, the result is the same.
  it.each([2, 3])('with %i new no-shows nothing is counted twice or lost', async (fresh) => {
    const tables = await privateStack(`lock-race${fresh}`);
    const lawyer = await newLawyer(BOOK_AT);
    const earlier = await bookWithNewDetainee(tables.minhang, MINHANG, lawyer, '2026-12-01.AM', BOOK_AT);
    const slots = ['2026-12-01.PM', '2026-12-02.AM', '2026-12-02.PM'].slice(0, fresh);
    const bookingIds: string[] = [];
    for (const slotId of slots) {
      const centerId = bookingIds.length % 2 ? CHANGNING : MINHANG;
      bookingIds.push(await bookWithNewDetainee(centerId === MINHANG ? tables.minhang : tables.changning, centerId, lawyer, slotId, BOOK_AT));
    }
    expect((await sweep(at('2026-12-01T12:00:00'))).noShows).toEqual([earlier]);
    const earlierViolation = `vi_noshow_${earlier}`;
    await appeal(lawyer.principal, earlierViolation, '理由', at('2026-12-01T13:00:00'));

    const now = at('2026-12-02T18:00:00');
    const [a, b, decision] = await Promise.all([sweep(now), sweep(now), decide(minhangStaff, earlierViolation, 'voided', now)]);
    expect(decision.status).toBe('voided');
    expect(sorted([...a.noShows, ...b.noShows])).toEqual(sorted(bookingIds));

    const violations = await listViolations(lawyer.userId);
    expect(sorted(violations.map((v) => v.violationId))).toEqual(sorted([earlier, ...bookingIds].map((id) => `vi_noshow_${id}`)));
    expect(violations.find((v) => v.violationId === earlierViolation)!.status).toBe('voided');
    expect(violations.filter((v) => v.status === 'counted')).toHaveLength(fresh);

    const state = await readDiscipline(lawyer.userId);
    const freshIds = sorted(bookingIds.map((id) => `vi_noshow_${id}`));
    if (fresh < 3) {
      // Below the threshold once the earlier one is voided: no lock stands (one may have come and gone).
      expect(sorted(state.openViolationIds)).toEqual(freshIds);
      expect(disciplineView(state, now)).toEqual({ violationCount: fresh, lockedUntil: null });
    } else {
      // Exactly the three new ones make the lock that stands.
      expect(state.openViolationIds).toEqual([]);
      expect(sorted(state.lock!.violationIds)).toEqual(freshIds);
      expect(disciplineView(state, now)).toEqual({ violationCount: 3, lockedUntil: shanghaiIso(plusDays(now, 30)) });
    }
    expect(await profileOf(tables, lawyer)).toMatchObject({ discipline: state, lockedUntil: state.lock ? state.lock.until : null });
    const applied = (await notices(tables, 'lockout-applied', lawyer)).length;
    const lifted = (await notices(tables, 'lockout-lifted', lawyer)).length;
    expect(applied - lifted).toBe(fresh < 3 ? 0 : 1);
    expect(await notices(tables, 'violation-recorded', lawyer)).toHaveLength(fresh + 1);
  });
});
