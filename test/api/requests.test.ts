// Detainee meeting requests (R15) and the 48-hour guarantee (B2) over HTTP with the local clock and
// the background notifier: who is told, the one reminder and the one alert the sweep sends, a booking
// closing the request, urgent requests filed, listed and placed beyond a full session's places.
// Dates: only the week 2027-08-02 … 2027-08-06 (API test files share the tables and the sweeper).
import { randomUUID } from 'node:crypto';
import { Api, newPhone, startApi, uniqueName } from './harness';

jest.setTimeout(60_000);

let api: Api;
let staff: Account;
let otherStaff: Account;
let admin: Account;
const CENTER = 'minhang-kss';

interface Account {
  userId: string;
  token: string;
  phone: string;
}
type Lawyer = Awaited<ReturnType<Api['lawyer']>>;

/** An account created through POST /admin/users with a phone (beyond the contract), logged in. */
async function accountWithPhone(role: 'staff' | 'admin', scope: { centerIds?: string[] } = {}): Promise<Account> {
  const username = uniqueName(role);
  const phone = newPhone();
  const r = await api.post('/admin/users', { username, password: 'Pass-Word-123', role, phone, ...scope }, await api.adminToken());
  if (r.status !== 201) throw new Error(`create ${role} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { userId: r.body.userId, token: await api.login(username, 'Pass-Word-123'), phone };
}

beforeAll(async () => {
  api = await startApi({ notifier: true });
  staff = await accountWithPhone('staff', { centerIds: [CENTER] });
  otherStaff = await accountWithPhone('staff', { centerIds: ['changning-kss'] });
  admin = await accountWithPhone('admin');
}, 30_000);
afterAll(() => api.platform.close());

const setClock = (now: string) => api.post('/_local/clock', { now });
const sweep = async () => {
  const r = await api.post('/_local/sweep');
  expect(r.status).toBe(200);
  return r.body as { meetingRequestReminders: string[]; urgentAlerts: string[]; failed: string[] };
};
const book = (l: Lawyer, detaineeId: string, slotId: string) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: CENTER, detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });

async function bind(licenseNo: string, detaineeId: string, token = staff.token): Promise<string> {
  const r = await api.post(`/centers/${CENTER}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, token);
  expect(r.status).toBe(201);
  return r.body.bindingId;
}
async function boundDetainee(...lawyers: Lawyer[]): Promise<string> {
  const detaineeId = await api.detainee(staff.token);
  for (const l of lawyers) await bind(l.licenseNo, detaineeId);
  return detaineeId;
}

type Message = { kind: string; body: string };
const outbox = async (to: string): Promise<Message[]> => (await api.get(`/_local/outbox?to=${to}`)).body.messages;
const messages = (to: string, kind: string, count: number, containing = '') => api.messages(to, kind, count, containing);
/** Lets the background notifier drain what was queued, so an absence of messages means something. */
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('detainee meeting requests', () => {
  // R15: every registered, actively bound lawyer is told; revoked, unbound and unregistered are not.
  it('notifies every registered bound lawyer and no one else', async () => {
    await setClock('2027-08-02T08:00:00+08:00');
    const [a, b, revoked, unbound] = await Promise.all([api.lawyer(), api.lawyer(), api.lawyer(), api.lawyer()]);
    const detaineeId = await boundDetainee(a, b);
    const revokedBinding = await bind(revoked.licenseNo, detaineeId);
    expect((await api.post(`/centers/${CENTER}/bindings/${revokedBinding}/revoke`, {}, staff.token)).status).toBe(200);
    await bind('13109999999999999', detaineeId); // bound licence nobody registered yet

    const r = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, { message: '要求尽快会见辩护律师' }, staff.token);
    expect(r.status).toBe(201);
    expect(r.body.requestId).toMatch(/^mr\.minhang\./);
    expect([...r.body.notifiedLawyerIds].sort()).toEqual([a.lawyerId, b.lawyerId].sort());

    for (const l of [a, b]) {
      const [m] = await messages(l.phone, 'meeting-request', 1);
      // The client by name (issue 18: names, never codes).
      expect(m.body).toContain('您的委托人王某');
      expect(m.body).not.toContain(detaineeId);
      expect(m.body).toContain('要求尽快会见辩护律师');
    }
    await settle();
    for (const l of [revoked, unbound]) expect((await outbox(l.phone)).filter((m) => m.kind === 'meeting-request')).toEqual([]);
  });

  // R15: scope and state of the detainee.
  it('answers 403 for another center, 404 for an unknown detainee, 409 after release, [] without a bound lawyer', async () => {
    await setClock('2027-08-02T08:00:00+08:00');
    const detaineeId = await boundDetainee(await api.lawyer());
    expect((await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, otherStaff.token)).status).toBe(403);
    const unknown = await api.post(`/centers/${CENTER}/detainees/dt_nobody/meeting-requests`, {}, staff.token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');

    const alone = await api.detainee(staff.token);
    const none = await api.post(`/centers/${CENTER}/detainees/${alone}/meeting-requests`, {}, staff.token);
    expect(none.status).toBe(201);
    expect(none.body.notifiedLawyerIds).toEqual([]);

    expect((await api.post(`/centers/${CENTER}/detainees/${detaineeId}/release`, { reason: 'released' }, staff.token)).status).toBe(200);
    const released = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, staff.token);
    expect(released.status).toBe(409);
    expect(released.body.error.code).toBe('INVALID_STATE');
  });

  // R15: reminded again if nobody books within a day — once, and only lawyers still bound.
  it('reminds once after a day without a booking', async () => {
    await setClock('2027-08-02T09:00:00+08:00');
    const [stays, leaves] = await Promise.all([api.lawyer(), api.lawyer()]);
    const detaineeId = await api.detainee(staff.token);
    await bind(stays.licenseNo, detaineeId);
    const leavingBinding = await bind(leaves.licenseNo, detaineeId);
    const r = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, staff.token);
    expect(r.body.notifiedLawyerIds).toHaveLength(2);

    await setClock('2027-08-02T20:00:00+08:00');
    expect((await sweep()).meetingRequestReminders).not.toContain(r.body.requestId);
    expect((await api.post(`/centers/${CENTER}/bindings/${leavingBinding}/revoke`, {}, staff.token)).status).toBe(200);

    await setClock('2027-08-03T09:30:00+08:00');
    expect((await sweep()).meetingRequestReminders).toContain(r.body.requestId);
    expect((await sweep()).meetingRequestReminders).not.toContain(r.body.requestId);

    const [reminder] = await messages(stays.phone, 'meeting-request-reminder', 1, '您的委托人王某');
    expect(reminder.body).toContain('2027-08-02 09:00');
    await settle();
    expect((await outbox(stays.phone)).filter((m) => m.kind === 'meeting-request-reminder' && m.body.includes('您的委托人王某'))).toHaveLength(1);
    expect((await outbox(leaves.phone)).filter((m) => m.kind === 'meeting-request-reminder')).toEqual([]);
  });

  // R15: the request closes when one of the lawyers books (in the booking's transaction).
  it('closes when a lawyer books: no reminder follows', async () => {
    await setClock('2027-08-02T10:00:00+08:00');
    const [booker, other] = await Promise.all([api.lawyer(), api.lawyer()]);
    const detaineeId = await boundDetainee(booker, other);
    const r = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, { message: '请律师来一趟' }, staff.token);
    expect(r.status).toBe(201);
    expect((await book(booker, detaineeId, '2027-08-05.AM')).status).toBe(201);

    await setClock('2027-08-03T11:00:00+08:00');
    expect((await sweep()).meetingRequestReminders).not.toContain(r.body.requestId);
    await settle();
    for (const l of [booker, other]) expect((await outbox(l.phone)).filter((m) => m.kind === 'meeting-request-reminder')).toEqual([]);

    // A new request of the same detainee is open again and is reminded in its turn.
    await setClock('2027-08-03T11:05:00+08:00');
    const again = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, staff.token);
    expect(again.status).toBe(201);
    await setClock('2027-08-04T11:10:00+08:00');
    expect((await sweep()).meetingRequestReminders).toContain(again.body.requestId);
  });

  // R15 with B3: a lawyer promoted from the waitlist to a booking of the detainee answers the request too.
  it('closes when a waiting lawyer is promoted to a booking of the detainee', async () => {
    await setClock('2027-08-02T08:00:00+08:00');
    const waiter = await api.lawyer();
    const detaineeId = await boundDetainee(waiter);
    const r = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, staff.token);
    expect(r.body.notifiedLawyerIds).toEqual([waiter.lawyerId]);
    const holders: { lawyer: Lawyer; bookingId: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const l = await api.lawyer();
      const b = await book(l, await boundDetainee(l), '2027-08-03.AM');
      expect(b.status).toBe(201);
      holders.push({ lawyer: l, bookingId: b.body.bookingId });
    }
    expect((await book(waiter, detaineeId, '2027-08-03.AM')).body.error.code).toBe('SLOT_FULL');
    expect((await api.post('/waitlist', { centerId: CENTER, detaineeId, slotId: '2027-08-03.AM' }, waiter.token)).status).toBe(201);
    const cancel = await api.call('POST', `/bookings/${holders[0].bookingId}/cancel`, { token: holders[0].lawyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(cancel.status).toBe(200);
    expect((await api.get('/bookings', waiter.token)).body.bookings).toEqual([expect.objectContaining({ detaineeId, status: 'booked' })]);

    await setClock('2027-08-03T08:05:00+08:00'); // a day later, before the session starts
    expect((await sweep()).meetingRequestReminders).not.toContain(r.body.requestId);
  });

  // R15: a newer request replaces the open one, so the detainee's wish is reminded once, not twice.
  it('replaces an older open request', async () => {
    await setClock('2027-08-02T11:00:00+08:00');
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    const first = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, staff.token);
    const second = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, { message: '再次要求' }, staff.token);
    expect([first.status, second.status]).toEqual([201, 201]);
    await setClock('2027-08-03T11:30:00+08:00');
    const reminded = (await sweep()).meetingRequestReminders;
    expect(reminded).toContain(second.body.requestId);
    expect(reminded).not.toContain(first.body.requestId);
  });
});

describe('urgent requests: filing and listing', () => {
  // B2: a bound lawyer files; deadline = now + 48 h; one open request per lawyer and detainee.
  it('files with a 48-hour deadline; unbound → 403 NOT_BOUND; duplicate → 409', async () => {
    await setClock('2027-08-02T10:00:00+08:00');
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    const before = Date.parse((await api.get('/_local/clock')).body.now);
    const r = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token);
    const after = Date.parse((await api.get('/_local/clock')).body.now);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'open', centerId: CENTER, detaineeId });
    expect(r.body.requestId).toMatch(/^ur\.minhang\./);
    expect(r.body.deadline).toMatch(/^2027-08-04T10:00:.*\+08:00$/);
    const deadline = Date.parse(r.body.deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + 48 * 3600_000);
    expect(deadline).toBeLessThanOrEqual(after + 48 * 3600_000);

    const duplicate = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('ALREADY_EXISTS');

    const stranger = await api.lawyer();
    const unbound = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, stranger.token);
    expect(unbound.status).toBe(403);
    expect(unbound.body.error.code).toBe('NOT_BOUND');
    expect((await api.post('/urgent-requests', { centerId: 'nowhere-kss', detaineeId }, l.token)).status).toBe(404);
    const offline = await api.post('/urgent-requests', { centerId: 'jiading-kss2', detaineeId }, l.token);
    expect(offline.status).toBe(422);
    expect(offline.body.error.code).toBe('CENTER_NOT_ONLINE');
    expect((await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, staff.token)).status).toBe(403);

    // Staff of the center see it (open by default); staff of another center and lawyers may not.
    const list = await api.get(`/centers/${CENTER}/urgent-requests`, staff.token);
    expect(list.status).toBe(200);
    const mine = list.body.requests.find((x: { requestId: string }) => x.requestId === r.body.requestId);
    expect(mine).toMatchObject({
      lawyerId: l.lawyerId,
      detaineeId,
      status: 'open',
      deadline: r.body.deadline,
      atRisk: false,
      overdue: false,
      alertedAt: null,
      placedAt: null,
      placedOnTime: null,
      bookingId: null,
    });
    const deadlines = list.body.requests.map((x: { deadline: string }) => x.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect((await api.get(`/centers/${CENTER}/urgent-requests`, otherStaff.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/urgent-requests`, l.token)).status).toBe(403);
  });
});

describe('urgent requests: placement', () => {
  // B2: staff make room — a full session takes one more; the lawyer's booking exists with its room.
  it('places in a full session with a meeting room: queue number 7; twice → 409', async () => {
    await setClock('2027-08-02T12:00:00+08:00');
    const slotId = '2027-08-03.PM';
    const others = await Promise.all(Array.from({ length: 6 }, () => api.lawyer()));
    for (const other of others) expect((await book(other, await boundDetainee(other), slotId)).status).toBe(201);
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    expect((await book(l, detaineeId, slotId)).body.error.code).toBe('SLOT_FULL');
    const filed = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token);
    expect(filed.status).toBe(201);
    const id = filed.body.requestId;

    expect((await api.post(`/urgent-requests/${id}/place`, { slotId, roomType: 'meeting', roomNo: 'M01' }, otherStaff.token)).status).toBe(403);
    expect((await api.post(`/urgent-requests/${id}/place`, { slotId, roomType: 'meeting', roomNo: 'T01' }, staff.token)).status).toBe(400);
    expect((await api.post(`/urgent-requests/${id}/place`, { slotId: '2027-08-07.AM', roomType: 'meeting', roomNo: 'M01' }, staff.token)).body.error.code).toBe('SLOT_UNAVAILABLE');

    const placed = await api.post(`/urgent-requests/${id}/place`, { slotId, roomType: 'meeting', roomNo: 'M01' }, staff.token);
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ requestId: id, status: 'placed', slotId, roomType: 'meeting', roomNo: 'M01', consentRequired: false, placedOnTime: true });

    const booking = await api.get(`/bookings/${placed.body.bookingId}`, l.token);
    expect(booking.status).toBe(200);
    expect(booking.body).toMatchObject({
      status: 'booked',
      slotId,
      detaineeId,
      queueNumber: 7,
      leadLawyerId: l.lawyerId,
      room: { roomType: 'meeting', roomNo: 'M01', consentPending: false },
    });
    const [note] = await messages(l.phone, 'urgent-request-placed', 1);
    expect(note.body).toContain('会见室 M01');
    expect(note.body).toContain('排队号 7');
    await settle();
    expect((await outbox(l.phone)).filter((m) => m.kind === 'booking-confirmed')).toEqual([]);

    const twice = await api.post(`/urgent-requests/${id}/place`, { slotId: '2027-08-04.AM', roomType: 'meeting', roomNo: 'M02' }, staff.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATE');

    const placedList = (await api.get(`/centers/${CENTER}/urgent-requests?status=placed`, staff.token)).body.requests;
    expect(placedList.find((x: { requestId: string }) => x.requestId === id)).toMatchObject({
      status: 'placed',
      placedOnTime: true,
      bookingId: placed.body.bookingId,
      atRisk: false,
    });
    expect((await api.get(`/centers/${CENTER}/urgent-requests`, staff.token)).body.requests.map((x: { requestId: string }) => x.requestId)).not.toContain(id);
    // The session shows no negative places, and the lawyer may file again once placed.
    const slots = (await api.get(`/centers/${CENTER}/slots?from=2027-08-03&to=2027-08-03`, l.token)).body.slots;
    expect(slots.find((s: { slotId: string }) => s.slotId === slotId).available).toBe(0);
    expect((await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token)).status).toBe(201);
  });

  // B2 with R8: an interrogation room needs the lawyer's consent; no slot named → the first free session.
  it('places in an interrogation room with consent required, in the first free session', async () => {
    await setClock('2027-08-04T12:00:00+08:00');
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    const filed = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token);
    const placed = await api.post(`/urgent-requests/${filed.body.requestId}/place`, { roomType: 'interrogation', roomNo: 'T02' }, staff.token);
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ slotId: '2027-08-04.PM', roomType: 'interrogation', roomNo: 'T02', consentRequired: true, placedOnTime: true });
    const booking = (await api.get(`/bookings/${placed.body.bookingId}`, l.token)).body;
    expect(booking.room).toMatchObject({ roomType: 'interrogation', roomNo: 'T02', consentPending: true });
    const [note] = await messages(l.phone, 'urgent-request-placed', 1);
    expect(note.body).toContain('告知书');

    // The room is held: another placement in the same room and session is refused.
    const l2 = await api.lawyer();
    const other = await api.post('/urgent-requests', { centerId: CENTER, detaineeId: await boundDetainee(l2) }, l2.token);
    const clash = await api.post(`/urgent-requests/${other.body.requestId}/place`, { slotId: '2027-08-04.PM', roomType: 'interrogation', roomNo: 'T02' }, staff.token);
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('SLOT_FULL');
  });

  // R15 + B2: a placement is a booking, so it answers the detainee's open meeting request too.
  it('a placement closes the detainee’s open meeting request', async () => {
    await setClock('2027-08-04T12:30:00+08:00');
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    const request = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/meeting-requests`, {}, staff.token);
    const filed = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token);
    expect((await api.post(`/urgent-requests/${filed.body.requestId}/place`, { slotId: '2027-08-05.PM', roomType: 'meeting', roomNo: 'M03' }, staff.token)).status).toBe(200);
    await setClock('2027-08-05T13:00:00+08:00');
    expect((await sweep()).meetingRequestReminders).not.toContain(request.body.requestId);
  });
});

describe('urgent requests: alerts', () => {
  // B2: unplaced 12 hours before the deadline → the center's staff and the admins are alerted, once.
  it('alerts staff and admins 12 hours before the deadline, exactly once', async () => {
    await setClock('2027-08-03T20:00:00+08:00');
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    const filed = await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token);
    const id = filed.body.requestId;
    expect(filed.body.deadline).toMatch(/^2027-08-05T20:00/);

    await setClock('2027-08-05T07:00:00+08:00'); // 13 h before
    expect((await sweep()).urgentAlerts).not.toContain(id);
    const early = (await api.get(`/centers/${CENTER}/urgent-requests`, staff.token)).body.requests.find((x: { requestId: string }) => x.requestId === id);
    expect(early).toMatchObject({ atRisk: false, overdue: false, alertedAt: null });

    await setClock('2027-08-05T09:00:00+08:00'); // 11 h before
    expect((await sweep()).urgentAlerts).toContain(id);
    expect((await sweep()).urgentAlerts).not.toContain(id);

    // The alert names the client and the lawyer, not the ids; this request is the one due at 20:00.
    const mark = '2027-08-05 20:00';
    for (const to of [staff.phone, admin.phone]) {
      const [alert] = await messages(to, 'urgent-request-alert', 1, mark);
      expect(alert.body).toContain('在押人员王某，测试律师律师提出');
      expect(alert.body).not.toContain(id);
      expect(alert.body).not.toContain(detaineeId);
    }
    await settle();
    for (const to of [staff.phone, admin.phone]) expect((await outbox(to)).filter((m) => m.kind === 'urgent-request-alert' && m.body.includes(mark))).toHaveLength(1);
    expect((await outbox(otherStaff.phone)).filter((m) => m.body.includes(mark))).toEqual([]);

    const listed = (await api.get(`/centers/${CENTER}/urgent-requests?status=all`, staff.token)).body.requests.find((x: { requestId: string }) => x.requestId === id);
    expect(listed).toMatchObject({ status: 'open', atRisk: true, overdue: false, alertedAt: expect.stringMatching(/^2027-08-05T09:00/) });
    await setClock('2027-08-06T08:00:00+08:00');
    const late = (await api.get(`/centers/${CENTER}/urgent-requests`, staff.token)).body.requests.find((x: { requestId: string }) => x.requestId === id);
    expect(late).toMatchObject({ atRisk: true, overdue: true });

    // Placed after the deadline: compliance says so.
    const placed = await api.post(`/urgent-requests/${id}/place`, { slotId: '2027-08-06.PM', roomType: 'meeting', roomNo: 'M04' }, staff.token);
    expect(placed.body).toMatchObject({ status: 'placed', placedOnTime: false });
  });

  // B2 with B4: a request whose binding ended (the detainee transferred) closes instead of alarming anyone.
  it('closes an open request whose binding ended instead of alerting', async () => {
    await setClock('2027-08-03T20:00:00+08:00');
    const l = await api.lawyer();
    const detaineeId = await boundDetainee(l);
    const id = (await api.post('/urgent-requests', { centerId: CENTER, detaineeId }, l.token)).body.requestId;
    expect((await api.post(`/centers/${CENTER}/detainees/${detaineeId}/release`, { reason: 'transferred' }, staff.token)).status).toBe(200);
    await setClock('2027-08-05T09:00:00+08:00'); // 11 h before the deadline
    expect((await sweep()).urgentAlerts).not.toContain(id);
    const all = (await api.get(`/centers/${CENTER}/urgent-requests?status=all`, staff.token)).body.requests;
    expect(all.find((x: { requestId: string }) => x.requestId === id)).toMatchObject({ status: 'closed', atRisk: false, overdue: false });
    expect((await api.get(`/centers/${CENTER}/urgent-requests`, staff.token)).body.requests.map((x: { requestId: string }) => x.requestId)).not.toContain(id);
    const place = await api.post(`/urgent-requests/${id}/place`, { slotId: '2027-08-06.AM', roomType: 'meeting', roomNo: 'M05' }, staff.token);
    expect(place.status).toBe(409);
  });
});
