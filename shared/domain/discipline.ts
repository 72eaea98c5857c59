// The violations ledger and lockout (R3, B1). A violation is recorded for a late arrival, a missed
// booking (no-show) or a late cancellation. Counted violations that no lock has consumed yet are
// "open"; when the open ones reach the threshold they are consumed by a new lock of the configured
// length, platform-wide. The count the lawyer sees shows the lock's violations while it runs and
// restarts when it ends (B1a). Voiding a violation (appeal
// upheld by the lawyer's favour) removes it from the count, and if it was one of the violations a
// still-running lock consumed, the lock no longer stands: it is lifted and its other violations
// become open again. Pure: the current state and `now` in, the next state out.

export type ViolationReason = 'late' | 'no_show' | 'late_cancel';
export type ViolationStatus = 'counted' | 'appealed' | 'voided';

export interface Lock {
  lockId: string;
  from: string;
  until: string;
  violationIds: string[];
}

/** What the lawyer's profile keeps about discipline, versioned for optimistic writes. */
export interface DisciplineState {
  version: number;
  /** Counted (or appealed, still counting) violations no lock has consumed yet. */
  openViolationIds: string[];
  /** The most recent lock, running or over. */
  lock: Lock | null;
}

export interface DisciplinePolicy {
  threshold: number;
  lockDays: number;
}

export const EMPTY_DISCIPLINE: DisciplineState = { version: 0, openViolationIds: [], lock: null };

const DAY_MS = 24 * 3600 * 1000;

export interface Transition {
  next: DisciplineState;
  /** A lock that starts with this change. */
  locked?: Lock;
  /** A running lock this change lifted. */
  lifted?: Lock;
}

export const isLocked = (state: DisciplineState, now: Date): boolean => state.lock !== null && Date.parse(state.lock.until) > now.getTime();

/** Records one more counted violation; the threshold-reaching one starts a lock. */
export function recordViolation(state: DisciplineState, violationId: string, now: Date, policy: DisciplinePolicy, toIso: (d: Date) => string, newLockId: () => string): Transition {
  if (state.openViolationIds.includes(violationId) || state.lock?.violationIds.includes(violationId)) return { next: state };
  const open = [...state.openViolationIds, violationId];
  if (open.length < policy.threshold) return { next: { ...state, version: state.version + 1, openViolationIds: open } };
  const until = toIso(new Date(now.getTime() + policy.lockDays * DAY_MS));
  if (isLocked(state, now)) {
    // Offending again while locked extends the running lock, which keeps every violation it rests
    // on: voiding one of them later cannot lift a lock the others still justify.
    const lock: Lock = { ...state.lock!, until: until > state.lock!.until ? until : state.lock!.until, violationIds: [...state.lock!.violationIds, ...open] };
    return { next: { version: state.version + 1, openViolationIds: [], lock }, locked: lock };
  }
  const lock: Lock = { lockId: newLockId(), from: toIso(now), until, violationIds: open };
  return { next: { version: state.version + 1, openViolationIds: [], lock }, locked: lock };
}

/**
 * Removes a voided violation from the count. If a running lock consumed it and what is left no
 * longer reaches the threshold, the lock is lifted and the rest count again.
 */
export function voidViolation(state: DisciplineState, violationId: string, now: Date, policy: DisciplinePolicy): Transition {
  if (state.openViolationIds.includes(violationId)) {
    return { next: { ...state, version: state.version + 1, openViolationIds: state.openViolationIds.filter((id) => id !== violationId) } };
  }
  const lock = state.lock;
  if (!lock || !lock.violationIds.includes(violationId)) return { next: state };
  const remaining = lock.violationIds.filter((id) => id !== violationId);
  if (!isLocked(state, now)) {
    return { next: { ...state, version: state.version + 1, lock: { ...lock, violationIds: remaining } } };
  }
  if (remaining.length >= policy.threshold) {
    // An extended lock rests on more violations than the threshold: it still stands.
    return { next: { ...state, version: state.version + 1, lock: { ...lock, violationIds: remaining } } };
  }
  const pool = [...remaining, ...state.openViolationIds];
  if (pool.length >= policy.threshold) {
    // Violations recorded during the lock take the voided one's place: the lock still stands.
    const taken = policy.threshold - remaining.length;
    return {
      next: { version: state.version + 1, openViolationIds: state.openViolationIds.slice(taken), lock: { ...lock, violationIds: pool.slice(0, policy.threshold) } },
    };
  }
  // The lock loses its ground: it ends now and its other violations count again.
  return {
    next: { version: state.version + 1, openViolationIds: pool, lock: { ...lock, until: lock.from, violationIds: [] } },
    lifted: lock,
  };
}

/**
 * The profile fields GET /me shows (B1a): `violationCount` is the counted violations since the last
 * lock ended — during a lock the ones it rests on (3 for a plain lock) plus any recorded since; once
 * it has ended only those not yet consumed by a lock, so 0 after a plain lock.
 */
export function disciplineView(state: DisciplineState, now: Date): { violationCount: number; lockedUntil: string | null } {
  const locked = isLocked(state, now);
  return {
    violationCount: state.openViolationIds.length + (locked ? state.lock!.violationIds.length : 0),
    lockedUntil: locked ? state.lock!.until : null,
  };
}

export interface Violation {
  violationId: string;
  lawyerId: string;
  bookingId: string;
  centerId: string;
  reason: ViolationReason;
  status: ViolationStatus;
  at: string;
  appealReason?: string;
  appealedAt?: string;
  decidedAt?: string;
  decidedBy?: string;
}
