// Registration, confirmation, login and the admin's account creation, through the local gateway.
import { SignJWT, generateKeyPair } from 'jose';
import { LOCAL_ISSUER } from '../../local/platform';
import { LOCAL_CLIENT_ID } from '../../local/identity-provider';
import { Api, newLicense, newPhone, startApi, uniqueName } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.platform.close());

const registration = (over: Record<string, unknown> = {}) => ({
  username: uniqueName('reg'),
  password: 'Lawyer-Pass-1',
  name: '赵律师',
  phone: newPhone(),
  licenseNo: newLicense(),
  lawFirm: '测试律师事务所',
  role: 'lawyer',
  ...over,
});

/** The registry entry a registration must match (R1a), imported as the bar association's record. */
async function inRegistry<T extends Record<string, unknown>>(body: T): Promise<T> {
  await api.registryEntry({
    licenseNo: String(body.licenseNo),
    name: String(body.name),
    lawFirm: String(body.lawFirm),
    phone: String(body.phone),
    role: body.role as 'lawyer',
    status: 'practising',
  });
  return body;
}

describe('register → confirm → login', () => {
  it('walks the whole flow and shows the profile', async () => {
    const body = await inRegistry(registration());
    const reg = await api.post('/auth/register', body);
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({ lawyerId: expect.stringMatching(/^lw_/), status: 'unconfirmed' });

    const early = await api.post('/auth/login', { username: body.username, password: body.password });
    expect(early.status).toBe(401);
    expect(early.body.error.code).toBe('UNAUTHENTICATED');

    const outbox = await api.get(`/_local/outbox?to=${body.phone}`);
    expect(outbox.body.messages).toEqual([
      expect.objectContaining({ channel: 'sms', to: `+86${body.phone}`, kind: 'registration-code', sentAt: expect.stringMatching(/\+08:00$/) }),
    ]);

    const wrong = await api.post('/auth/confirm', { username: body.username, code: '000000' === (await api.codeFor(body.phone)) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_FAILED');

    const ok = await api.post('/auth/confirm', { username: body.username, code: await api.codeFor(body.phone) });
    expect(ok.status).toBe(200);
    const again = await api.post('/auth/confirm', { username: body.username, code: await api.codeFor(body.phone) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');

    const login = await api.post('/auth/login', { username: body.username, password: body.password });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ token: expect.any(String), expiresIn: 3600 });

    const me = await api.get('/me', login.body.token);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ lawyerId: reg.body.lawyerId, name: '赵律师', licenseNo: body.licenseNo, role: 'lawyer', violationCount: 0, lockedUntil: null });
  });

  it('rejects a taken username and a taken licence with 409 ALREADY_EXISTS', async () => {
    const first = await api.lawyer();
    const sameLicense = await api.post('/auth/register', registration({ licenseNo: first.licenseNo, phone: first.phone.replace(/^\+86/, ''), name: '测试律师' }));
    expect(sameLicense.status).toBe(409);
    expect(sameLicense.body.error.code).toBe('ALREADY_EXISTS');
    const sameUsername = await api.post('/auth/register', await inRegistry(registration({ username: first.username })));
    expect(sameUsername.status).toBe(409);
    expect(sameUsername.body.error.code).toBe('ALREADY_EXISTS');
  });

  it('lets exactly one of many simultaneous registrations of one licence win', async () => {
    const body = await inRegistry(registration());
    const replies = await Promise.all(Array.from({ length: 12 }, () => api.post('/auth/register', { ...body, username: uniqueName('reg') })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'ALREADY_EXISTS')).toBe(true);
    expect(replies).toHaveLength(12);
  });

  it.each([
    ['a 16-digit licence for a lawyer', { licenseNo: '1310120151012345' }],
    ['letters in a lawyer licence', { licenseNo: '1310120151012345X' }],
    ['a bad intern certificate', { role: 'intern', licenseNo: 'sx-1' }],
    ['a landline phone', { phone: '02162000002' }],
    ['a weak password', { password: 'password' }],
    ['an unknown field', { nickname: 'x' }],
    ['an unknown role', { role: 'staff' }],
    ['a missing field', { lawFirm: undefined }],
  ])('rejects %s with 400 VALIDATION_FAILED and writes nothing', async (_label, over) => {
    const body = registration(over);
    const r = await api.post('/auth/register', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    // Nothing half-done: the username was not reserved by the refused request.
    const retry = await api.post('/auth/register', await inRegistry(registration({ username: body.username })));
    expect(retry.status).toBe(201);
  });

  it('accepts an intern with a certificate number', async () => {
    const intern = await api.lawyer('intern');
    const me = await api.get('/me', intern.token);
    expect(me.body.role).toBe('intern');
  });

  it('answers bad JSON with 400, never 500', async () => {
    const r = await api.call('POST', '/auth/register', { raw: '{"username": ' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const empty = await api.call('POST', '/auth/login', { raw: '' });
    expect(empty.status).toBe(400);
    const array = await api.call('POST', '/auth/login', { raw: '[]' });
    expect(array.status).toBe(400);
  });

  it('refuses a wrong password with 401', async () => {
    const l = await api.lawyer();
    const r = await api.post('/auth/login', { username: l.username, password: 'Wrong-Pass-9' });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('the gateway verifies tokens like the JWT authorizer', () => {
  it('refuses missing, malformed, foreign-signed, wrong-issuer and expired tokens', async () => {
    const l = await api.lawyer();
    const claims = { 'custom:userId': l.lawyerId, 'cognito:username': l.username, 'cognito:groups': ['lawyer'], 'custom:licenseNo': l.licenseNo };
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_CLIENT_ID).setExpirationTime('1h').sign(privateKey);
    const identity = api.platform.identity;
    const expired = await identity.issueToken({ username: l.username, groups: ['lawyer'], attributes: { userId: l.lawyerId, licenseNo: l.licenseNo } }, -10);

    for (const token of [undefined, 'not-a-jwt', foreign, expired, `${l.token.slice(0, -4)}AAAA`]) {
      const r = await api.get('/me', token);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    }
    expect((await api.get('/me', l.token)).status).toBe(200);
  });

  it('keeps tokens valid when the local clock moves', async () => {
    const l = await api.lawyer();
    const moved = await api.post('/_local/clock', { now: '2031-06-01T09:00:00+08:00' });
    expect(moved.status).toBe(200);
    expect(moved.body.now).toMatch(/^2031-06-01T09:00/);
    try {
      expect((await api.get('/me', l.token)).status).toBe(200);
    } finally {
      await api.post('/_local/clock', { now: new Date().toISOString() });
    }
  });
});

describe('POST /admin/users', () => {
  it('creates each kind of account, which can then log in with its role', async () => {
    const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
    const investigator = await api.account('investigator', { centerIds: ['changning-kss'] });
    const committee = await api.account('committee', { district: 'jiading' });
    const admin = await api.account('admin');
    for (const a of [staff, investigator, committee, admin]) expect(a.token).toEqual(expect.any(String));
  });

  it.each([
    ['staff without centers', { role: 'staff' }],
    ['staff of an unknown center', { role: 'staff', centerIds: ['nowhere-kss'] }],
    ['committee without district', { role: 'committee' }],
    ['committee of an unknown district', { role: 'committee', district: 'pudong' }],
    ['admin with centers', { role: 'admin', centerIds: ['minhang-kss'] }],
    ['a lawyer role', { role: 'lawyer' }],
  ])('rejects %s with 400', async (_label, body) => {
    const r = await api.post('/admin/users', { username: uniqueName('bad'), password: 'Pass-Word-123', ...body }, await api.adminToken());
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('rejects a taken username with 409', async () => {
    const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
    const r = await api.post('/admin/users', { username: staff.username, password: 'Pass-Word-123', role: 'staff', centerIds: ['minhang-kss'] }, await api.adminToken());
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('ALREADY_EXISTS');
  });
});
