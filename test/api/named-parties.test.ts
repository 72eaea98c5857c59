// R12a through HTTP: everyone named on a booking is told who named them; a co-counsel or intern can
// take themselves off it (POST /bookings/{id}/withdraw), which frees their session guard and, for a
// co-counsel, their share of the pair cap, keeps the booking and tells the lead; the lead cannot.
// The red team's finding — named without consent and then blocked from one's own bookings with no
// way out — now has one.
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
// A week no other API test file books in.
const DAY = '2027-05-18';
beforeAll(async () => {
  api = await startApi({ notifier: true });
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  await api.post('/_local/clock', { now: '2027-05-17T08:00:00+08:00' });
}, 30_000);
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const book = (l: Lawyer, body: Record<string, unknown>) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: 'minhang-kss', ...body }, headers: { 'idempotency-key': randomUUID() } });
const bind = (l: Lawyer, detaineeId: string) => api.post('/centers/minhang-kss/bindings', { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);
const sms = async (l: Lawyer, kind: string) =>
  ((await api.get(`/_local/outbox?to=${encodeURIComponent(l.phone)}`)).body.messages as { kind: string; body: string }[]).filter((m) => m.kind === kind);
const eventually = (l: Lawyer, kind: string) => api.messages(l.phone, kind, 1);

async function party() {
  const lead = await api.lawyer();
  const co = await api.lawyer();
  const intern = await api.lawyer('intern');
  const detaineeId = await api.detainee(staff.token);
  await bind(lead, detaineeId);
  await bind(co, detaineeId);
  return { lead, co, intern, detaineeId };
}

describe('named people', () => {
  it('are each told who named them and that they may withdraw', async () => {
    const { lead, co, intern, detaineeId } = await party();
    const r = await book(lead, { detaineeId, slotId: `${DAY}.AM`, coCounselLawyerIds: [co.lawyerId], internLawyerIds: [intern.lawyerId] });
    expect(r.status).toBe(201);
    for (const [who, role] of [
      [co, '协办律师'],
      [intern, '实习律师'],
    ] as const) {
      const [named] = await eventually(who, 'booking-named');
      expect(named.body).toContain('测试律师律师预约了');
      expect(named.body).toContain(role);
      expect(named.body).toContain('退出');
    }
    expect(await eventually(lead, 'booking-confirmed')).toHaveLength(1);
    expect(await sms(lead, 'booking-named')).toEqual([]);
  });
});

describe('POST /bookings/{id}/withdraw', () => {
  it('frees the co-counsel’s session and pair cap, keeps the booking and tells the lead', async () => {
    const { lead, co, detaineeId } = await party();
    const shared = await book(lead, { detaineeId, slotId: `${DAY}.PM`, coCounselLawyerIds: [co.lawyerId] });
    expect(shared.status).toBe(201);
    // Named on the lead's booking, the co-counsel is blocked from a booking of their own in that session…
    const otherDetainee = await api.detainee(staff.token);
    await bind(co, otherDetainee);
    expect((await book(co, { detaineeId: otherDetainee, slotId: `${DAY}.PM` })).body.error?.code).toBe('LAWYER_BUSY');
    // …and the shared booking takes one of the pair's two future places.
    expect((await book(co, { detaineeId, slotId: '2027-05-19.AM' })).status).toBe(201);
    expect((await book(co, { detaineeId, slotId: '2027-05-19.PM' })).body.error?.code).toBe('BOOKING_LIMIT_REACHED');

    const w = await api.post(`/bookings/${shared.body.bookingId}/withdraw`, undefined, co.token);
    expect([w.status, w.body]).toEqual([200, { status: 'withdrawn' }]);

    const kept = await api.get(`/bookings/${shared.body.bookingId}`, lead.token);
    expect(kept.body).toMatchObject({ status: 'booked', lawyerIds: [lead.lawyerId], queueNumber: shared.body.queueNumber });
    expect((await api.get(`/bookings/${shared.body.bookingId}`, co.token)).status).toBe(404);
    expect((await api.get('/bookings', co.token)).body.bookings.map((b: { bookingId: string }) => b.bookingId)).not.toContain(shared.body.bookingId);
    expect((await book(co, { detaineeId: otherDetainee, slotId: `${DAY}.PM` })).status).toBe(201);
    expect((await book(co, { detaineeId, slotId: '2027-05-19.PM' })).status).toBe(201);

    const [told] = await eventually(lead, 'booking-withdrawn');
    expect(told.body).toContain('已退出');
    expect((await api.get('/me/violations', co.token)).body.violations).toEqual([]);
  });

  it('lets an intern withdraw; refuses the lead (409), a stranger (404) and a second withdrawal (404)', async () => {
    const { lead, intern, detaineeId } = await party();
    const b = await book(lead, { detaineeId, slotId: '2027-05-20.AM', internLawyerIds: [intern.lawyerId] });
    expect(b.status).toBe(201);
    const byLead = await api.post(`/bookings/${b.body.bookingId}/withdraw`, undefined, lead.token);
    expect([byLead.status, byLead.body.error?.code]).toEqual([409, 'INVALID_STATE']);
    const stranger = await api.lawyer();
    expect((await api.post(`/bookings/${b.body.bookingId}/withdraw`, undefined, stranger.token)).status).toBe(404);

    expect((await api.post(`/bookings/${b.body.bookingId}/withdraw`, undefined, intern.token)).status).toBe(200);
    expect((await api.get(`/bookings/${b.body.bookingId}`, lead.token)).body.lawyerIds).toEqual([lead.lawyerId]);
    expect((await api.post(`/bookings/${b.body.bookingId}/withdraw`, undefined, intern.token)).status).toBe(404);
  });

  it('refuses after the booking was cancelled', async () => {
    const { lead, co, detaineeId } = await party();
    const b = await book(lead, { detaineeId, slotId: '2027-05-20.PM', coCounselLawyerIds: [co.lawyerId] });
    await api.call('POST', `/bookings/${b.body.bookingId}/cancel`, { token: lead.token, headers: { 'idempotency-key': randomUUID() } });
    const w = await api.post(`/bookings/${b.body.bookingId}/withdraw`, undefined, co.token);
    expect([w.status, w.body.error?.code]).toEqual([409, 'INVALID_STATE']);
  });
});
