// People by what they know (issue 18): the lead names a co-counsel and interns by licence number
// (执业证号 / 实习证号) instead of the internal account id; the server resolves them; an unknown or
// unregistered number is a 400 in plain Chinese and books nothing. The old id fields keep working,
// and everyone named hears when the booking is cancelled — by the lead or by the center.
import { randomUUID } from 'node:crypto';
import { Api, newLicense, startApi } from './harness';

let api: Api;
let staff: { token: string };
const CENTER = 'minhang-kss';
// A week no other API test file books in.
const DAY = '2027-06-15';
beforeAll(async () => {
  api = await startApi({ notifier: true });
  staff = await api.account('staff', { centerIds: [CENTER] });
  await api.post('/_local/clock', { now: '2027-06-14T08:00:00+08:00' });
}, 30_000);
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const book = (l: Lawyer, body: Record<string, unknown>) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: CENTER, ...body }, headers: { 'idempotency-key': randomUUID() } });
const bind = (l: Lawyer, detaineeId: string) => api.post(`/centers/${CENTER}/bindings`, { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);

async function party() {
  const lead = await api.lawyer();
  const co = await api.lawyer();
  const intern = await api.lawyer('intern');
  const detaineeId = await api.detainee(staff.token);
  await bind(lead, detaineeId);
  await bind(co, detaineeId);
  return { lead, co, intern, detaineeId };
}

const bookingsOf = async (l: Lawyer) => (await api.get('/bookings', l.token)).body.bookings as { bookingId: string }[];

describe('naming by licence number', () => {
  it('books with the co-counsel and intern resolved to their accounts, roles as named', async () => {
    const { lead, co, intern, detaineeId } = await party();
    const r = await book(lead, { detaineeId, slotId: `${DAY}.AM`, coCounselLicenseNos: [co.licenseNo], internLicenseNos: [intern.licenseNo] });
    expect(r.status).toBe(201);
    expect(r.body.lawyerIds).toEqual([lead.lawyerId, co.lawyerId, intern.lawyerId]);
    expect(r.body.lawyers.map((l: { lawyerId: string; role: string }) => [l.lawyerId, l.role])).toEqual([
      [lead.lawyerId, 'lead'],
      [co.lawyerId, 'co-counsel'],
      [intern.lawyerId, 'intern'],
    ]);
    const detail = await api.get(`/bookings/${r.body.bookingId}`, intern.token);
    expect(detail.body).toMatchObject({ coCounselLawyerIds: [co.lawyerId], internLawyerIds: [intern.lawyerId] });
  });

  it('still takes the internal ids (old clients), and both forms naming the same person count once', async () => {
    const { lead, co, detaineeId } = await party();
    const r = await book(lead, { detaineeId, slotId: `${DAY}.PM`, coCounselLawyerIds: [co.lawyerId], coCounselLicenseNos: [co.licenseNo] });
    expect(r.status).toBe(201);
    expect(r.body.lawyerIds).toEqual([lead.lawyerId, co.lawyerId]);
  });

  it('refuses a number nobody registered with, in Chinese, saying which, and books nothing', async () => {
    const { lead, detaineeId } = await party();
    const unknown = newLicense();
    const r = await book(lead, { detaineeId, slotId: '2027-06-16.AM', coCounselLicenseNos: [unknown] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.message).toBe(`共同辩护律师证号 ${unknown} 不在律师协会登记中，也未在本平台注册，请核对证号`);
    expect(r.body.error.message).not.toMatch(/lw_|coCounsel|body\./);

    // In the registry but never signed up: a different answer, so the lead knows to ask them.
    const registered = newLicense();
    await api.registryEntry({ licenseNo: registered, name: '未注册律师', lawFirm: '测试律师事务所', phone: '13900000000', role: 'lawyer', status: 'practising' });
    const r2 = await book(lead, { detaineeId, slotId: '2027-06-16.AM', coCounselLicenseNos: [registered] });
    expect([r2.status, r2.body.error.message]).toEqual([400, `共同辩护律师证号 ${registered} 的持有人尚未在本平台注册账号，请对方先注册并确认后再列明`]);
    expect(await bookingsOf(lead)).toEqual([]);
  });

  it('refuses a malformed number and a practising lawyer named as intern, in plain words', async () => {
    const { lead, co, detaineeId } = await party();
    const bad = await book(lead, { detaineeId, slotId: '2027-06-16.PM', internLicenseNos: ['12'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('随同实习人员的证号须为 17 位执业证号或 6–20 位实习证号');
    const wrongRole = await book(lead, { detaineeId, slotId: '2027-06-16.PM', internLicenseNos: [co.licenseNo] });
    expect([wrongRole.status, wrongRole.body.error.message]).toEqual([400, `${co.name}（${co.licenseNo}）是执业律师，不能列为随同实习人员；请列为共同辩护律师`]);
    expect(await bookingsOf(lead)).toEqual([]);
  });
});

describe('everyone named hears of a cancellation', () => {
  it('the lead cancels: co-counsel and intern are told', async () => {
    const { lead, co, intern, detaineeId } = await party();
    const r = await book(lead, { detaineeId, slotId: '2027-06-17.AM', coCounselLicenseNos: [co.licenseNo], internLicenseNos: [intern.licenseNo] });
    expect(r.status).toBe(201);
    const c = await api.call('POST', `/bookings/${r.body.bookingId}/cancel`, { token: lead.token, headers: { 'idempotency-key': randomUUID() } });
    expect(c.status).toBe(200);
    for (const who of [lead, co, intern]) {
      const [told] = await api.messages(who.phone, 'booking-cancelled', 1);
      expect(told.body).toContain('已撤销');
    }
  });

  it('the center cancels (the detainee is in court): all of them are told why', async () => {
    const { lead, co, intern, detaineeId } = await party();
    const r = await book(lead, { detaineeId, slotId: '2027-06-17.PM', coCounselLicenseNos: [co.licenseNo], internLicenseNos: [intern.licenseNo] });
    expect(r.status).toBe(201);
    const u = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/unavailability`, { from: '2027-06-17', to: '2027-06-17', reason: '开庭' }, staff.token);
    expect(u.status).toBeLessThan(300);
    for (const who of [lead, co, intern]) {
      const [told] = await api.messages(who.phone, 'booking-cancelled-by-center', 1);
      expect(told.body).toContain('开庭');
    }
    const detail = await api.get(`/bookings/${r.body.bookingId}`, intern.token);
    expect(detail.body).toMatchObject({ status: 'cancelled_by_center', cancelReason: '开庭' });
  });
});

// The detainee asks to meet their lawyer (R15): the SMS names the client, and the reminder a day
// later is not sent when a session is already booked — it used to say "目前尚无律师预约" to a
// lawyer who had booked before the detainee asked (the request closed only with a later booking).
describe('meeting requests name the client and the reminder tells the truth', () => {
  const sweep = async () => (await api.post('/_local/sweep')).body as { meetingRequestReminders: string[] };
  const named = async () => {
    const lawyer = await api.lawyer();
    const r = await api.post(`/centers/${CENTER}/detainees`, { name: '钱某某', sex: 'M' }, staff.token);
    await bind(lawyer, r.body.detaineeId);
    return { lawyer, detaineeId: r.body.detaineeId as string };
  };

  it('reminds a lawyer with no booking, naming the client; stays silent to one who had booked', async () => {
    await api.post('/_local/clock', { now: '2027-06-28T08:00:00+08:00' });
    const waiting = await named();
    const booked = await named();
    expect((await book(booked.lawyer, { detaineeId: booked.detaineeId, slotId: '2027-06-30.AM' })).status).toBe(201);
    const asks = await Promise.all(
      [waiting, booked].map(({ detaineeId }) => api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, { message: '想见律师' }, staff.token)),
    );
    expect(asks.map((a) => a.status)).toEqual([201, 201]);
    for (const { lawyer, detaineeId } of [waiting, booked]) {
      const [sms] = await api.messages(lawyer.phone, 'meeting-request', 1);
      expect(sms.body).toContain('您的委托人钱某某要求会见律师');
      expect(sms.body).not.toContain(detaineeId);
      expect(sms.body).not.toMatch(/dt_|编号/);
    }

    await api.post('/_local/clock', { now: '2027-06-29T08:30:00+08:00' });
    const report = await sweep();
    expect(report.meetingRequestReminders).toEqual(expect.arrayContaining([asks[0].body.requestId, asks[1].body.requestId]));
    const [reminder] = await api.messages(waiting.lawyer.phone, 'meeting-request-reminder', 1);
    expect(reminder.body).toContain('您的委托人钱某某');
    expect(reminder.body).toContain('目前尚无律师预约');
    // The lawyer who had booked hears nothing more (the reminder was sent to the other within the same run).
    await new Promise((r) => setTimeout(r, 1500));
    const theirs = (await api.get(`/_local/outbox?to=${encodeURIComponent(booked.lawyer.phone)}`)).body.messages as { kind: string }[];
    expect(theirs.filter((m) => m.kind === 'meeting-request-reminder')).toEqual([]);
    expect((await sweep()).meetingRequestReminders).not.toContain(asks[1].body.requestId);
  });
});
