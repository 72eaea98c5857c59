// Issue 20 item 1 through HTTP: staff call the lawyers of a session in queue order (two staff
// calling at once never call the same booking), recall and skip; the public display shows queue
// numbers and rooms only, with ETag/If-None-Match → 304; the lawyer reads "前面还有 N 位"; every
// lawyer of a called booking gets an SMS naming the center and the room.
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
let otherStaff: { token: string };
// A week no other API test file books in.
const DAY = '2027-11-16';
const AM = `${DAY}.AM`;
const PM = `${DAY}.PM`;
beforeAll(async () => {
  api = await startApi({ notifier: true });
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  otherStaff = await api.account('staff', { centerIds: ['changning-kss'] });
  await api.post('/_local/clock', { now: '2027-11-15T09:00:00+08:00' });
}, 30_000);
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
interface Booked {
  lawyer: Lawyer;
  bookingId: string;
  queueNumber: number;
  detaineeName: string;
}

async function bookedLawyer(slotId: string): Promise<Booked> {
  const lawyer = await api.lawyer('lawyer', undefined, '测试律师事务所', `叫号${randomUUID().slice(0, 4)}律师`);
  const detaineeId = await api.detainee(staff.token);
  await api.post('/centers/minhang-kss/bindings', { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' }, staff.token);
  const r = await api.call('POST', '/bookings', { token: lawyer.token, body: { centerId: 'minhang-kss', detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });
  expect(r.status).toBe(201);
  return { lawyer, bookingId: r.body.bookingId, queueNumber: r.body.queueNumber, detaineeName: r.body.detaineeName };
}

const call = (slotId: string, token = staff.token) => api.call('POST', '/centers/minhang-kss/calls', { token, body: { slotId } });
const display = (headers: Record<string, string> = {}) => api.call('GET', '/centers/minhang-kss/display', { headers });
const sessionOf = (body: { sessions: { slotId: string }[] }, slotId: string) => body.sessions.find((s) => s.slotId === slotId) as any;

describe('queue calling', () => {
  const am: Booked[] = [];
  let pm: Booked;

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) am.push(await bookedLawyer(AM));
    pm = await bookedLawyer(PM);
    await api.post(`/bookings/${am[1].bookingId}/room`, { roomType: 'meeting', roomNo: 'M03' }, staff.token);
    await api.post('/_local/clock', { now: `${DAY}T08:40:00+08:00` });
  }, 60_000);

  it('is refused for another day, another center, an unknown session, and answers the order of the queue', async () => {
    expect((await call(`2027-11-17.AM`)).body.error.code).toBe('INVALID_STATE');
    const foreign = await call(AM, otherStaff.token);
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await call(`${DAY}.XX`)).status).toBe(404);
    expect((await api.call('POST', '/centers/minhang-kss/calls', { token: staff.token, body: {} })).body.error.code).toBe('VALIDATION_FAILED');
    // The lawyer of a later booking sees who is ahead before anyone is called.
    const before = await api.get(`/bookings/${am[3].bookingId}/queue`, am[3].lawyer.token);
    expect(before.body).toMatchObject({ queueNumber: am[3].queueNumber, ahead: 3, nowServing: null, callState: null, waiting: 4 });
  });

  it('calls the first waiting booking, tells its lawyer by SMS with the center and room, and the display shows no personal data', async () => {
    const first = await call(AM);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ bookingId: am[0].bookingId, queueNumber: am[0].queueNumber, callState: 'called', callCount: 1, roomNo: null });
    const second = await call(AM);
    expect(second.body).toMatchObject({ bookingId: am[1].bookingId, roomNo: 'M03' });
    const [sms] = await api.messages(am[1].lawyer.phone, 'booking-called', 1);
    expect(sms.body).toContain('上海市闵行区看守所');
    expect(sms.body).toContain('会见室 M03');
    expect(sms.body).toContain(`排队号 ${am[1].queueNumber}`);
    expect(sms.body).not.toContain('minhang-kss');

    const shown = await display();
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('public, max-age=5');
    const session = sessionOf(shown.body, AM);
    expect(session).toMatchObject({ name: '上午', nowServing: am[1].queueNumber, waiting: 2 });
    expect(session.called.map((c: { queueNumber: number; roomNo: string | null }) => [c.queueNumber, c.roomNo])).toEqual([
      [am[1].queueNumber, 'M03'],
      [am[0].queueNumber, null],
    ]);
    expect(sessionOf(shown.body, PM)).toMatchObject({ nowServing: null, called: [], waiting: 1 });
    // Nothing that names anyone: no ids of bookings, lawyers or detainees, no names, licences or phones.
    const text = JSON.stringify(shown.body);
    for (const b of [...am, pm]) {
      for (const secret of [b.bookingId, b.lawyer.lawyerId, b.lawyer.licenseNo, b.lawyer.phone, b.detaineeName]) expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/"(bookingId|lawyerId|detaineeId|name|phone|licenseNo)":"(bk|lw|dt)/);

    // The lawyer's own view: called, the room, nobody ahead; a later one sees the number now served.
    expect((await api.get(`/bookings/${am[1].bookingId}/queue`, am[1].lawyer.token)).body).toMatchObject({ callState: 'called', roomNo: 'M03', ahead: 0 });
    expect((await api.get(`/bookings/${am[3].bookingId}/queue`, am[3].lawyer.token)).body).toMatchObject({ ahead: 1, nowServing: am[1].queueNumber, waiting: 2 });
    // Another lawyer's booking is "not found".
    expect((await api.get(`/bookings/${am[1].bookingId}/queue`, am[0].lawyer.token)).status).toBe(404);
  });

  it('answers 304 to an unchanged poll and 200 with a new ETag once the queue moved', async () => {
    const first = await display();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const same = await fetch(`${api.url}/centers/minhang-kss/display`, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect(await same.text()).toBe('');
    // A list and a weak form match too.
    expect((await fetch(`${api.url}/centers/minhang-kss/display`, { headers: { 'if-none-match': `"x", W/${etag}` } })).status).toBe(304);

    const own = await api.get(`/bookings/${am[3].bookingId}/queue`, am[3].lawyer.token);
    const ownTag = own.headers.get('etag')!;
    expect(own.headers.get('cache-control')).toBe('private, no-cache');
    expect((await fetch(`${api.url}/bookings/${am[3].bookingId}/queue`, { headers: { authorization: `Bearer ${am[3].lawyer.token}`, 'if-none-match': ownTag } })).status).toBe(304);

    await call(AM);
    const moved = await display({ 'if-none-match': etag });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).not.toBe(etag);
    expect(sessionOf(moved.body, AM)).toMatchObject({ nowServing: am[2].queueNumber, waiting: 1 });
    const ownMoved = await api.call('GET', `/bookings/${am[3].bookingId}/queue`, { token: am[3].lawyer.token, headers: { 'if-none-match': ownTag } });
    expect([ownMoved.status, ownMoved.body.ahead]).toEqual([200, 0]);
  });

  it('skips with a reason (off the screen) and recalls (back on the screen, counted, told again)', async () => {
    const skipped = await api.post(`/centers/minhang-kss/bookings/${am[0].bookingId}/skip`, { reason: '叫号三次未到' }, staff.token);
    expect(skipped.body).toMatchObject({ callState: 'skipped', skipReason: '叫号三次未到' });
    expect((await api.post(`/centers/minhang-kss/bookings/${am[0].bookingId}/skip`, { reason: '再次' }, staff.token)).body.error.code).toBe('INVALID_STATE');
    expect((await api.post(`/centers/minhang-kss/bookings/${am[0].bookingId}/skip`, { reason: '  ' }, staff.token)).body.error.code).toBe('VALIDATION_FAILED');
    let session = sessionOf((await display()).body, AM);
    expect(session.called.map((c: { queueNumber: number }) => c.queueNumber)).not.toContain(am[0].queueNumber);
    // The day queue carries the call for the desk's buttons.
    const queue = await api.get(`/centers/minhang-kss/bookings?date=${DAY}`, staff.token);
    expect(queue.body.bookings.find((b: { bookingId: string }) => b.bookingId === am[0].bookingId).call).toMatchObject({ state: 'skipped', skipReason: '叫号三次未到' });
    expect(queue.body.bookings.find((b: { bookingId: string }) => b.bookingId === am[3].bookingId).call).toBeNull();

    await api.post('/_local/clock', { now: `${DAY}T08:50:00+08:00` });
    const recalled = await api.post(`/centers/minhang-kss/bookings/${am[0].bookingId}/recall`, undefined, staff.token);
    expect(recalled.body).toMatchObject({ callState: 'called', callCount: 2, skipReason: null, calledAt: expect.stringMatching(new RegExp(`^${DAY}T08:50`)) });
    session = sessionOf((await display()).body, AM);
    expect(session.called[0]).toMatchObject({ queueNumber: am[0].queueNumber });
    expect(session.nowServing).toBe(am[0].queueNumber);
    const messages = await api.messages(am[0].lawyer.phone, 'booking-called', 2);
    expect(messages[1].body).toContain('再次叫号');

    // A waiting booking cannot be recalled out of turn; another center's staff cannot touch it.
    expect((await api.post(`/centers/minhang-kss/bookings/${am[3].bookingId}/recall`, undefined, staff.token)).body.error.code).toBe('INVALID_STATE');
    expect((await api.post(`/centers/minhang-kss/bookings/${am[0].bookingId}/recall`, undefined, otherStaff.token)).status).toBe(403);
    // A booking of this district under another center's path is not found there.
    expect((await api.post(`/centers/changning-kss/bookings/${am[0].bookingId}/recall`, undefined, otherStaff.token)).status).toBe(404);
  });

  it('a checked-in lawyer stays on the screen as checked in and cannot be called again', async () => {
    expect((await api.post(`/bookings/${am[2].bookingId}/check-in`, {}, staff.token)).status).toBe(200);
    const session = sessionOf((await display()).body, AM);
    expect(session.called.find((c: { queueNumber: number }) => c.queueNumber === am[2].queueNumber)).toMatchObject({ checkedIn: true });
    const again = await api.post(`/centers/minhang-kss/bookings/${am[2].bookingId}/recall`, undefined, staff.token);
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('two staff calling the same session at once call two different bookings, in queue order', async () => {
    // The afternoon: five more bookings (the clock back on the day before to book them).
    await api.post('/_local/clock', { now: `2027-11-15T10:00:00+08:00` });
    const more: Booked[] = [pm];
    for (let i = 0; i < 5; i++) more.push(await bookedLawyer(PM));
    await api.post('/_local/clock', { now: `${DAY}T13:40:00+08:00` });
    const second = await api.account('staff', { centerIds: ['minhang-kss'] });
    const replies = await Promise.all([call(PM), call(PM, second.token), call(PM), call(PM, second.token)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const called = replies.map((r) => r.body.bookingId as string);
    expect(new Set(called).size).toBe(4);
    const expected = [...more].sort((a, b) => a.queueNumber - b.queueNumber).slice(0, 4);
    expect([...called].sort()).toEqual(expected.map((b) => b.bookingId).sort());
    // One SMS per call, none twice.
    for (const b of expected) expect(await api.messages(b.lawyer.phone, 'booking-called', 1)).toHaveLength(1);
    const rest = await Promise.all([call(PM), call(PM, second.token), call(PM)]);
    expect(rest.map((r) => r.status).sort()).toEqual([200, 200, 409]);
    expect(sessionOf((await display()).body, PM)).toMatchObject({ waiting: 0 });
  }, 60_000);

  it('the display of an unknown center is 404', async () => {
    expect((await api.call('GET', '/centers/nowhere-kss/display')).status).toBe(404);
  });
});
