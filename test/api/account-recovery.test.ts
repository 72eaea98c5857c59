// POST /auth/resend, /auth/forgot and /auth/reset through the local gateway: codes land in the
// local outbox like the registration code, and the answers do not tell which usernames exist.
import { Api, newLicense, newPhone, startApi, uniqueName } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.platform.close());

const registration = () => ({
  username: uniqueName('rec'),
  password: 'Lawyer-Pass-1',
  name: '孙律师',
  phone: newPhone(),
  licenseNo: newLicense(),
  lawFirm: '测试律师事务所',
  role: 'lawyer',
});

/** The registry entry a registration must match (R1a), imported as the bar association's record. */
async function inRegistry<T extends Record<string, unknown>>(body: T): Promise<T> {
  await api.registryEntry({ licenseNo: String(body.licenseNo), name: String(body.name), lawFirm: String(body.lawFirm), phone: String(body.phone), role: 'lawyer', status: 'practising' });
  return body;
}

const messagesTo = async (phone: string, kind: string) =>
  ((await api.get(`/_local/outbox?to=${encodeURIComponent(phone)}`)).body.messages as { kind: string; body: string }[]).filter((m) => m.kind === kind);

async function resetCodeFor(phone: string): Promise<string> {
  const codes = await messagesTo(phone, 'password-reset-code');
  const match = /(\d{6})/.exec(codes[codes.length - 1]?.body ?? '');
  if (!match) throw new Error(`no reset code for ${phone}`);
  return match[1];
}

const otherThan = (code: string, i = 0) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

describe('POST /auth/resend', () => {
  it('sends a new code to the phone of an unconfirmed registration; the new code confirms, the old one no longer', async () => {
    const body = registration();
    await api.post('/auth/register', await inRegistry(body));
    const first = await api.codeFor(body.phone);
    const r = await api.post('/auth/resend', { username: body.username });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'accepted' });
    const sent = await messagesTo(body.phone, 'registration-code');
    expect(sent).toHaveLength(2);
    const second = await api.codeFor(body.phone);
    if (second !== first) expect((await api.post('/auth/confirm', { username: body.username, code: first })).status).toBe(400);
    expect((await api.post('/auth/confirm', { username: body.username, code: second })).status).toBe(200);
  });

  it('answers an unknown and a confirmed username the same way, and sends nothing', async () => {
    const l = await api.lawyer();
    const unknown = await api.post('/auth/resend', { username: uniqueName('nobody') });
    const confirmed = await api.post('/auth/resend', { username: l.username });
    for (const r of [unknown, confirmed]) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 'accepted' });
    }
    expect(await messagesTo(l.phone, 'registration-code')).toHaveLength(1);
  });

  it.each([
    ['no username', {}],
    ['a malformed username', { username: 'a b' }],
    ['an unknown field', { username: 'abc', phone: '13800000000' }],
  ])('rejects %s with 400', async (_label, body) => {
    const r = await api.post('/auth/resend', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /auth/forgot and /auth/reset', () => {
  it('resets a forgotten password with the SMS code: the new one logs in, the old one no longer', async () => {
    const l = await api.lawyer();
    const forgot = await api.post('/auth/forgot', { username: l.username });
    expect(forgot.status).toBe(200);
    expect(forgot.body).toEqual({ status: 'accepted' });
    const [message] = await messagesTo(l.phone, 'password-reset-code');
    expect(message.body).toMatch(/重置/);
    const code = await resetCodeFor(l.phone);

    const reset = await api.post('/auth/reset', { username: l.username, code, newPassword: 'New-Lawyer-Pass-2' });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ status: 'reset' });
    expect((await api.post('/auth/login', { username: l.username, password: l.password })).status).toBe(401);
    expect((await api.post('/auth/login', { username: l.username, password: 'New-Lawyer-Pass-2' })).status).toBe(200);
    // The code is spent.
    expect((await api.post('/auth/reset', { username: l.username, code, newPassword: 'Other-Pass-3' })).status).toBe(400);
  });

  it('answers 200 for an unknown username and an unconfirmed registration alike, and sends nothing', async () => {
    const body = registration();
    await api.post('/auth/register', await inRegistry(body));
    const replies = [await api.post('/auth/forgot', { username: uniqueName('nobody') }), await api.post('/auth/forgot', { username: body.username })];
    for (const r of replies) expect([r.status, r.body]).toEqual([200, { status: 'accepted' }]);
    expect(await messagesTo(body.phone, 'password-reset-code')).toEqual([]);
  });

  it('refuses a wrong code with 400 VALIDATION_FAILED, and after five wrong codes even the right one', async () => {
    const l = await api.lawyer();
    await api.post('/auth/forgot', { username: l.username });
    const code = await resetCodeFor(l.phone);
    const wrong = await api.post('/auth/reset', { username: l.username, code: otherThan(code), newPassword: 'New-Lawyer-Pass-2' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_FAILED');
    for (let i = 1; i < 5; i++) expect((await api.post('/auth/reset', { username: l.username, code: otherThan(code, i), newPassword: 'New-Lawyer-Pass-2' })).status).toBe(400);
    const right = await api.post('/auth/reset', { username: l.username, code, newPassword: 'New-Lawyer-Pass-2' });
    expect(right.status).toBe(400);
    expect(right.body.error.message).toBe(wrong.body.error.message);
    expect((await api.post('/auth/login', { username: l.username, password: l.password })).status).toBe(200);

    // A new code has a new budget.
    await api.post('/auth/forgot', { username: l.username });
    const fresh = await resetCodeFor(l.phone);
    expect((await api.post('/auth/reset', { username: l.username, code: fresh, newPassword: 'New-Lawyer-Pass-2' })).status).toBe(200);
  });

  it('gives an unknown username the same 400 as a wrong code', async () => {
    const l = await api.lawyer();
    await api.post('/auth/forgot', { username: l.username });
    const code = await resetCodeFor(l.phone);
    const unknown = await api.post('/auth/reset', { username: uniqueName('nobody'), code, newPassword: 'New-Lawyer-Pass-2' });
    const wrong = await api.post('/auth/reset', { username: l.username, code: otherThan(code), newPassword: 'New-Lawyer-Pass-2' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('applies the registration password policy to the new password', async () => {
    const l = await api.lawyer();
    await api.post('/auth/forgot', { username: l.username });
    const code = await resetCodeFor(l.phone);
    const weak = await api.post('/auth/reset', { username: l.username, code, newPassword: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('VALIDATION_FAILED');
    expect(weak.body.error.issues).toEqual([expect.objectContaining({ field: 'body.newPassword' })]);
    // The weak request did not use up a try: the code still works with a good password.
    expect((await api.post('/auth/reset', { username: l.username, code, newPassword: 'Strong-Pass-77' })).status).toBe(200);
  });

  it('a reset lifts the failed-login lock: the phone proves who it is', async () => {
    const l = await api.lawyer();
    for (let i = 0; i < 5; i++) await api.post('/auth/login', { username: l.username, password: 'Wrong-Pass-1' });
    expect((await api.post('/auth/login', { username: l.username, password: l.password })).status).toBe(429);
    await api.post('/auth/forgot', { username: l.username });
    expect((await api.post('/auth/reset', { username: l.username, code: await resetCodeFor(l.phone), newPassword: 'New-Lawyer-Pass-2' })).status).toBe(200);
    expect((await api.post('/auth/login', { username: l.username, password: 'New-Lawyer-Pass-2' })).status).toBe(200);
  });

  it('sends a staff account its reset code to the phone the admin gave it', async () => {
    const username = uniqueName('clerk');
    const phone = newPhone();
    const created = await api.post('/admin/users', { username, password: 'Staff-Pass-123', role: 'staff', centerIds: ['minhang-kss'], phone }, await api.adminToken());
    expect(created.status).toBe(201);
    await api.post('/auth/forgot', { username });
    const code = await resetCodeFor(phone);
    expect((await api.post('/auth/reset', { username, code, newPassword: 'Staff-Pass-456' })).status).toBe(200);
    expect((await api.post('/auth/login', { username, password: 'Staff-Pass-456' })).status).toBe(200);
  });
});
