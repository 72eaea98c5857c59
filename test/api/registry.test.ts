// R1a through HTTP: the licence registry imported by admins, registration proven against it (every
// mismatch is 422 NOT_IN_REGISTRY and sends nothing; the code goes to the phone on record), the
// licence-squatting scenario of the red team now refused end to end, and a suspended licence
// refused at registration, booking, waitlist and urgent request — and back once reinstated.
import { randomUUID } from 'node:crypto';
import { Api, newLicense, newPhone, startApi, uniqueName } from './harness';

let api: Api;
let admin: string;
let staff: { token: string };
// A week no other API test file books in.
const MONDAY = '2027-04-12';
beforeAll(async () => {
  api = await startApi();
  admin = await api.adminToken();
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  await api.post('/_local/clock', { now: `${MONDAY}T08:00:00+08:00` });
}, 30_000);
afterAll(() => api.platform.close());

type Entry = { licenseNo: string; name: string; lawFirm: string; phone: string; role: 'lawyer' | 'intern'; status: 'practising' | 'suspended' };
const entry = (over: Partial<Entry> = {}): Entry => ({ licenseNo: newLicense(), name: '周律师', lawFirm: '上海周氏律师事务所', phone: newPhone(), role: 'lawyer', status: 'practising', ...over });
const importEntries = (entries: unknown[]) => api.post('/admin/lawyer-registry', { entries }, admin);
const registration = (e: Entry, over: Record<string, unknown> = {}) => ({
  username: uniqueName('reg'),
  password: 'Lawyer-Pass-1',
  name: e.name,
  phone: e.phone,
  licenseNo: e.licenseNo,
  lawFirm: e.lawFirm,
  role: e.role,
  ...over,
});
const smsTo = async (phone: string) => (await api.get(`/_local/outbox?to=${encodeURIComponent(phone)}`)).body.messages as { kind: string; to: string }[];

describe('POST /admin/lawyer-registry', () => {
  it('creates, then updates by licence, and GET shows the entry with its account', async () => {
    const a = entry();
    const b = entry({ role: 'intern', licenseNo: `SHX${Date.now().toString().slice(-9)}` });
    expect((await importEntries([a, b])).body).toEqual({ created: 2, updated: 0 });
    expect((await importEntries([{ ...a, lawFirm: '上海新律师事务所' }, entry()])).body).toEqual({ created: 1, updated: 1 });

    const got = await api.get(`/admin/lawyer-registry/${a.licenseNo}`, admin);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...a, phone: `+86${a.phone}`, lawFirm: '上海新律师事务所', importedAt: expect.stringMatching(/\+08:00$/), accountId: null });
    expect((await api.get(`/admin/lawyer-registry/${newLicense()}`, admin)).status).toBe(404);
  });

  it('refuses the whole import when one entry is bad, naming each bad index, and writes nothing', async () => {
    const good = entry();
    const r = await importEntries([good, { ...entry(), phone: '021-123' }, entry(), { ...entry(), status: 'retired' }, { ...entry(), licenseNo: '123' }]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: { field: string }) => i.field)).toEqual(['body.entries.1.phone', 'body.entries.3.status', 'body.entries.4.licenseNo']);
    expect((await api.get(`/admin/lawyer-registry/${good.licenseNo}`, admin)).status).toBe(404);
  });

  it('refuses a licence twice in one import, and more than 1,000 entries', async () => {
    const a = entry();
    const dupes = await importEntries([a, entry(), { ...a, name: '另一人' }]);
    expect(dupes.status).toBe(400);
    expect(dupes.body.error.issues).toEqual([{ field: 'body.entries.2.licenseNo', message: expect.stringContaining('重复') }]);
    expect((await api.get(`/admin/lawyer-registry/${a.licenseNo}`, admin)).status).toBe(404);
    const tooMany = await importEntries(Array.from({ length: 1001 }, () => entry()));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('1000');
  });

  it('imports 1,000 entries in one request', async () => {
    const entries = Array.from({ length: 1000 }, () => entry());
    expect((await importEntries(entries)).body).toEqual({ created: 1000, updated: 0 });
    expect((await api.get(`/admin/lawyer-registry/${entries[999].licenseNo}`, admin)).body.licenseNo).toBe(entries[999].licenseNo);
  }, 60_000);
});

describe('registration proven against the registry', () => {
  it.each<[string, (e: Entry) => Record<string, unknown>]>([
    ['a licence the registry does not hold', () => ({ licenseNo: newLicense() })],
    ['another name', () => ({ name: '冒名者' })],
    ['another phone', () => ({ phone: newPhone() })],
    ['the lawyer’s licence registered as an intern', () => ({ role: 'intern' })],
  ])('%s → 422 NOT_IN_REGISTRY, and no SMS', async (_what, change) => {
    const e = entry();
    await importEntries([e]);
    const body = registration(e, change(e));
    const r = await api.post('/auth/register', body);
    expect([r.status, r.body.error?.code]).toEqual([422, 'NOT_IN_REGISTRY']);
    expect(await smsTo(String(body.phone))).toEqual([]);
    expect(await smsTo(e.phone)).toEqual([]);
  });

  it('matches the phone with or without +86 and the name whatever its spacing; the code goes to the phone on record', async () => {
    const e = entry({ name: '欧阳 明' });
    await importEntries([e]);
    const r = await api.post('/auth/register', registration(e, { phone: `+86${e.phone}`, name: '欧阳明', lawFirm: '随便写的律所' }));
    expect(r.status).toBe(201);
    expect((await smsTo(e.phone)).map((m) => [m.kind, m.to])).toEqual([['registration-code', `+86${e.phone}`]]);
  });

  it('a suspended licence cannot register: 403 LICENCE_SUSPENDED', async () => {
    const e = entry({ status: 'suspended' });
    await importEntries([e]);
    const r = await api.post('/auth/register', registration(e));
    expect([r.status, r.body.error?.code]).toEqual([403, 'LICENCE_SUSPENDED']);
    expect(await smsTo(e.phone)).toEqual([]);
  });

  it('licence squatting is refused: the real lawyer registers and finds the binding staff made for them', async () => {
    const real = entry({ name: '吴律师' });
    await importEntries([real]);
    // Staff bind the real lawyer's licence after checking the real lawyer's papers.
    const detaineeId = await api.detainee(staff.token);
    const binding = await api.post('/centers/minhang-kss/bindings', { licenseNo: real.licenseNo, detaineeId, verification: 'documents' }, staff.token);
    expect(binding.body).toMatchObject({ lawyerId: null, lawyer: null });

    // The squatter knows the licence number and the name, but has only their own phone.
    const squatterPhone = newPhone();
    const squat = await api.post('/auth/register', registration(real, { phone: squatterPhone }));
    expect([squat.status, squat.body.error?.code]).toEqual([422, 'NOT_IN_REGISTRY']);
    expect(await smsTo(squatterPhone)).toEqual([]);

    // The real lawyer is not blocked, and the binding is theirs.
    const username = uniqueName('real');
    expect((await api.post('/auth/register', registration(real, { username }))).status).toBe(201);
    expect((await api.post('/auth/confirm', { username, code: await api.codeFor(real.phone) })).status).toBe(200);
    const token = await api.login(username, 'Lawyer-Pass-1');
    expect((await api.get('/me/bindings', token)).body.bindings).toEqual([expect.objectContaining({ bindingId: binding.body.bindingId, detaineeId, status: 'active' })]);
    const me = (await api.get('/me', token)).body;
    expect((await api.get(`/admin/lawyer-registry/${real.licenseNo}`, admin)).body.accountId).toBe(me.lawyerId);
    // A new binding names the account, to compare with the papers.
    const second = await api.post('/centers/minhang-kss/bindings', { licenseNo: real.licenseNo, detaineeId: await api.detainee(staff.token), verification: 'documents' }, staff.token);
    expect(second.body).toMatchObject({ lawyerId: me.lawyerId, lawyer: { name: '吴律师', lawFirm: real.lawFirm } });
  });
});

describe('a licence suspended after registration', () => {
  it('refuses booking, waitlist and urgent requests with 403 LICENCE_SUSPENDED until reinstated', async () => {
    const lawyer = await api.lawyer();
    const detaineeId = await api.detainee(staff.token);
    await api.post('/centers/minhang-kss/bindings', { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' }, staff.token);
    const record = { licenseNo: lawyer.licenseNo, name: '测试律师', lawFirm: '测试律师事务所', phone: lawyer.phone, role: 'lawyer' as const };
    expect((await importEntries([{ ...record, status: 'suspended' }])).body).toEqual({ created: 0, updated: 1 });

    const book = (slotId: string) =>
      api.call('POST', '/bookings', { token: lawyer.token, body: { centerId: 'minhang-kss', detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });
    const refused = await book(`${MONDAY}.PM`);
    expect([refused.status, refused.body.error?.code]).toEqual([403, 'LICENCE_SUSPENDED']);
    expect(refused.body.error.message).toContain('停止执业');

    // A full session, for the waitlist.
    const full = '2027-04-13.AM';
    for (let i = 0; i < 6; i++) {
      const other = await api.lawyer();
      const d = await api.detainee(staff.token);
      await api.post('/centers/minhang-kss/bindings', { licenseNo: other.licenseNo, detaineeId: d, verification: 'documents' }, staff.token);
      expect((await api.call('POST', '/bookings', { token: other.token, body: { centerId: 'minhang-kss', detaineeId: d, slotId: full }, headers: { 'idempotency-key': randomUUID() } })).status).toBe(201);
    }
    const waitlist = await api.post('/waitlist', { centerId: 'minhang-kss', detaineeId, slotId: full }, lawyer.token);
    expect([waitlist.status, waitlist.body.error?.code]).toEqual([403, 'LICENCE_SUSPENDED']);
    const urgent = await api.post('/urgent-requests', { centerId: 'minhang-kss', detaineeId }, lawyer.token);
    expect([urgent.status, urgent.body.error?.code]).toEqual([403, 'LICENCE_SUSPENDED']);
    expect((await api.get('/bookings', lawyer.token)).body.bookings).toEqual([]);

    expect((await importEntries([{ ...record, status: 'practising' }])).body).toEqual({ created: 0, updated: 1 });
    expect((await book(`${MONDAY}.PM`)).status).toBe(201);
  }, 60_000);

  it('refuses a booking that names a suspended co-counsel', async () => {
    const [lead, co] = [await api.lawyer(), await api.lawyer()];
    const detaineeId = await api.detainee(staff.token);
    for (const l of [lead, co]) await api.post('/centers/minhang-kss/bindings', { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);
    await importEntries([{ licenseNo: co.licenseNo, name: '测试律师', lawFirm: '测试律师事务所', phone: co.phone, role: 'lawyer', status: 'suspended' }]);
    const r = await api.call('POST', '/bookings', {
      token: lead.token,
      body: { centerId: 'minhang-kss', detaineeId, slotId: '2027-04-14.AM', coCounselLawyerIds: [co.lawyerId] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect([r.status, r.body.error?.code]).toEqual([403, 'LICENCE_SUSPENDED']);
    expect(r.body.error.message).toContain(co.lawyerId);
  });
});
