// Time formats (Asia/Shanghai, fixed +08:00), ULID-style ids and the contract's error classes.
import fc from 'fast-check';
import { AlreadyExists, AppError, Forbidden, InvalidState, NotFound, RateLimited, Unauthenticated, ValidationFailed, type ErrorCode } from '../../shared/errors';
import { newId, ulid } from '../../shared/ids';
import { shanghaiDate, shanghaiInstant, shanghaiIso } from '../../shared/time';

describe('shanghaiIso', () => {
  it.each([
    ['2026-11-27T11:40:00.000Z', '2026-11-27T19:40:00.000+08:00'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01T08:00:00.000+08:00'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01T00:00:00.000+08:00'], // new year in Shanghai first
    ['2024-02-28T16:30:00.123Z', '2024-02-29T00:30:00.123+08:00'], // leap day
    ['2026-07-01T03:05:09.007Z', '2026-07-01T11:05:09.007+08:00'], // no daylight saving in summer
  ])('%s → %s', (utc, shanghai) => {
    expect(shanghaiIso(new Date(utc))).toBe(shanghai);
  });

  it('round-trips through Date and sorts like the instants it names (property)', () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const isoA = shanghaiIso(new Date(a));
        const isoB = shanghaiIso(new Date(b));
        expect(new Date(isoA).getTime()).toBe(a);
        expect(Math.sign(isoA.localeCompare(isoB))).toBe(Math.sign(a - b));
      }),
    );
  });
});

describe('shanghaiDate', () => {
  it.each([
    ['2026-03-01T15:59:59.999Z', '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', '2026-03-02'], // a UTC instant after 16:00Z is already the next day in Shanghai
    ['2026-03-01T23:30:00.000Z', '2026-03-02'],
    ['2026-02-28T16:00:00.000Z', '2026-03-01'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2026-03-01T00:00:00.000Z', '2026-03-01'],
  ])('%s is %s in Shanghai', (utc, date) => {
    expect(shanghaiDate(new Date(utc))).toBe(date);
  });
});

describe('shanghaiInstant', () => {
  it.each([
    ['2026-03-02', '08:30', '2026-03-02T00:30:00.000Z'],
    ['2026-03-02', '17:00', '2026-03-02T09:00:00.000Z'],
    ['2026-03-02', '00:00', '2026-03-01T16:00:00.000Z'],
  ])('%s %s Shanghai = %s', (date, hhmm, utc) => {
    expect(shanghaiInstant(date, hhmm).toISOString()).toBe(utc);
  });

  it('is the inverse of shanghaiDate/shanghaiIso for wall-clock minutes (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 1439 }),
        (d, minutes) => {
          const date = d.toISOString().slice(0, 10);
          const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          const at = shanghaiInstant(date, hhmm);
          expect(shanghaiDate(at)).toBe(date);
          expect(shanghaiIso(at)).toBe(`${date}T${hhmm}:00.000+08:00`);
        },
      ),
    );
  });
});

describe('ids', () => {
  const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

  it('ulid has 26 Crockford base32 characters', () => {
    for (let i = 0; i < 50; i++) expect(ulid()).toMatch(CROCKFORD);
  });

  it('encodes the time in the first 10 characters', () => {
    expect(ulid(0).slice(0, 10)).toBe('0000000000');
    expect(ulid(31).slice(0, 10)).toBe('000000000Z');
    expect(ulid(32).slice(0, 10)).toBe('0000000010');
    expect(ulid(Date.UTC(2026, 0, 1)).slice(0, 10)).toBe(ulid(Date.UTC(2026, 0, 1)).slice(0, 10));
  });

  it('sorts by time (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 0, max: 2 ** 48 - 1 }), (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [ulid(a).slice(0, 10), ulid(b).slice(0, 10)];
        expect(x < y).toBe(a < b);
      }),
    );
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => ulid(1_700_000_000_000)));
    expect(ids.size).toBe(5000);
  });

  it('newId carries its prefix', () => {
    expect(newId('bd')).toMatch(/^bd_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('errors', () => {
  it.each([
    ['ValidationFailed', 'VALIDATION_FAILED', 400, () => new ValidationFailed()],
    ['Unauthenticated', 'UNAUTHENTICATED', 401, () => new Unauthenticated()],
    ['Forbidden', 'FORBIDDEN', 403, () => new Forbidden()],
    ['NotFound', 'NOT_FOUND', 404, () => new NotFound()],
    ['AlreadyExists', 'ALREADY_EXISTS', 409, () => new AlreadyExists('x')],
    ['InvalidState', 'INVALID_STATE', 409, () => new InvalidState('x')],
    ['RateLimited', 'RATE_LIMITED', 429, () => new RateLimited('x', 30)],
    ['LOCKED_OUT', 'LOCKED_OUT', 403, () => new AppError('LOCKED_OUT', 'x')],
    ['NOT_BOUND', 'NOT_BOUND', 403, () => new AppError('NOT_BOUND', 'x')],
    ['SLOT_UNAVAILABLE', 'SLOT_UNAVAILABLE', 422, () => new AppError('SLOT_UNAVAILABLE', 'x')],
    ['CENTER_NOT_ONLINE', 'CENTER_NOT_ONLINE', 422, () => new AppError('CENTER_NOT_ONLINE', 'x')],
    ['SLOT_FULL', 'SLOT_FULL', 409, () => new AppError('SLOT_FULL', 'x')],
    ['PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE', 413, () => new AppError('PAYLOAD_TOO_LARGE', 'x')],
    ['INTERNAL', 'INTERNAL', 500, () => new AppError('INTERNAL', 'x')],
  ] as [string, ErrorCode, number, () => AppError][])('%s → %s %i', (_label, code, status, make) => {
    const error = make();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.toBody().error.code).toBe(code);
    expect(typeof error.toBody().error.message).toBe('string');
  });

  it('a 429 carries Retry-After in whole seconds, at least 1', () => {
    expect(new RateLimited('x', 899.2).headers).toEqual({ 'retry-after': '900' });
    expect(new RateLimited('x', 0).headers).toEqual({ 'retry-after': '1' });
    expect(new RateLimited('x', -5).retryAfterSeconds).toBe(1);
    expect(new RateLimited('x', Number.NaN).headers['retry-after']).toBe('1');
    expect(new RateLimited('x', 30).toBody()).toEqual({ error: { code: 'RATE_LIMITED', message: 'x' } });
  });

  it('the body carries details at the top level of the error object, never a stack', () => {
    const e = new AppError('LOCKED_OUT', '账号已被限制', { lockedUntil: '2026-12-01T00:00:00.000+08:00' });
    expect(e.toBody()).toEqual({ error: { code: 'LOCKED_OUT', message: '账号已被限制', lockedUntil: '2026-12-01T00:00:00.000+08:00' } });
    expect(JSON.stringify(e.toBody())).not.toContain('at ');
  });
});
