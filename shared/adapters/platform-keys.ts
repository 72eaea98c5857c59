// Key layout of the platform table (one per city): accounts and their indexes, violations, the
// licence registry, idempotency records, abuse limits and the cursor secret. The one place a platform
// key is spelled; docs/data-model.md is the map of these items. District-table keys, and the keys of
// the items every table holds (outbox, audit), are in ./district-keys.ts.
import { createHash } from 'node:crypto';
import type { CodePurpose } from '../domain/abuse-limits';
import type { Key } from './dynamo';

// ---- accounts ----

/** The partition of a user's items: the profile and, for a lawyer, the violations. */
export const userPartition = (userId: string): string => `USER#${userId}`;
/** The account profile; a lawyer's carries the lock (R3), checked inside booking transactions. */
export const profileKey = (userId: string): Key => ({ PK: userPartition(userId), SK: 'PROFILE' });
/** Usernames are case-insensitive (the platform table and the user pool agree on it). */
export const usernameKey = (username: string): Key => ({ PK: `USERNAME#${username.toLowerCase()}`, SK: 'USERNAME' });
/** Who holds a licence number (the account of a licence). */
export const licenseKey = (licenseNo: string): Key => ({ PK: `LICENSE#${licenseNo}`, SK: 'LICENSE' });

/**
 * GSI1 keys of a confirmed account: one partition for the city's accounts, sorted by role then
 * username, so GET /admin/users pages through one role (begins_with) or all of them. An unconfirmed
 * registration has none: it is not an account yet, and an abandoned one may lose its username.
 */
export const ACCOUNTS_INDEX_PK = 'ACCOUNTS';
export const accountIndexKeys = (profile: { role: string; username: string }) => ({
  GSI1PK: ACCOUNTS_INDEX_PK,
  GSI1SK: `${profile.role}#${profile.username.toLowerCase()}`,
});

/**
 * Index items of the accounts the 48-hour alert (B2) goes to: `CENTERSTAFF#<centerId>` / `<userId>`
 * for each center of a staff member and `ADMINS` / `<userId>` for admins. Written and deleted in the
 * same transaction as the profile, so the index never names a missing account.
 */
export const centerStaffPartition = (centerId: string): string => `CENTERSTAFF#${centerId}`;
export const centerStaffKey = (centerId: string, userId: string): Key => ({ PK: centerStaffPartition(centerId), SK: userId });
export const ADMINS_PARTITION = 'ADMINS';
export const adminIndexKey = (userId: string): Key => ({ PK: ADMINS_PARTITION, SK: userId });

// ---- violations (R3, B1) ----

/** One violation of a lawyer. */
export const violationKey = (userId: string, violationId: string): Key => ({ PK: userPartition(userId), SK: `VIOLATION#${violationId}` });
/** SK prefix of a lawyer's violations (`violationKey`). */
export const VIOLATION_PREFIX = 'VIOLATION#';
/** GSI1 of a violation: found by its id alone (appeal and decision). */
export const violationIdIndex = (violationId: string) => ({ GSI1PK: `VIOLATION#${violationId}`, GSI1SK: 'VIOLATION' });
/**
 * An appeal waiting for the center's decision: `APPEALS#<centerId>` / `<appealedAt>#<violationId>`,
 * written by the appeal's transaction and deleted by the decision's, so the center's open appeals
 * are one query (GET /centers/{c}/appeals) and never a scan of the ledger.
 */
export const appealsPartition = (centerId: string): string => `APPEALS#${centerId}`;
export const openAppealKey = (centerId: string, appealedAt: string, violationId: string): Key => ({ PK: appealsPartition(centerId), SK: `${appealedAt}#${violationId}` });

// ---- the licence registry (R1a) ----

export const registryKey = (licenseNo: string): Key => ({ PK: `REGISTRY#${licenseNo}`, SK: 'ENTRY' });

// ---- idempotency (B14) ----

/** Keyed by the lawyer across districts: a key reused with another body is refused in any district. */
export const idempotencyKey = (userId: string, key: string): Key => ({ PK: `IDEMPOTENCY#${userId}#${key}`, SK: 'IDEMPOTENCY' });

// ---- abuse limits (B11) ----

/** Failed-login streak of a username (case-insensitive). */
export const loginFailuresKey = (username: string): Key => ({ PK: `LOGINFAIL#${username.toLowerCase()}`, SK: 'LOGINFAIL' });
/** The phone is hashed so the key (which audit records list) does not spell out a phone number. */
export const smsLimitKey = (phone: string): Key => ({ PK: `SMSLIMIT#${createHash('sha256').update(phone).digest('hex').slice(0, 32)}`, SK: 'SMSLIMIT' });
export const codeBudgetKey = (userId: string, purpose: CodePurpose): Key => ({ PK: `CODE#${userId}`, SK: purpose });

// ---- page cursors ----

/** The secret that signs page cursors (shared/adapters/cursor-key.ts). IAM grants routes this partition only. */
export const cursorSecretKey: Key = { PK: 'SECRET#cursor-signing', SK: 'HMAC-SHA256' };
/** The key of audit pseudonyms (shared/adapters/retention-store.ts), held apart from the records it pseudonymises. */
export const pseudonymSecretKey: Key = { PK: 'SECRET#audit-pseudonyms', SK: 'HMAC-SHA256' };

// ---- calendar feeds ----

/**
 * A lawyer's private calendar feed, found by the SHA-256 of its token (hex): the token itself is
 * never stored, so neither a table read nor an audit record can give a working feed URL away.
 */
export const calendarFeedKey = (tokenHash: string): Key => ({ PK: `CALFEED#${tokenHash}`, SK: 'CALFEED' });
