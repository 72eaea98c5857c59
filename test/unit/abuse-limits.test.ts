// The pure rules of B11 (shared/domain/abuse-limits.ts) and the signed page cursors
// (shared/http/cursor.ts): lock windows, the sliding SMS hour, Retry-After rounding, forged cursors.
import {
  LOGIN_FAILURE_LIMIT,
  LOGIN_LOCK_MS,
  SMS_CODES_PER_HOUR,
  SMS_SLOTS,
  SMS_WINDOW_MS,
  lockOverBefore,
  loginLockedUntil,
  nextSmsSlotAt,
  retryAfterSeconds,
  smsSlotFreeBefore,
} from '../../shared/domain/abuse-limits';
import { AppError } from '../../shared/errors';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';

const now = new Date('2027-03-02T08:00:00+08:00');
const t = now.getTime();

describe('the login lock', () => {
  it('locks only a full streak, for 15 minutes from the failure that filled it', () => {
    expect(loginLockedUntil(undefined, now)).toBeUndefined();
    expect(loginLockedUntil({ failures: LOGIN_FAILURE_LIMIT - 1, lastFailureAt: t }, now)).toBeUndefined();
    expect(loginLockedUntil({ failures: LOGIN_FAILURE_LIMIT, lastFailureAt: t - 1000 }, now)).toBe(t - 1000 + LOGIN_LOCK_MS);
    expect(loginLockedUntil({ failures: LOGIN_FAILURE_LIMIT, lastFailureAt: t - LOGIN_LOCK_MS }, now)).toBeUndefined();
    expect(LOGIN_LOCK_MS).toBe(15 * 60_000);
    expect(lockOverBefore(now)).toBe(t - LOGIN_LOCK_MS);
  });
});

describe('the sliding SMS hour', () => {
  it('has five slots; a slot is free again an hour after its code', () => {
    expect(SMS_SLOTS).toHaveLength(SMS_CODES_PER_HOUR);
    expect(SMS_CODES_PER_HOUR).toBe(5);
    expect(smsSlotFreeBefore(now)).toBe(t - SMS_WINDOW_MS);
  });

  it('the next slot frees up when the oldest of five codes turns an hour old', () => {
    expect(nextSmsSlotAt([t - 10, undefined, t - 20], now)).toBe(t);
    expect(nextSmsSlotAt([t - 50_000, t - 40_000, t - 30_000, t - 20_000, t - 10_000], now)).toBe(t - 50_000 + SMS_WINDOW_MS);
  });
});

describe('Retry-After', () => {
  it('rounds up to whole seconds and never says less than 1', () => {
    expect(retryAfterSeconds(t + 1, now)).toBe(1);
    expect(retryAfterSeconds(t + 1500, now)).toBe(2);
    expect(retryAfterSeconds(t + 900_000, now)).toBe(900);
    expect(retryAfterSeconds(t - 5000, now)).toBe(1);
  });
});

describe('page cursors', () => {
  const secret = Buffer.alloc(32, 7);
  const key = { PK: 'USER#us_1', SK: 'PROFILE', GSI1PK: 'ACCOUNTS', GSI1SK: 'staff#zhao' };

  const refusal = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return e as AppError;
    }
    throw new Error('expected a refusal');
  };

  it('gives back the key of a cursor issued for the same list', () => {
    const cursor = encodeCursor({ list: 'users:staff', key }, secret);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'users:staff', secret)).toEqual(key);
  });

  it('refuses another list, another secret, an altered payload or signature, and garbage with 400', () => {
    const cursor = encodeCursor({ list: 'users:staff', key }, secret);
    const [data, mac] = cursor.split('.');
    const altered = Buffer.from(JSON.stringify({ list: 'users:staff', key: { ...key, GSI1PK: 'NOTIFY#dead' } })).toString('base64url');
    const cases: [string, string, Buffer][] = [
      [cursor, 'users:admin', secret],
      [cursor, 'users:staff', Buffer.alloc(32, 8)],
      [`${altered}.${mac}`, 'users:staff', secret],
      [`${data}.${mac.slice(1)}`, 'users:staff', secret],
      [`${data}`, 'users:staff', secret],
      ['', 'users:staff', secret],
      [`${data}.${mac}.x`, 'users:staff', secret],
    ];
    for (const [c, list, s] of cases) {
      const e = refusal(() => decodeCursor(c, list, s));
      expect([e.code, e.status]).toEqual(['VALIDATION_FAILED', 400]);
    }
  });

  it('cannot be read: the key is encrypted, and the same position gives a different cursor each time (issue 23)', () => {
    const one = encodeCursor({ list: 'users:staff', key }, secret);
    const two = encodeCursor({ list: 'users:staff', key }, secret);
    expect(one).not.toBe(two);
    const bytes = one
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join('');
    for (const value of [...Object.values(key), 'GSI1PK', 'users:staff']) expect(bytes).not.toContain(value);
    expect(decodeCursor(two, 'users:staff', secret)).toEqual(key);
  });

  it('refuses a correctly signed payload that is not a key (never handed to DynamoDB)', () => {
    for (const bad of [{ PK: 1 }, null, 'USER#x', { PK: { S: 'x' } }]) {
      const signed = encodeCursor({ list: 'users:staff', key: bad as unknown as Record<string, string> }, secret);
      expect(refusal(() => decodeCursor(signed, 'users:staff', secret)).code).toBe('VALIDATION_FAILED');
    }
  });
});
