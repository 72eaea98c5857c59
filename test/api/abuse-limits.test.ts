// The abuse limits of B11 through HTTP, each red-team finding reproduced: failed logins lock a
// username (429 with Retry-After, even for the right password), a code allows five tries, a phone
// gets at most five SMS codes an hour. The limits live in DynamoDB, so they hold however many
// requests arrive at once.
import { Api, newLicense, newPhone, startApi, uniqueName, type Reply } from './harness';

// Bursts of 100–150 requests, each hashing a password or checking a code, on a shared CI machine.
jest.setTimeout(60_000);

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.platform.close());

const registration = (over: Record<string, unknown> = {}) => ({
  username: uniqueName('lim'),
  password: 'Lawyer-Pass-1',
  name: '钱律师',
  phone: newPhone(),
  licenseNo: newLicense(),
  lawFirm: '测试律师事务所',
  role: 'lawyer',
  ...over,
});

/** The registry entry a registration must match (R1a), imported as the bar association's record. */
async function inRegistry<T extends Record<string, unknown>>(body: T): Promise<T> {
  await api.registryEntry({ licenseNo: String(body.licenseNo), name: String(body.name), lawFirm: String(body.lawFirm), phone: String(body.phone), role: 'lawyer', status: 'practising' });
  return body;
}

/** A 429 of B11: RATE_LIMITED with a Retry-After of whole seconds, at least 1 and at most `max`. */
function expectRateLimited(reply: Reply, max: number): number {
  expect(reply.status).toBe(429);
  expect(reply.body.error.code).toBe('RATE_LIMITED');
  expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  const header = reply.headers.get('retry-after');
  expect(header).toMatch(/^\d+$/);
  const seconds = Number(header);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(max);
  return seconds;
}

const codesSentTo = async (phone: string, kind = 'registration-code') =>
  ((await api.get(`/_local/outbox?to=${encodeURIComponent(phone)}`)).body.messages as { kind: string; body: string }[]).filter((m) => m.kind === kind);

const otherThan = (code: string, i = 0) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

describe('failed logins (red team: "100 wrong passwords in 4 s: no throttle")', () => {
  it('answers 100 simultaneous wrong passwords with five 401s and then 429s, and refuses the right password too', async () => {
    const l = await api.lawyer();
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => api.post('/auth/login', { username: l.username, password: `Wrong-Pass-${i}` })));
    expect(replies.filter((r) => r.status === 401)).toHaveLength(5);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(95);
    for (const r of limited) expectRateLimited(r, 15 * 60);

    const right = await api.post('/auth/login', { username: l.username, password: l.password });
    expectRateLimited(right, 15 * 60);
    // The username is case-insensitive: another spelling is the same lock.
    expectRateLimited(await api.post('/auth/login', { username: l.username.toUpperCase(), password: l.password }), 15 * 60);
  });

  it('locks after the fifth failure in a row, for 15 minutes, then lets the right password in', async () => {
    const l = await api.lawyer();
    for (let i = 0; i < 5; i++) expect((await api.post('/auth/login', { username: l.username, password: 'Wrong-Pass-1' })).status).toBe(401);
    const seconds = expectRateLimited(await api.post('/auth/login', { username: l.username, password: l.password }), 15 * 60);
    expect(seconds).toBeGreaterThan(14 * 60);
    const now = Date.now();
    try {
      await api.post('/_local/clock', { now: new Date(now + 14 * 60_000).toISOString() });
      expectRateLimited(await api.post('/auth/login', { username: l.username, password: l.password }), 60 + 5);
      await api.post('/_local/clock', { now: new Date(now + 16 * 60_000).toISOString() });
      expect((await api.post('/auth/login', { username: l.username, password: l.password })).status).toBe(200);
    } finally {
      await api.post('/_local/clock', { now: new Date().toISOString() });
    }
  });

  it('a success resets the count: failures must come in a row', async () => {
    const l = await api.lawyer();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await api.post('/auth/login', { username: l.username, password: 'Wrong-Pass-1' })).status).toBe(401);
      expect((await api.post('/auth/login', { username: l.username, password: l.password })).status).toBe(200);
    }
  });

  it('locks unknown usernames the same way, so the lock tells nothing about which names exist', async () => {
    const username = uniqueName('ghost');
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await api.post('/auth/login', { username, password: 'Wrong-Pass-1' }));
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(replies[0].body.error.message).toBe('用户名或密码错误');
    expectRateLimited(replies[5], 15 * 60);
  });
});

describe('code attempts (red team: "150 wrong confirmation codes, then the right one works")', () => {
  it('voids a confirmation code after five wrong tries, however many arrive at once; a new code works', async () => {
    const body = registration();
    expect((await api.post('/auth/register', await inRegistry(body))).status).toBe(201);
    const code = await api.codeFor(body.phone);
    const wrong = await Promise.all(Array.from({ length: 150 }, (_, i) => api.post('/auth/confirm', { username: body.username, code: otherThan(code, i) })));
    expect(wrong.every((r) => r.status === 400 && r.body.error.code === 'VALIDATION_FAILED')).toBe(true);

    const right = await api.post('/auth/confirm', { username: body.username, code });
    expect(right.status).toBe(400);
    expect(right.body.error.code).toBe('VALIDATION_FAILED');
    expect(right.body.error.message).toContain('已失效');
    expect((await api.post('/auth/login', { username: body.username, password: body.password })).status).toBe(401);

    expect((await api.post('/auth/resend', { username: body.username })).status).toBe(200);
    const fresh = await api.codeFor(body.phone);
    expect((await api.post('/auth/confirm', { username: body.username, code: fresh })).status).toBe(200);
    expect((await api.post('/auth/login', { username: body.username, password: body.password })).status).toBe(200);
  });

  it('four wrong tries leave the fifth: the right code still works', async () => {
    const body = registration();
    await api.post('/auth/register', await inRegistry(body));
    const code = await api.codeFor(body.phone);
    for (let i = 0; i < 4; i++) expect((await api.post('/auth/confirm', { username: body.username, code: otherThan(code, i) })).status).toBe(400);
    // Four wrong tries leave one: the right code still works.
    expect((await api.post('/auth/confirm', { username: body.username, code })).status).toBe(200);
  });
});

describe('SMS codes per phone (red team: "20 registrations with one phone send 20 SMS")', () => {
  it('sends at most five codes to one phone in an hour, the rest 429 with Retry-After', async () => {
    const phone = newPhone();
    const bodies = Array.from({ length: 20 }, () => registration({ phone }));
    // Twenty licences of the registry share the phone (the red team's case; a firm's switchboard, say).
    await api.registryEntry(...bodies.map((b) => ({ licenseNo: b.licenseNo, name: b.name, lawFirm: b.lawFirm, phone, role: 'lawyer' as const, status: 'practising' as const })));
    const replies = await Promise.all(bodies.map((b) => api.post('/auth/register', b)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5);
    const limited = replies.filter((r) => r.status === 429);
    expect(limited).toHaveLength(15);
    for (const r of limited) expectRateLimited(r, 3600);
    expect(await codesSentTo(phone)).toHaveLength(5);
    // A refused registration holds nothing: its username and licence register once the registry has another phone.
    const refused = bodies[replies.findIndex((r) => r.status === 429)];
    expect((await api.post('/auth/register', await inRegistry({ ...refused, phone: newPhone() }))).status).toBe(201);
  });

  it('counts registration, resend and password reset codes together', async () => {
    const l = await api.lawyer(); // one code: the registration
    for (let i = 0; i < 4; i++) expect((await api.post('/auth/forgot', { username: l.username })).status).toBe(200);
    expect(await codesSentTo(l.phone, 'password-reset-code')).toHaveLength(4);
    // The sixth code is not sent, and forgot still answers 200 (it must not tell that the account exists).
    const sixth = await api.post('/auth/forgot', { username: l.username });
    expect(sixth.status).toBe(200);
    expect(sixth.body).toEqual({ status: 'accepted' });
    expect(await codesSentTo(l.phone, 'password-reset-code')).toHaveLength(4);
  });

  it('a resend past the limit is 429 with Retry-After; the hour is a sliding one', async () => {
    const body = registration();
    await api.post('/auth/register', await inRegistry(body));
    for (let i = 0; i < 4; i++) expect((await api.post('/auth/resend', { username: body.username })).status).toBe(200);
    expect(await codesSentTo(body.phone)).toHaveLength(5);
    expectRateLimited(await api.post('/auth/resend', { username: body.username }), 3600);
    expect(await codesSentTo(body.phone)).toHaveLength(5);
    const now = Date.now();
    try {
      // 59 minutes on, the first code still counts; after an hour its slot is free again.
      await api.post('/_local/clock', { now: new Date(now + 59 * 60_000).toISOString() });
      expectRateLimited(await api.post('/auth/resend', { username: body.username }), 120);
      await api.post('/_local/clock', { now: new Date(now + 61 * 60_000).toISOString() });
      expect((await api.post('/auth/resend', { username: body.username })).status).toBe(200);
      expect(await codesSentTo(body.phone)).toHaveLength(6);
    } finally {
      await api.post('/_local/clock', { now: new Date().toISOString() });
    }
  });
});
