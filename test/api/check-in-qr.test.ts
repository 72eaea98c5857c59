// Issue 20 item 2 through HTTP: a lawyer on the booking reads its signed check-in token and short
// code; the front desk checks the booking in by scanning the token or typing the code. Valid from an
// hour before the session to its last admission; a forged, altered, expired, not-yet-valid token or
// one of another center gets a clear 4xx and never a check-in; staff of another center are refused
// (B13); a late arrival is still a `late` violation; a double scan (also two at once) is harmless.
// Books 2028-06-13 (a Tuesday) at minhang-kss, changning-kss and jiading-kss: no other file uses it.
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

let api: Api;
const staff = {} as Record<'minhang' | 'changning' | 'jiading' | 'jiading2', { token: string }>;
const DAY = '2028-06-13';
const AM = `${DAY}.AM`;
const PM = `${DAY}.PM`;
const at = (time: string) => api.post('/_local/clock', { now: `${DAY}T${time}:00+08:00` });

beforeAll(async () => {
  api = await startApi();
  staff.minhang = await api.account('staff', { centerIds: ['minhang-kss'] });
  staff.changning = await api.account('staff', { centerIds: ['changning-kss'] });
  staff.jiading = await api.account('staff', { centerIds: ['jiading-kss'] });
  staff.jiading2 = await api.account('staff', { centerIds: ['jiading-kss2'] });
  await api.post('/_local/clock', { now: '2028-06-12T09:00:00+08:00' });
}, 30_000);
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
interface Booked {
  lawyer: Lawyer;
  bookingId: string;
  queueNumber: number;
}

async function booked(centerId = 'minhang-kss', slotId = AM, desk = staff.minhang): Promise<Booked> {
  const lawyer = await api.lawyer('lawyer', undefined, '测试律师事务所', `扫码${randomUUID().slice(0, 4)}律师`);
  const detaineeId = await api.detainee(desk.token, centerId);
  const bound = await api.post(`/centers/${centerId}/bindings`, { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' }, desk.token);
  expect(bound.status).toBe(201);
  const r = await api.call('POST', '/bookings', { token: lawyer.token, body: { centerId, detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });
  if (r.status !== 201) throw new Error(`booking: ${r.status} ${JSON.stringify(r.body)}`);
  return { lawyer, bookingId: r.body.bookingId, queueNumber: r.body.queueNumber };
}

const tokenOf = async (b: Booked) => {
  const r = await api.get(`/bookings/${b.bookingId}/check-in-token`, b.lawyer.token);
  expect(r.status).toBe(200);
  return r.body as { token: string; code: string; validFrom: string; validUntil: string; status: string };
};
const scan = (body: unknown, token = staff.minhang.token, centerId = 'minhang-kss') => api.post(`/centers/${centerId}/check-ins`, body, token);
const statusOf = async (b: Booked) => (await api.get(`/bookings/${b.bookingId}`, b.lawyer.token)).body.status as string;
const refused = (r: { status: number; body: any }) => [r.status, r.body?.error?.code];

describe('check-in by QR code', () => {
  let early: Booked;
  let onTime: Booked;
  let twice: Booked;
  let typed: Booked;
  let late: Booked;
  let forged: Booked;
  let changning: Booked;
  let jiading: Booked;

  beforeAll(async () => {
    // Six places a session at Minhang: the forged token's booking is the one that expires later.
    [early, onTime, twice, typed, late, forged] = [await booked(), await booked(), await booked(), await booked(), await booked(), await booked()];
    changning = await booked('changning-kss', AM, staff.changning);
    jiading = await booked('jiading-kss', AM, staff.jiading);
  }, 120_000);

  it('gives the lawyer on the booking a signed token and short code with no personal data; nobody else', async () => {
    const t = await tokenOf(onTime);
    expect(t).toMatchObject({ status: 'booked', validFrom: `${DAY}T07:30:00.000+08:00`, validUntil: `${DAY}T11:00:00.000+08:00` });
    expect(t.token).toMatch(new RegExp(`^ci1\\.${onTime.bookingId.replace(/\./g, '\\.')}\\.\\d+\\.[A-Za-z0-9_-]{22}$`));
    expect(t.code).toMatch(new RegExp(`^AM${onTime.queueNumber}-[0-9A-Z]{6}$`));
    for (const personal of [onTime.lawyer.lawyerId, onTime.lawyer.licenseNo, onTime.lawyer.phone, onTime.lawyer.name]) expect(t.token).not.toContain(personal);
    // The same booking signs the same token (the QR code on the phone does not change on reload).
    expect((await tokenOf(onTime)).token).toBe(t.token);
    expect((await api.get(`/bookings/${onTime.bookingId}/check-in-token`, early.lawyer.token)).status).toBe(404);
    expect(refused(await api.get(`/bookings/${onTime.bookingId}/check-in-token`, staff.minhang.token))).toEqual([403, 'FORBIDDEN']);
    expect((await api.get(`/bookings/${onTime.bookingId}/check-in-token`)).status).toBe(401);
  });

  it('refuses a token before an hour ahead of the session (409) and checks nobody in', async () => {
    await at('07:29');
    const t = await tokenOf(early);
    const r = await scan({ token: t.token });
    expect(refused(r)).toEqual([409, 'INVALID_STATE']);
    expect(r.body.error.message).toContain('07:30');
    expect(refused(await scan({ code: t.code }))).toEqual([409, 'INVALID_STATE']);
    expect(await statusOf(early)).toBe('booked');
  });

  it('checks a booking in by its token, in time (no violation), naming the people for the window', async () => {
    await at('08:10');
    const r = await scan({ token: (await tokenOf(onTime)).token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'checked_in', late: false, repeated: false, arrivedAt: expect.stringMatching(`^${DAY}T08:10:`) });
    expect(r.body.booking).toMatchObject({ bookingId: onTime.bookingId, queueNumber: onTime.queueNumber, status: 'checked_in', detaineeName: '王某' });
    expect(r.body.booking.lawyers[0]).toMatchObject({ lawyerId: onTime.lawyer.lawyerId, name: onTime.lawyer.name, licenseNo: onTime.lawyer.licenseNo });
    expect(await statusOf(onTime)).toBe('checked_in');
    expect((await api.get('/me/violations', onTime.lawyer.token)).body.violations).toEqual([]);
    // The early booking's token works now too.
    expect((await scan({ token: (await tokenOf(early)).token })).body).toMatchObject({ status: 'checked_in', repeated: false });
  });

  it('is safe on a double scan: again later, and two desks at once — one check-in, the same answer', async () => {
    const again = await scan({ token: (await tokenOf(onTime)).token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'checked_in', late: false, repeated: true, arrivedAt: expect.stringMatching(`^${DAY}T08:10:`) });

    await at('08:20');
    const { token } = await tokenOf(twice);
    const both = await Promise.all([scan({ token }), scan({ token }), scan({ token })]);
    expect(both.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(both.filter((r) => !r.body.repeated)).toHaveLength(1);
    expect(new Set(both.map((r) => r.body.arrivedAt)).size).toBe(1);
    expect(both[0].body.arrivedAt).toMatch(`${DAY}T08:20:`);
    expect(await statusOf(twice)).toBe('checked_in');
    // The token of a checked-in booking still reads (the phone shows it), and says so.
    expect((await tokenOf(twice)).status).toBe('checked_in');
  });

  it('checks in by the typed short code (case and spaces do not matter); a wrong code is 400', async () => {
    const { code } = await tokenOf(typed);
    const wrongMac = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect(refused(await scan({ code: wrongMac }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused(await scan({ code: `AM999-${code.slice(-6)}` }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused(await scan({ code: code.replace(/^AM/, 'PM') }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused(await scan({ code: 'hello' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await statusOf(typed)).toBe('booked');
    const r = await scan({ code: ` ${code.toLowerCase().replace('-', ' - ')} ` });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'checked_in', repeated: false, booking: { bookingId: typed.bookingId } });
  });

  it('refuses a forged or altered token with 400 and checks nobody in', async () => {
    const { token } = await tokenOf(forged);
    const [v, booking, exp, mac] = [token.split('.')[0], token.split('.').slice(1, 4).join('.'), token.split('.')[4], token.split('.')[5]];
    const flipped = `${v}.${booking}.${exp}.${(mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)}`;
    const stretched = `${v}.${booking}.${Number(exp) + 3600}.${mac}`;
    const otherBooking = `${v}.${typed.bookingId}.${exp}.${mac}`;
    for (const bad of [flipped, stretched, otherBooking, 'not a token', `${token}x`, `ci1.bk.minhang.01ZZZZZZZZZZZZZZZZZZZZZZZZ.${exp}.${mac}`]) {
      const r = await scan({ token: bad });
      expect({ bad, answer: refused(r) }).toEqual({ bad, answer: [400, 'VALIDATION_FAILED'] });
      expect(r.body.error.message).toMatch(/签到码无效/);
    }
    expect(refused(await scan({}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused(await scan({ token, code: 'AM1-AAAAAA' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await statusOf(forged)).toBe('booked');
  });

  it('refuses the token of another center (403), and staff of another center at this desk (B13)', async () => {
    // Another district's booking at the Minhang desk.
    const fromChangning = await scan({ token: (await tokenOf(changning)).token });
    expect(refused(fromChangning)).toEqual([403, 'FORBIDDEN']);
    expect(fromChangning.body.error.message).toContain('其他看守所');
    // The same district, another center: the token is genuine, but not this center's.
    const atSecondCenter = await scan({ token: (await tokenOf(jiading)).token }, staff.jiading2.token, 'jiading-kss2');
    expect(refused(atSecondCenter)).toEqual([403, 'FORBIDDEN']);
    expect(atSecondCenter.body.error.message).toContain('上海市嘉定区看守所');
    // A Changning officer cannot check anyone in at Minhang, even with a genuine Minhang token.
    expect(refused(await scan({ token: (await tokenOf(forged)).token }, staff.changning.token))).toEqual([403, 'FORBIDDEN']);
    expect(await statusOf(changning)).toBe('booked');
    expect(await statusOf(jiading)).toBe('booked');
    expect(await statusOf(forged)).toBe('booked');
    // At its own desk the Changning token works.
    expect((await scan({ token: (await tokenOf(changning)).token }, staff.changning.token, 'changning-kss')).body).toMatchObject({ status: 'checked_in' });
  });

  it('records a late arrival as a violation, as the desk button does', async () => {
    await at('09:05');
    const r = await scan({ token: (await tokenOf(late)).token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'checked_in', late: true, repeated: false });
    const violations = (await api.get('/me/violations', late.lawyer.token)).body.violations;
    expect(violations).toEqual([expect.objectContaining({ bookingId: late.bookingId, reason: 'late', status: 'counted' })]);
    // A second scan does not record a second one.
    expect((await scan({ token: (await tokenOf(late)).token })).body).toMatchObject({ late: true, repeated: true });
    expect((await api.get('/me/violations', late.lawyer.token)).body.violations).toHaveLength(1);
  });

  it('refuses a token after the last admission (409) and checks nobody in', async () => {
    const expired = forged;
    const { token, code } = await tokenOf(expired);
    await at('11:01');
    const r = await scan({ token });
    expect(refused(r)).toEqual([409, 'INVALID_STATE']);
    expect(r.body.error.message).toContain('已过期');
    expect(refused(await scan({ code }))).toEqual([409, 'INVALID_STATE']);
    expect(await statusOf(expired)).toBe('booked');
  });

  it('has no token for a cancelled booking', async () => {
    await api.post('/_local/clock', { now: '2028-06-12T10:00:00+08:00' });
    const pm = await booked('minhang-kss', PM);
    const cancelled = await api.call('POST', `/bookings/${pm.bookingId}/cancel`, { token: pm.lawyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(cancelled.status).toBe(200);
    expect(refused(await api.get(`/bookings/${pm.bookingId}/check-in-token`, pm.lawyer.token))).toEqual([409, 'INVALID_STATE']);
  });
});
