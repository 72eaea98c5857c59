// The abuse limits of B11 as pure rules: how many failed logins lock a username and for how long,
// how many tries a code allows, how many SMS codes a phone may receive per hour. The DynamoDB
// adapter (shared/adapters/abuse-limits.ts) enforces them with conditional writes; this module
// only decides, from a state and `now`, what the numbers mean. No AWS imports, no clock reads.

/** Failed logins in a row, for one username, that lock it. */
export const LOGIN_FAILURE_LIMIT = 5;
/** How long the lock lasts, from the failure that reached the limit. */
export const LOGIN_LOCK_MS = 15 * 60_000;
/** A failure streak older than this is forgotten (the TTL of its record; the rule never needs it sooner). */
export const LOGIN_FAILURE_MEMORY_MS = 24 * 3600_000;

/** Tries one confirmation or reset code allows; then it is void and a new one must be requested. */
export const CODE_ATTEMPT_LIMIT = 5;
/** A code's attempt budget outlives the code itself (Cognito: 24 h for sign-up, 1 h for reset). */
export const CODE_BUDGET_TTL_MS = 25 * 3600_000;

/** SMS codes (registration, resend, password reset together) one phone may receive in any hour. */
export const SMS_CODES_PER_HOUR = 5;
export const SMS_WINDOW_MS = 3600_000;

export type CodePurpose = 'signup' | 'reset';

/**
 * The one answer to a refused password reset — wrong, expired or void code, or no such account —
 * so POST /auth/reset reveals no more than POST /auth/forgot ("200 always").
 */
export const RESET_CODE_REFUSED = '验证码错误或已失效，请重新获取';
/** A sign-up code tried too often (registration already tells whether a username exists). */
export const SIGNUP_CODE_VOID = '验证码错误次数过多，已失效，请重新获取验证码';

export interface LoginFailures {
  failures: number;
  /** Epoch ms of the latest failure counted; for a full streak, the one that reached the limit. */
  lastFailureAt: number;
}

/** Epoch ms until which the username is locked, or undefined when it is not locked at `now`. */
export function loginLockedUntil(state: LoginFailures | undefined, now: Date): number | undefined {
  if (!state || state.failures < LOGIN_FAILURE_LIMIT) return undefined;
  const until = state.lastFailureAt + LOGIN_LOCK_MS;
  return until > now.getTime() ? until : undefined;
}

/** Latest `lastFailureAt` of a full streak whose lock is over at `now` (a new streak may start). */
export const lockOverBefore = (now: Date): number => now.getTime() - LOGIN_LOCK_MS;

/**
 * The sliding hour of the SMS limit as five slots: a slot holds the time of the code it last
 * carried and may carry a new one only when that was at least an hour ago, so no hour ever holds
 * more than five codes (a fixed clock-hour counter would let ten through around the hour's turn).
 */
export const SMS_SLOTS = Array.from({ length: SMS_CODES_PER_HOUR }, (_, i) => `slot${i}`);

/** Latest send time a slot may hold and still be reused at `now`. */
export const smsSlotFreeBefore = (now: Date): number => now.getTime() - SMS_WINDOW_MS;

/** Epoch ms when the next slot frees up, given the send times the slots hold. */
export function nextSmsSlotAt(sentAt: (number | undefined)[], now: Date): number {
  const held = sentAt.filter((t): t is number => typeof t === 'number');
  if (held.length < SMS_CODES_PER_HOUR) return now.getTime();
  return Math.min(...held) + SMS_WINDOW_MS;
}

/** Whole seconds until `untilMs` for `Retry-After`: rounded up, at least 1. */
export function retryAfterSeconds(untilMs: number, now: Date): number {
  return Math.max(1, Math.ceil((untilMs - now.getTime()) / 1000));
}
