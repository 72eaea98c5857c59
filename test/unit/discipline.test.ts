// The violations ledger's pure rules (shared/domain/discipline.ts): open violations, the threshold
// starting a lock that consumes them (the count restarts), voiding an open one, voiding one of a
// running lock (lifted, or kept when violations recorded during the lock fill the gap), voiding in
// an expired lock (history only), and what GET /me shows. Each case is a script of steps from the
// empty state with threshold 3 and 30-day locks.
import {
  disciplineView,
  EMPTY_DISCIPLINE,
  isLocked,
  recordViolation,
  voidViolation,
  type DisciplinePolicy,
  type DisciplineState,
  type Transition,
} from '../../shared/domain/discipline';
import { shanghaiIso } from '../../shared/time';

const POLICY: DisciplinePolicy = { threshold: 3, lockDays: 30 };
const DAY_MS = 24 * 3600 * 1000;
const T0 = new Date('2026-12-01T04:00:00.000Z'); // 12:00 Shanghai
/** `day` days (may be fractional) after T0. */
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);

type Step = ['record' | 'void', string, number];

interface Outcome {
  open: string[];
  /** Violations of the latest lock, or null without one. */
  lock: { ids: string[]; fromDay: number; untilDay: number } | null;
  /** Views at the day of the last step. */
  view: { violationCount: number; lockedUntil: number | null };
  /** Locks started / lifted by the last step. */
  lastLocked?: boolean;
  lastLifted?: boolean;
  /** The last step changed nothing (same state, same version). */
  lastNoop?: boolean;
}

function run(steps: Step[]): { state: DisciplineState; last: Transition; prev: DisciplineState; lockIds: string[] } {
  let state = EMPTY_DISCIPLINE;
  let prev = state;
  let last: Transition = { next: state };
  let locks = 0;
  const lockIds: string[] = [];
  for (const [op, id, d] of steps) {
    prev = state;
    last =
      op === 'record'
        ? recordViolation(state, id, day(d), POLICY, shanghaiIso, () => {
            const lockId = `lk${++locks}`;
            lockIds.push(lockId);
            return lockId;
          })
        : voidViolation(state, id, day(d), POLICY);
    state = last.next;
  }
  return { state, last, prev, lockIds };
}

const R = (id: string, d = 0): Step => ['record', id, d];
const V = (id: string, d = 0): Step => ['void', id, d];

const cases: [string, Step[], Outcome][] = [
  ['one violation is open and counted', [R('a')], { open: ['a'], lock: null, view: { violationCount: 1, lockedUntil: null } }],
  ['two stay below the threshold', [R('a'), R('b', 1)], { open: ['a', 'b'], lock: null, view: { violationCount: 2, lockedUntil: null } }],
  [
    'the third starts a 30-day lock from then that consumes all three (the count shows them while it runs)',
    [R('a'), R('b', 1), R('c', 2)],
    { open: [], lock: { ids: ['a', 'b', 'c'], fromDay: 2, untilDay: 32 }, view: { violationCount: 3, lockedUntil: 32 }, lastLocked: true },
  ],
  ['recording the same open violation again changes nothing', [R('a'), R('a', 1)], { open: ['a'], lock: null, view: { violationCount: 1, lockedUntil: null }, lastNoop: true }],
  [
    'recording a violation a lock consumed again changes nothing',
    [R('a'), R('b'), R('c'), R('b', 1)],
    { open: [], lock: { ids: ['a', 'b', 'c'], fromDay: 0, untilDay: 30 }, view: { violationCount: 3, lockedUntil: 30 }, lastNoop: true },
  ],
  [
    'a violation during a running lock is open; the lock stands',
    [R('a'), R('b'), R('c'), R('d', 5)],
    { open: ['d'], lock: { ids: ['a', 'b', 'c'], fromDay: 0, untilDay: 30 }, view: { violationCount: 4, lockedUntil: 30 } },
  ],
  [
    'three more during a running lock extend it to a full lock from then, resting on all six',
    [R('a'), R('b'), R('c'), R('d', 5), R('e', 6), R('f', 7)],
    { open: [], lock: { ids: ['a', 'b', 'c', 'd', 'e', 'f'], fromDay: 0, untilDay: 37 }, view: { violationCount: 6, lockedUntil: 37 }, lastLocked: true },
  ],
  [
    'after the lock ends the count starts again from zero',
    [R('a'), R('b'), R('c'), R('d', 31)],
    { open: ['d'], lock: { ids: ['a', 'b', 'c'], fromDay: 0, untilDay: 30 }, view: { violationCount: 1, lockedUntil: null } },
  ],
  [
    'three after the lock ended make a new lock',
    [R('a'), R('b'), R('c'), R('d', 31), R('e', 32), R('f', 33)],
    { open: [], lock: { ids: ['d', 'e', 'f'], fromDay: 33, untilDay: 63 }, view: { violationCount: 3, lockedUntil: 63 }, lastLocked: true },
  ],
  ['voiding an open violation decrements the count', [R('a'), R('b'), V('a', 1)], { open: ['b'], lock: null, view: { violationCount: 1, lockedUntil: null } }],
  [
    'a voided open violation no longer counts toward the threshold',
    [R('a'), R('b'), V('a', 1), R('c', 2)],
    { open: ['b', 'c'], lock: null, view: { violationCount: 2, lockedUntil: null } },
  ],
  ['voiding an unknown violation changes nothing', [R('a'), V('zz', 1)], { open: ['a'], lock: null, view: { violationCount: 1, lockedUntil: null }, lastNoop: true }],
  [
    'voiding the same violation twice: the second changes nothing',
    [R('a'), R('b'), V('a', 1), V('a', 1)],
    { open: ['b'], lock: null, view: { violationCount: 1, lockedUntil: null }, lastNoop: true },
  ],
  [
    'voiding one of a running lock lifts it now; its other violations count again',
    [R('a'), R('b'), R('c'), V('b', 3)],
    { open: ['a', 'c'], lock: { ids: [], fromDay: 0, untilDay: 0 }, view: { violationCount: 2, lockedUntil: null }, lastLifted: true },
  ],
  [
    'after a lift, one more violation reaches the threshold again',
    [R('a'), R('b'), R('c'), V('b', 3), R('d', 4)],
    { open: [], lock: { ids: ['a', 'c', 'd'], fromDay: 4, untilDay: 34 }, view: { violationCount: 3, lockedUntil: 34 }, lastLocked: true },
  ],
  [
    'voiding one of a running lock when one recorded during the lock fills the gap: the lock stands',
    [R('a'), R('b'), R('c'), R('d', 2), V('a', 3)],
    { open: [], lock: { ids: ['b', 'c', 'd'], fromDay: 0, untilDay: 30 }, view: { violationCount: 3, lockedUntil: 30 } },
  ],
  [
    'the lock stands and the surplus stays open when two were recorded during it',
    [R('a'), R('b'), R('c'), R('d', 2), R('e', 2), V('c', 3)],
    { open: ['e'], lock: { ids: ['a', 'b', 'd'], fromDay: 0, untilDay: 30 }, view: { violationCount: 4, lockedUntil: 30 } },
  ],
  [
    'voiding one of an expired lock only edits the history',
    [R('a'), R('b'), R('c'), V('a', 40)],
    { open: [], lock: { ids: ['b', 'c'], fromDay: 0, untilDay: 30 }, view: { violationCount: 0, lockedUntil: null } },
  ],
  [
    'voiding one of an expired lock leaves the new count alone',
    [R('a'), R('b'), R('c'), R('d', 35), V('a', 40)],
    { open: ['d'], lock: { ids: ['b', 'c'], fromDay: 0, untilDay: 30 }, view: { violationCount: 1, lockedUntil: null } },
  ],
  [
    'voiding one violation of an extended lock keeps it: the other five still justify it',
    [R('a'), R('b'), R('c'), R('d', 5), R('e', 6), R('f', 7), V('d', 8)],
    { open: [], lock: { ids: ['a', 'b', 'c', 'e', 'f'], fromDay: 0, untilDay: 37 }, view: { violationCount: 5, lockedUntil: 37 } },
  ],
];

describe('recordViolation / voidViolation (threshold 3, 30-day lock)', () => {
  it.each(cases)('%s', (_name, steps, expected) => {
    const { state, last, prev } = run(steps);
    const lastDay = day(steps[steps.length - 1][2]);
    expect(state.openViolationIds).toEqual(expected.open);
    if (expected.lock === null) {
      expect(state.lock).toBeNull();
    } else {
      expect(state.lock).toMatchObject({
        violationIds: expected.lock.ids,
        from: shanghaiIso(day(expected.lock.fromDay)),
        until: shanghaiIso(day(expected.lock.untilDay)),
      });
    }
    expect(disciplineView(state, lastDay)).toEqual({
      violationCount: expected.view.violationCount,
      lockedUntil: expected.view.lockedUntil === null ? null : shanghaiIso(day(expected.view.lockedUntil)),
    });
    expect(isLocked(state, lastDay)).toBe(expected.view.lockedUntil !== null);
    expect(Boolean(last.locked)).toBe(Boolean(expected.lastLocked));
    if (expected.lastLocked) expect(last.locked).toEqual(state.lock);
    expect(Boolean(last.lifted)).toBe(Boolean(expected.lastLifted));
    if (expected.lastLifted) expect(last.lifted!.violationIds).toContain(steps[steps.length - 1][1]);
    if (expected.lastNoop) {
      expect(last.next).toBe(prev);
    } else {
      // Every change moves the version by one: the repository's optimistic guard relies on it.
      expect(state.version).toBe(prev.version + 1);
    }
  });

  it('counts versions one per change over a whole history', () => {
    const { state } = run([R('a'), R('b'), R('c'), R('c', 1), R('d', 2), V('a', 3), V('zz', 3)]);
    // 5 changes (a, b, c→lock, d, void a); the repeat of c and the unknown void are no-ops.
    expect(state.version).toBe(5);
  });

  it('never mutates the state it is given', () => {
    const { state } = run([R('a'), R('b'), R('c'), R('d', 2)]);
    const frozen = JSON.parse(JSON.stringify(state));
    recordViolation(state, 'e', day(3), POLICY, shanghaiIso, () => 'lkx');
    voidViolation(state, 'a', day(3), POLICY);
    voidViolation(state, 'd', day(3), POLICY);
    expect(state).toEqual(frozen);
  });

  it('honours another threshold and lock length', () => {
    const policy = { threshold: 2, lockDays: 7 };
    const once = recordViolation(EMPTY_DISCIPLINE, 'a', T0, policy, shanghaiIso, () => 'lk1');
    const twice = recordViolation(once.next, 'b', day(1), policy, shanghaiIso, () => 'lk1');
    expect(twice.locked).toEqual({ lockId: 'lk1', from: shanghaiIso(day(1)), until: shanghaiIso(day(8)), violationIds: ['a', 'b'] });
  });
});

describe('isLocked / disciplineView', () => {
  const locked = run([R('a'), R('b'), R('c')]).state;
  const until = Date.parse(locked.lock!.until);

  it.each([
    ['a millisecond before the end', until - 1, true],
    ['at the end itself', until, false],
    ['after the end', until + 1, false],
    ['at the start', T0.getTime(), true],
  ])('%s', (_name, ms, expected) => {
    expect(isLocked(locked, new Date(ms))).toBe(expected);
    expect(disciplineView(locked, new Date(ms)).lockedUntil).toBe(expected ? locked.lock!.until : null);
  });

  it('the empty state: nothing counted, not locked', () => {
    expect(isLocked(EMPTY_DISCIPLINE, T0)).toBe(false);
    expect(disciplineView(EMPTY_DISCIPLINE, T0)).toEqual({ violationCount: 0, lockedUntil: null });
  });

  it('a lifted lock (ended at its start) is not running', () => {
    const lifted = run([R('a'), R('b'), R('c'), V('a', 1)]).state;
    expect(lifted.lock!.until).toBe(lifted.lock!.from);
    expect(isLocked(lifted, day(1))).toBe(false);
  });
});
