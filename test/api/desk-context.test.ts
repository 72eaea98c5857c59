// What the front desk and the investigator need to decide without codes (issue 18): staff see each
// open appeal with the lawyer, the meeting, the violation's reason and the lawyer's text, and it
// leaves the list once decided; a binding says what the registry knows of the licence (practising,
// suspended, or not in the registry — still bound); an investigator finds a detainee by name within
// their centers and learns id, name and status only (B9).
// Dates: the clock stands at Tuesday 2027-09-07 09:00 (Shanghai); bookings on 2027-09-08/09.
import { randomUUID } from 'node:crypto';
import { planNewViolation } from '../../shared/adapters/discipline-repository';
import { TransactionPlan } from '../../shared/adapters/transaction';
import { Api, newLicense, newPhone, startApi } from './harness';

const CENTER = 'minhang-kss';
const NOW = '2027-09-07T09:00:00+08:00';

type Account = { userId: string; username: string; token: string };

let api: Api;
let staff: Account;
let otherStaff: Account;
let investigator: Account;
let otherInvestigator: Account;

beforeAll(async () => {
  api = await startApi();
  [staff, otherStaff, investigator, otherInvestigator] = await Promise.all([
    api.account('staff', { centerIds: [CENTER] }),
    api.account('staff', { centerIds: ['changning-kss'] }),
    api.account('investigator', { centerIds: [CENTER] }),
    api.account('investigator', { centerIds: ['changning-kss'] }),
  ]);
});
beforeEach(() => api.post('/_local/clock', { now: NOW }));
afterAll(() => api.platform.close());

async function namedDetainee(name: string, centerId = CENTER, token = staff.token): Promise<string> {
  const r = await api.post(`/centers/${centerId}/detainees`, { name, sex: 'M', caseUnit: '闵行分局' }, token);
  expect(r.status).toBe(201);
  return r.body.detaineeId;
}

describe('GET /centers/{centerId}/appeals', () => {
  it('lists an appeal with the lawyer, the meeting, the reason and the text, and drops it once decided', async () => {
    const lawyer = await api.lawyer('lawyer', newLicense(), '申诉测试律师事务所', '钱申诉');
    const detaineeId = await namedDetainee('赵会见');
    expect((await api.post(`/centers/${CENTER}/bindings`, { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' }, staff.token)).status).toBe(201);
    const booking = await api.call('POST', '/bookings', {
      token: lawyer.token,
      body: { centerId: CENTER, detaineeId, slotId: '2027-09-08.AM' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(booking.status).toBe(201);
    const plan = new TransactionPlan();
    const v = await planNewViolation(
      plan,
      { lawyerId: lawyer.lawyerId, bookingId: booking.body.bookingId, centerId: CENTER, reason: 'no_show' },
      new Date('2027-09-08T12:05:00+08:00'),
    );
    expect(await plan.commit()).toBe('committed');

    // Not appealed yet: nothing to decide.
    const before = await api.get(`/centers/${CENTER}/appeals`, staff.token);
    expect(before.status).toBe(200);
    expect(before.body.appeals.map((a: { violationId: string }) => a.violationId)).not.toContain(v.violationId);

    expect((await api.post(`/violations/${v.violationId}/appeal`, { reason: '当日突发疾病，已电话告知' }, lawyer.token)).status).toBe(200);
    const listed = await api.get(`/centers/${CENTER}/appeals`, staff.token);
    expect(listed.status).toBe(200);
    const mine = listed.body.appeals.find((a: { violationId: string }) => a.violationId === v.violationId);
    expect(mine).toEqual({
      violationId: v.violationId,
      reason: 'no_show',
      at: '2027-09-08T12:05:00.000+08:00',
      appealReason: '当日突发疾病，已电话告知',
      appealedAt: expect.stringMatching(/^2027-09-07T09:/),
      lawyer: { lawyerId: lawyer.lawyerId, name: '钱申诉', lawFirm: '申诉测试律师事务所', licenseNo: lawyer.licenseNo },
      booking: {
        bookingId: booking.body.bookingId,
        slotId: '2027-09-08.AM',
        date: '2027-09-08',
        sessionStart: '2027-09-08T08:30:00.000+08:00',
        detaineeId,
        detaineeName: '赵会见',
      },
    });

    // Another center's staff are refused; the other center's list does not hold it.
    expect((await api.get(`/centers/${CENTER}/appeals`, otherStaff.token)).status).toBe(403);
    const other = await api.get('/centers/changning-kss/appeals', otherStaff.token);
    expect(other.status).toBe(200);
    expect(other.body.appeals.map((a: { violationId: string }) => a.violationId)).not.toContain(v.violationId);

    expect((await api.post(`/violations/${v.violationId}/decision`, { decision: 'upheld' }, staff.token)).status).toBe(200);
    const after = await api.get(`/centers/${CENTER}/appeals`, staff.token);
    expect(after.body.appeals.map((a: { violationId: string }) => a.violationId)).not.toContain(v.violationId);
  });
});

describe('POST /centers/{centerId}/bindings says what the registry knows of the licence', () => {
  it('practising, suspended, or unknown (still bound)', async () => {
    const practising = { licenseNo: newLicense(), name: '孙执业', lawFirm: '登记律师事务所', phone: newPhone(), role: 'lawyer' as const, status: 'practising' as const };
    const suspended = { ...practising, licenseNo: newLicense(), name: '周暂停', phone: newPhone(), status: 'suspended' as const };
    await api.registryEntry(practising, suspended);
    const detaineeId = await namedDetainee('钱绑定');
    const bind = (licenseNo: string) => api.post(`/centers/${CENTER}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, staff.token);

    const a = await bind(practising.licenseNo);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'active', lawyerId: null, lawyer: null, registry: { name: '孙执业', lawFirm: '登记律师事务所', role: 'lawyer', status: 'practising' } });
    expect(JSON.stringify(a.body)).not.toContain(practising.phone);

    const b = await bind(suspended.licenseNo);
    expect(b.status).toBe(201);
    expect(b.body.registry).toEqual({ name: '周暂停', lawFirm: '登记律师事务所', role: 'lawyer', status: 'suspended' });

    // A licence the registry does not know (a typo, or not imported yet) is bound all the same.
    const c = await bind(newLicense());
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ status: 'active', registry: null });
  });
});

describe('POST /admin/lawyer-registry/{licenseNo}', () => {
  it('creates one entry, then updates it; the binding and the lookup see the change', async () => {
    const admin = await api.adminToken();
    const licenseNo = newLicense();
    const phone = newPhone();
    const body = { name: '吴单条', lawFirm: '表单律师事务所', phone, role: 'lawyer', status: 'practising' };
    const first = await api.post(`/admin/lawyer-registry/${licenseNo}`, body, admin);
    expect([first.status, first.body]).toEqual([200, { licenseNo, created: true }]);
    const got = await api.get(`/admin/lawyer-registry/${licenseNo}`, admin);
    expect(got.body).toMatchObject({ licenseNo, name: '吴单条', lawFirm: '表单律师事务所', phone: `+86${phone}`, status: 'practising', accountId: null });

    const second = await api.post(`/admin/lawyer-registry/${licenseNo}`, { ...body, lawFirm: '改名律师事务所', status: 'suspended' }, admin);
    expect([second.status, second.body]).toEqual([200, { licenseNo, created: false }]);
    expect((await api.get(`/admin/lawyer-registry/${licenseNo}`, admin)).body).toMatchObject({ lawFirm: '改名律师事务所', status: 'suspended' });

    const detaineeId = await namedDetainee('李单条');
    const bound = await api.post(`/centers/${CENTER}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, staff.token);
    expect(bound.body.registry).toMatchObject({ lawFirm: '改名律师事务所', status: 'suspended' });
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const admin = await api.adminToken();
    const licenseNo = newLicense();
    const body = { name: '吴单条', lawFirm: '表单律师事务所', phone: newPhone(), role: 'lawyer', status: 'practising' };
    // An intern certificate's format is not a lawyer's 17 digits.
    const wrongFormat = await api.post('/admin/lawyer-registry/SX123456789', body, admin);
    expect(wrongFormat.status).toBe(400);
    expect(wrongFormat.body.error.code).toBe('VALIDATION_FAILED');
    expect(wrongFormat.body.error.message).toContain('执业证号须为 17 位数字');
    expect((await api.get('/admin/lawyer-registry/SX123456789', admin)).status).toBe(404);
    for (const bad of [
      { ...body, phone: '123' },
      { ...body, name: '' },
      { ...body, role: 'judge' },
      { ...body, extra: 1 },
    ]) {
      const r = await api.post(`/admin/lawyer-registry/${licenseNo}`, bad, admin);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await api.get(`/admin/lawyer-registry/${licenseNo}`, admin)).status).toBe(404);
    // Not for staff.
    expect((await api.post(`/admin/lawyer-registry/${licenseNo}`, body, staff.token)).status).toBe(403);
  });
});

describe('GET /centers/{centerId}/detainee-search (investigators)', () => {
  it('finds detainees by any part of the name, within the center, with id, name and status only', async () => {
    const tag = `冯${randomUUID().slice(0, 4).toUpperCase()}`;
    const lawyer = await api.lawyer();
    const here = await namedDetainee(`${tag}甲`);
    const released = await namedDetainee(`${tag}乙`);
    await api.post(`/centers/${CENTER}/bindings`, { licenseNo: lawyer.licenseNo, detaineeId: here, verification: 'documents' }, staff.token);
    expect((await api.post(`/centers/${CENTER}/detainees/${released}/release`, { reason: 'released' }, staff.token)).status).toBe(200);
    const elsewhereStaff = otherStaff.token;
    const elsewhere = await namedDetainee(`${tag}丙`, 'changning-kss', elsewhereStaff);

    const r = await api.get(`/centers/${CENTER}/detainee-search?name=${encodeURIComponent(tag)}`, investigator.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ detainees: [{ detaineeId: here, name: `${tag}甲`, status: 'active' }], nextCursor: null });
    const text = JSON.stringify(r.body);
    for (const secret of [lawyer.lawyerId, lawyer.licenseNo, lawyer.name, '闵行分局', 'caseUnit', 'sex', 'lawyer', elsewhere]) expect(text).not.toContain(secret);

    const all = await api.get(`/centers/${CENTER}/detainee-search?name=${encodeURIComponent(tag)}&status=all`, investigator.token);
    expect(all.body.detainees.map((d: { detaineeId: string; status: string }) => [d.detaineeId, d.status]).sort()).toEqual(
      [
        [here, 'active'],
        [released, 'released'],
      ].sort(),
    );
    // Any part of the name.
    expect((await api.get(`/centers/${CENTER}/detainee-search?name=${encodeURIComponent(`${tag.slice(1)}甲`)}`, investigator.token)).body.detainees).toEqual([
      { detaineeId: here, name: `${tag}甲`, status: 'active' },
    ]);

    // Another center's investigator, staff, lawyers: refused. No name: 400.
    expect((await api.get(`/centers/${CENTER}/detainee-search?name=${encodeURIComponent(tag)}`, otherInvestigator.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainee-search?name=${encodeURIComponent(tag)}`, staff.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainee-search?name=${encodeURIComponent(tag)}`, lawyer.token)).status).toBe(403);
    const none = await api.get(`/centers/${CENTER}/detainee-search`, investigator.token);
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('VALIDATION_FAILED');
  });
});
