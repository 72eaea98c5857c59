// Detainees and bindings through the local gateway: R1 (binding in either order with registration),
// B4 (release/transfer and revoke end bindings), staff scope, and lawyers seeing only their own data.
import { Api, newLicense, startApi } from './harness';

let api: Api;
let staff: { token: string };
let otherStaff: { token: string };
beforeAll(async () => {
  api = await startApi();
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  otherStaff = await api.account('staff', { centerIds: ['changning-kss'] });
});
afterAll(() => api.platform.close());

const bind = (detaineeId: string, licenseNo: string, token = staff.token, centerId = 'minhang-kss') =>
  api.post(`/centers/${centerId}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, token);

describe('binding (R1)', () => {
  it('attaches a binding made before registration the moment the lawyer registers', async () => {
    const detaineeId = await api.detainee(staff.token);
    const licenseNo = newLicense();
    const b = await bind(detaineeId, licenseNo);
    expect(b.status).toBe(201);
    expect(b.body).toEqual({ bindingId: expect.stringMatching(/^bd_/), status: 'active', lawyerId: null, lawyer: null, registry: null });

    const lawyer = await api.lawyer('lawyer', licenseNo);
    const mine = await api.get('/me/bindings', lawyer.token);
    expect(mine.status).toBe(200);
    expect(mine.body.bindings).toEqual([
      { bindingId: b.body.bindingId, centerId: 'minhang-kss', detaineeId, status: 'active', detaineeName: '王某', centerName: '上海市闵行区看守所' },
    ]);
  });

  it('returns the lawyer id when the lawyer registered first', async () => {
    const lawyer = await api.lawyer();
    const detaineeId = await api.detainee(staff.token);
    const b = await bind(detaineeId, lawyer.licenseNo);
    expect(b.status).toBe(201);
    expect(b.body.lawyerId).toBe(lawyer.lawyerId);
    // The account it attached to, to compare with the papers (R1a).
    expect(b.body.lawyer).toEqual({ name: '测试律师', lawFirm: '测试律师事务所' });
    const mine = await api.get('/me/bindings', lawyer.token);
    expect(mine.body.bindings.map((x: { bindingId: string }) => x.bindingId)).toEqual([b.body.bindingId]);
  });

  it('lists bindings across districts but never another lawyer’s', async () => {
    const lawyer = await api.lawyer();
    const other = await api.lawyer();
    const d1 = await api.detainee(staff.token);
    const d2 = await api.detainee(otherStaff.token, 'changning-kss');
    await bind(d1, lawyer.licenseNo);
    await bind(d2, lawyer.licenseNo, otherStaff.token, 'changning-kss');
    await bind(d1, other.licenseNo);
    const mine = await api.get('/me/bindings', lawyer.token);
    expect(mine.body.bindings.map((x: { centerId: string }) => x.centerId).sort()).toEqual(['changning-kss', 'minhang-kss']);
    const theirs = await api.get('/me/bindings', other.token);
    expect(theirs.body.bindings).toHaveLength(1);
  });

  it('refuses a second active binding of the same pair, also under concurrency', async () => {
    const detaineeId = await api.detainee(staff.token);
    const licenseNo = newLicense();
    const replies = await Promise.all(Array.from({ length: 10 }, () => bind(detaineeId, licenseNo)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409 && r.body.error.code === 'ALREADY_EXISTS')).toHaveLength(9);
  });

  it.each([
    ['a malformed licence', { licenseNo: '123', verification: 'documents' }],
    ['an unknown verification', { licenseNo: '13101201510123456', verification: 'phone-call' }],
    ['an extra field', { licenseNo: '13101201510123456', verification: 'documents', note: 'x' }],
  ])('rejects %s with 400', async (_label, body) => {
    const detaineeId = await api.detainee(staff.token);
    const r = await api.post('/centers/minhang-kss/bindings', { detaineeId, ...body }, staff.token);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 for an unknown detainee or one of another center', async () => {
    const unknown = await bind('dt_UNKNOWN', newLicense());
    expect(unknown.status).toBe(404);
    const elsewhere = await api.detainee(otherStaff.token, 'changning-kss');
    const r = await bind(elsewhere, newLicense());
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});

describe('revoke and release (B4)', () => {
  it('revokes a binding once; the pair can be bound again afterwards', async () => {
    const lawyer = await api.lawyer();
    const detaineeId = await api.detainee(staff.token);
    const b = await bind(detaineeId, lawyer.licenseNo);
    const revoke = await api.post(`/centers/minhang-kss/bindings/${b.body.bindingId}/revoke`, undefined, staff.token);
    expect(revoke.status).toBe(200);
    expect(revoke.body).toEqual({ bindingId: b.body.bindingId, status: 'revoked', cancelledBookingIds: [] });
    const twice = await api.post(`/centers/minhang-kss/bindings/${b.body.bindingId}/revoke`, undefined, staff.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATE');
    expect((await api.get('/me/bindings', lawyer.token)).body.bindings[0].status).toBe('revoked');
    expect((await bind(detaineeId, lawyer.licenseNo)).status).toBe(201);
  });

  it('does not let staff of another center revoke (403) and hides unknown ids (404)', async () => {
    const detaineeId = await api.detainee(staff.token);
    const b = await bind(detaineeId, newLicense());
    const foreign = await api.post(`/centers/minhang-kss/bindings/${b.body.bindingId}/revoke`, undefined, otherStaff.token);
    expect(foreign.status).toBe(403);
    const wrongCenter = await api.post(`/centers/changning-kss/bindings/${b.body.bindingId}/revoke`, undefined, otherStaff.token);
    expect(wrongCenter.status).toBe(404);
    const unknown = await api.post('/centers/minhang-kss/bindings/bd_NOPE/revoke', undefined, staff.token);
    expect(unknown.status).toBe(404);
  });

  it('release ends every binding of the detainee and blocks new ones', async () => {
    const a = await api.lawyer();
    const b = await api.lawyer();
    const detaineeId = await api.detainee(staff.token);
    const ba = await bind(detaineeId, a.licenseNo);
    const bb = await bind(detaineeId, b.licenseNo);
    const r = await api.post(`/centers/minhang-kss/detainees/${detaineeId}/release`, { reason: 'transferred' }, staff.token);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('transferred');
    expect(r.body.endedBindingIds.sort()).toEqual([ba.body.bindingId, bb.body.bindingId].sort());
    expect((await api.get('/me/bindings', a.token)).body.bindings[0].status).toBe('ended');

    const again = await api.post(`/centers/minhang-kss/detainees/${detaineeId}/release`, { reason: 'released' }, staff.token);
    expect(again.status).toBe(409);
    const late = await bind(detaineeId, newLicense());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_STATE');
  });

  it('validates the release reason', async () => {
    const detaineeId = await api.detainee(staff.token);
    const r = await api.post(`/centers/minhang-kss/detainees/${detaineeId}/release`, { reason: 'escaped' }, staff.token);
    expect(r.status).toBe(400);
  });
});

describe('detainees', () => {
  it('registers a detainee with optional case unit and validates the body', async () => {
    const ok = await api.post('/centers/minhang-kss/detainees', { name: '钱某', sex: 'F', caseUnit: '闵行分局刑侦支队' }, staff.token);
    expect(ok.status).toBe(201);
    expect(ok.body.detaineeId).toMatch(/^dt_/);
    for (const body of [{ name: '', sex: 'M' }, { name: '钱某', sex: 'X' }, { name: '钱某' }, { name: 1, sex: 'M' }]) {
      const r = await api.post('/centers/minhang-kss/detainees', body, staff.token);
      expect(r.status).toBe(400);
    }
  });

  it('answers 403 for an unknown center and for a center that is not the staff member’s (B13: scope first)', async () => {
    expect((await api.post('/centers/nowhere-kss/detainees', { name: '钱某', sex: 'M' }, staff.token)).status).toBe(403);
    expect((await api.post('/centers/jiading-kss/detainees', { name: '钱某', sex: 'M' }, staff.token)).status).toBe(403);
  });
});
