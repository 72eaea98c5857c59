// Reading the audit trail over HTTP (R14): a staff action leaves exactly one record (who, role,
// action, center, target, time) that staff of the center and admins read by date range; a refused
// request leaves none; other roles and other centers are refused; ranges are checked. Dates: the
// week of 2027-09-06 only.
import { Api, startApi } from './harness';

let api: Api;
let staff: { userId: string; token: string };
let otherStaff: { userId: string; token: string };
let admin: string;

const C = 'minhang-kss';
const setClock = (now: string) => api.post('/_local/clock', { now });
const audit = (query: string, token = staff.token, centerId = C) => api.get(`/centers/${centerId}/audit${query}`, token);

beforeAll(async () => {
  api = await startApi();
  await setClock('2027-09-08T10:00:00+08:00');
  staff = await api.account('staff', { centerIds: [C] });
  otherStaff = await api.account('staff', { centerIds: ['changning-kss'] });
  admin = await api.adminToken();
}, 30_000);
afterAll(() => api.platform.close());

// R14: every state change is recorded with who, role, when, what; staff of the center and admins read it.
describe('GET /centers/{c}/audit', () => {
  it('shows the one record a staff action wrote, by date range, to staff of the center and admins', async () => {
    await setClock('2027-09-08T10:00:00+08:00');
    const detaineeId = await api.detainee(staff.token);
    // Refused requests (another center's staff, 403) write nothing.
    expect((await api.post(`/centers/${C}/detainees`, { name: '李某', sex: 'M' }, otherStaff.token)).status).toBe(403);

    const r = await audit('?from=2027-09-08&to=2027-09-08');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ centerId: C, from: '2027-09-08', to: '2027-09-08' });
    const records = r.body.records.filter((x: any) => x.actorId === staff.userId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actorId: staff.userId, actorRole: 'staff', action: 'POST /centers/{centerId}/detainees', centerId: C });
    expect(records[0].at).toMatch(/^2027-09-08T10:00:.*\+08:00$/);
    expect(JSON.stringify(records[0])).toContain(detaineeId);
    expect(records[0].changes.length).toBeGreaterThan(0);
    expect(r.body.records.filter((x: any) => x.actorId === otherStaff.userId)).toEqual([]);
    // Oldest first.
    const times = r.body.records.map((x: any) => x.at);
    expect([...times].sort()).toEqual(times);

    // Defaults: to = today, from = six days before (a week).
    const byDefault = await audit('');
    expect(byDefault.status).toBe(200);
    expect(byDefault.body).toMatchObject({ from: '2027-09-02', to: '2027-09-08' });
    expect(byDefault.body.records.some((x: any) => x.auditId === records[0].auditId)).toBe(true);
    expect((await audit('?to=2027-09-08')).body.from).toBe('2027-09-02');

    // A range without the day holds none of it; the admin sees the same record.
    expect((await audit('?from=2027-09-06&to=2027-09-07')).body.records.some((x: any) => x.auditId === records[0].auditId)).toBe(false);
    const asAdmin = await audit('?from=2027-09-08&to=2027-09-08', admin);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.records.some((x: any) => x.auditId === records[0].auditId)).toBe(true);
    // The longest range (186 days, beyond the 6-month retention) is accepted.
    expect((await audit('?from=2027-03-07&to=2027-09-08')).status).toBe(200);
  });

  it('refuses other roles, other centers and bad ranges', async () => {
    const lawyer = await api.lawyer();
    const investigator = await api.account('investigator', { centerIds: [C] });
    const committee = await api.account('committee', { district: 'minhang' });
    for (const token of [lawyer.token, investigator.token, committee.token, otherStaff.token]) {
      const r = await audit('?from=2027-09-08&to=2027-09-08', token);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect((await api.get(`/centers/${C}/audit`)).status).toBe(401);
    expect((await audit('', admin, 'nowhere-kss')).status).toBe(404);

    for (const query of ['?from=2027-09-08&to=2027-09-07', '?from=2027-03-06&to=2027-09-08', '?from=2027-09-31', '?from=yesterday', '?since=2027-09-01']) {
      const r = await audit(query);
      expect([query, r.status]).toEqual([query, 400]);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
