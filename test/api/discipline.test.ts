// Attendance, the no-show sweep, the violations ledger and the platform-wide lockout over HTTP with
// the local clock (R3, B1, B7, B10): three missed bookings lock the lawyer out in every district,
// the lawyer sees why and got every message, an appeal voided by staff lifts the lock, and the
// count restarts after a lock ends.
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
let changningStaff: { token: string };
beforeAll(async () => {
  api = await startApi({ notifier: true });
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  changningStaff = await api.account('staff', { centerIds: ['changning-kss'] });
});
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const setClock = (now: string) => api.post('/_local/clock', { now });
const book = (l: Lawyer, centerId: string, detaineeId: string, slotId: string) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId, detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });

async function bound(l: Lawyer, centerId = 'minhang-kss', token = staff.token): Promise<string> {
  const detaineeId = await api.detainee(token, centerId);
  expect((await api.post(`/centers/${centerId}/bindings`, { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, token)).status).toBe(201);
  return detaineeId;
}

const messages = (phone: string, kind: string, count: number) => api.messages(phone, kind, count);

describe('no-shows, lockout and appeal', () => {
  it('locks a lawyer out everywhere after three no-shows; voiding one on appeal lifts the lock', async () => {
    await setClock('2027-06-01T08:00:00+08:00');
    const l = await api.lawyer();
    const slots = ['2027-06-01.AM', '2027-06-01.PM', '2027-06-02.AM'];
    const bookingIds: string[] = [];
    for (const slotId of slots) {
      const r = await book(l, 'minhang-kss', await bound(l), slotId);
      expect(r.status).toBe(201);
      bookingIds.push(r.body.bookingId);
    }
    await messages(l.phone, 'booking-confirmed', 3);

    await setClock('2027-06-02T12:00:00+08:00');
    const sweep = await api.post('/_local/sweep');
    expect(sweep.status).toBe(200);
    expect(sweep.body.noShows.filter((id: string) => bookingIds.includes(id)).sort()).toEqual([...bookingIds].sort());
    // Idempotent: a second sweep finds nothing more.
    expect((await api.post('/_local/sweep')).body.noShows.filter((id: string) => bookingIds.includes(id))).toEqual([]);

    const violations = (await api.get('/me/violations', l.token)).body.violations;
    expect(violations).toHaveLength(3);
    expect(violations.every((v: { reason: string; status: string }) => v.reason === 'no_show' && v.status === 'counted')).toBe(true);
    const me = (await api.get('/me', l.token)).body;
    expect(me.lockedUntil).toMatch(/^2027-07-02T12:00/);
    // B1a: during a plain lock the count shows the three violations it rests on.
    expect(me.violationCount).toBe(3);

    // Platform-wide: a booking in another district's table is refused too.
    const elsewhere = await book(l, 'changning-kss', await bound(l, 'changning-kss', changningStaff.token), '2027-06-03.AM');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error).toMatchObject({ code: 'LOCKED_OUT', lockedUntil: me.lockedUntil });
    await messages(l.phone, 'violation-recorded', 3);
    const [lockMessage] = await messages(l.phone, 'lockout-applied', 1);
    expect(lockMessage.body).toContain('暂停');

    // Appeal → staff void → recount: below the threshold, the lock is lifted.
    const appeal = await api.post(`/violations/${violations[0].violationId}/appeal`, { reason: '当日因法院开庭改期，已电话告知看守所' }, l.token);
    expect(appeal.status).toBe(200);
    expect(appeal.body.status).toBe('appealed');
    expect((await api.post(`/violations/${violations[0].violationId}/appeal`, { reason: '再次申诉' }, l.token)).status).toBe(409);
    expect((await api.post(`/violations/${violations[0].violationId}/decision`, { decision: 'voided' }, changningStaff.token)).status).toBe(403);
    const decision = await api.post(`/violations/${violations[0].violationId}/decision`, { decision: 'voided' }, staff.token);
    expect(decision.status).toBe(200);
    expect(decision.body.status).toBe('voided');
    const after = (await api.get('/me', l.token)).body;
    expect(after).toMatchObject({ lockedUntil: null, violationCount: 2 });
    await messages(l.phone, 'lockout-lifted', 1);
    expect((await book(l, 'changning-kss', await bound(l, 'changning-kss', changningStaff.token), '2027-06-03.PM')).status).toBe(201);
  });

  it('restarts the count after a lock ends', async () => {
    await setClock('2027-06-01T08:00:00+08:00');
    const l = await api.lawyer();
    for (const slotId of ['2027-06-01.AM', '2027-06-01.PM', '2027-06-02.AM']) expect((await book(l, 'minhang-kss', await bound(l), slotId)).status).toBe(201);
    await setClock('2027-06-02T12:00:00+08:00');
    await api.post('/_local/sweep');
    expect((await api.get('/me', l.token)).body).toMatchObject({ lockedUntil: expect.any(String), violationCount: 3 });

    await setClock('2027-07-06T08:00:00+08:00');
    const me = (await api.get('/me', l.token)).body;
    expect(me).toMatchObject({ lockedUntil: null, violationCount: 0 });
    expect((await book(l, 'minhang-kss', await bound(l), '2027-07-07.AM')).status).toBe(201);
  });
});

describe('attendance', () => {
  it('checks in on time, late (a violation) and completes', async () => {
    await setClock('2027-06-01T08:00:00+08:00');
    const onTime = await api.lawyer();
    const late = await api.lawyer();
    const a = await book(onTime, 'minhang-kss', await bound(onTime), '2027-06-01.PM');
    const b = await book(late, 'minhang-kss', await bound(late), '2027-06-01.PM');
    await setClock('2027-06-01T14:10:00+08:00');

    const first = await api.post(`/bookings/${a.body.bookingId}/check-in`, { arrivedAt: '2027-06-01T13:50:00+08:00' }, staff.token);
    expect(first.body).toEqual({ status: 'checked_in', late: false });
    const second = await api.post(`/bookings/${b.body.bookingId}/check-in`, {}, staff.token);
    expect(second.body).toEqual({ status: 'checked_in', late: true });
    expect((await api.get('/me/violations', late.token)).body.violations).toEqual([expect.objectContaining({ reason: 'late', status: 'counted' })]);
    expect((await api.get('/me/violations', onTime.token)).body.violations).toEqual([]);

    expect((await api.post(`/bookings/${a.body.bookingId}/check-in`, {}, staff.token)).status).toBe(409);
    expect((await api.post(`/bookings/${a.body.bookingId}/check-in`, {}, changningStaff.token)).status).toBe(403);
    expect((await api.post(`/bookings/${a.body.bookingId}/complete`, undefined, staff.token)).body).toEqual({ status: 'completed' });
    expect((await api.post(`/bookings/${a.body.bookingId}/complete`, undefined, staff.token)).status).toBe(409);

    // Checked-in bookings are not swept as no-shows.
    await setClock('2027-06-01T18:00:00+08:00');
    const sweep = await api.post('/_local/sweep');
    expect(sweep.body.noShows).not.toContain(a.body.bookingId);
    expect(sweep.body.noShows).not.toContain(b.body.bookingId);
  });

  it('sends the day-before reminder once', async () => {
    await setClock('2027-06-01T08:00:00+08:00');
    const l = await api.lawyer();
    const r = await book(l, 'minhang-kss', await bound(l), '2027-06-03.AM');
    await setClock('2027-06-02T09:00:00+08:00');
    expect((await api.post('/_local/sweep')).body.reminders).toContain(r.body.bookingId);
    expect((await api.post('/_local/sweep')).body.reminders).not.toContain(r.body.bookingId);
    const [reminder] = await messages(l.phone, 'booking-reminder', 1);
    expect(reminder.body).toContain('明天');
  });
});
