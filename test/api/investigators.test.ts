// Investigators over HTTP (R6, R7, B9): the detainee schedule shows times and kinds only, never a
// lawyer's identity or a booking; interrogations and lawyer meetings share the per-detainee guard
// (409 DETAINEE_BUSY both ways); interrogations draw queue numbers in the session's first-come
// order without using lawyers' places and are limited by the interrogation rooms, also under
// concurrency; investigators stay out of lawyers' and staff's routes and other centers.
// Dates: only the week 2027-07-05 … 2027-07-09 (the clock stands at Monday 2027-07-05 09:00).
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

const CENTER = 'minhang-kss';
const NOW = '2027-07-05T09:00:00+08:00';

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
type Account = { userId: string; username: string; token: string };

let api: Api;
let staff: Account;
let investigator: Account;
let changningInvestigator: Account;
let changningStaff: Account;

beforeAll(async () => {
  api = await startApi();
  [staff, investigator, changningInvestigator, changningStaff] = await Promise.all([
    api.account('staff', { centerIds: [CENTER] }),
    api.account('investigator', { centerIds: [CENTER] }),
    api.account('investigator', { centerIds: ['changning-kss'] }),
    api.account('staff', { centerIds: ['changning-kss'] }),
  ]);
});
beforeEach(() => api.post('/_local/clock', { now: NOW }));
afterAll(() => api.platform.close());

const book = (l: Lawyer, detaineeId: string, slotId: string, centerId = CENTER) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId, detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });
const interrogate = (detaineeId: string, slotId: string, token = investigator.token, centerId = CENTER) =>
  api.post(`/centers/${centerId}/interrogations`, { detaineeId, slotId }, token);
const schedule = (detaineeId: string, query = '', token = investigator.token) => api.get(`/centers/${CENTER}/detainees/${detaineeId}/schedule${query}`, token);

async function bound(l: Lawyer): Promise<string> {
  const detaineeId = await api.detainee(staff.token);
  const r = await api.post(`/centers/${CENTER}/bindings`, { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);
  expect(r.status).toBe(201);
  return detaineeId;
}

describe('detainee schedule', () => {
  // R7, B9: booked periods are visible to the case-handling unit; times and kinds only.
  it('shows lawyer meetings and interrogations with no lawyer identifiers', async () => {
    const l = await api.lawyer();
    const detaineeId = await bound(l);
    const booking = await book(l, detaineeId, '2027-07-06.AM');
    expect(booking.status).toBe(201);
    const interrogation = await interrogate(detaineeId, '2027-07-06.PM');
    expect(interrogation.status).toBe(201);

    const r = await schedule(detaineeId, '?from=2027-07-05&to=2027-07-09');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['appointments']);
    expect(r.body.appointments).toEqual([
      { slotId: '2027-07-06.AM', date: '2027-07-06', start: '2027-07-06T08:30:00.000+08:00', end: '2027-07-06T11:30:00.000+08:00', kind: 'lawyer-meeting' },
      { slotId: '2027-07-06.PM', date: '2027-07-06', start: '2027-07-06T13:30:00.000+08:00', end: '2027-07-06T17:00:00.000+08:00', kind: 'interrogation' },
    ]);
    for (const a of r.body.appointments) expect(Object.keys(a).sort()).toEqual(['date', 'end', 'kind', 'slotId', 'start']);
    const text = JSON.stringify(r.body);
    // Release 2 names people on bookings and in the day queue (SPEC 7.3); none of it reaches investigators (B9).
    const identities = [l.lawyerId, l.licenseNo, l.phone, l.phone.slice(3), l.username, '测试律师', '测试律师事务所', booking.body.bookingId, 'bk.'];
    const fields = ['lawyerId', 'bookingId', 'lawyers', 'lawyerName', 'licenseNo', 'lawFirm', 'phone', 'name', 'leadLawyerId', 'lawyerIds'];
    for (const secret of [...identities, ...fields]) expect(text).not.toContain(secret);

    // Default range: today (Shanghai) + 14 days covers both.
    const byDefault = await schedule(detaineeId);
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.appointments.map((a: { slotId: string }) => a.slotId)).toEqual(['2027-07-06.AM', '2027-07-06.PM']);
    // A range that ends before them shows none.
    expect((await schedule(detaineeId, '?from=2027-07-05&to=2027-07-05')).body.appointments).toEqual([]);

    // A cancelled meeting is no longer an appointment.
    const cancel = await api.call('POST', `/bookings/${booking.body.bookingId}/cancel`, { token: l.token, headers: { 'idempotency-key': randomUUID() } });
    expect(cancel.status).toBe(200);
    expect((await schedule(detaineeId, '?from=2027-07-05&to=2027-07-09')).body.appointments.map((a: { kind: string }) => a.kind)).toEqual(['interrogation']);
  });

  // R7 scope: investigators see only their centers' detainees; the range is validated.
  it('refuses other centers, unknown detainees, other roles and bad ranges', async () => {
    const detaineeId = await api.detainee(staff.token);
    expect((await schedule(detaineeId, '', changningInvestigator.token)).body.error.code).toBe('FORBIDDEN');
    expect((await schedule(detaineeId, '', changningInvestigator.token)).status).toBe(403);
    expect((await schedule('dt_unknown')).status).toBe(404);
    const elsewhere = await api.detainee(changningStaff.token, 'changning-kss');
    expect((await schedule(elsewhere)).status).toBe(404);
    expect((await schedule(detaineeId, '', staff.token)).status).toBe(403);
    expect((await schedule(detaineeId, '', (await api.lawyer()).token)).status).toBe(403);

    const backwards = await schedule(detaineeId, '?from=2027-07-09&to=2027-07-05');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('VALIDATION_FAILED');
    expect((await schedule(detaineeId, '?from=2027-07-05&to=2027-09-06')).status).toBe(400);
    expect((await schedule(detaineeId, '?from=2027-07-05&to=2027-09-05')).status).toBe(200);
  });
});

describe('interrogations and lawyer meetings share the detainee guard', () => {
  // R7: an interrogation cannot take a period a lawyer booked, and vice versa.
  it('refuses an interrogation over a lawyer booking with 409 DETAINEE_BUSY, writing nothing', async () => {
    const l = await api.lawyer();
    const detaineeId = await bound(l);
    expect((await book(l, detaineeId, '2027-07-07.PM')).status).toBe(201);

    const refused = await interrogate(detaineeId, '2027-07-07.PM');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DETAINEE_BUSY');
    expect(refused.body.error.message).toMatch(/在押人员/);
    expect((await schedule(detaineeId, '?from=2027-07-07&to=2027-07-07')).body.appointments.map((a: { kind: string }) => a.kind)).toEqual(['lawyer-meeting']);
    // The refused request took no room: the next interrogation of the session gets the first one.
    const other = await interrogate(await api.detainee(staff.token), '2027-07-07.PM');
    expect(other.status).toBe(201);
    expect(other.body.roomNo).toBe('T01');
  });

  it('refuses a lawyer booking over an interrogation with 409 DETAINEE_BUSY', async () => {
    const l = await api.lawyer();
    const detaineeId = await bound(l);
    const interrogation = await interrogate(detaineeId, '2027-07-08.AM');
    expect(interrogation.status).toBe(201);
    expect(interrogation.body).toMatchObject({
      status: 'booked',
      centerId: CENTER,
      detaineeId,
      slotId: '2027-07-08.AM',
      date: '2027-07-08',
      start: '2027-07-08T08:30:00.000+08:00',
      end: '2027-07-08T11:30:00.000+08:00',
      roomNo: 'T01',
      createdAt: expect.stringMatching(/^2027-07-05T09:0/),
    });
    expect(interrogation.body.interrogationId).toMatch(/^iq\.minhang\./);

    const refused = await book(l, detaineeId, '2027-07-08.AM');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('DETAINEE_BUSY');
    // The same detainee cannot be interrogated twice in one session either.
    expect((await interrogate(detaineeId, '2027-07-08.AM')).body.error.code).toBe('DETAINEE_BUSY');
    // Another session is free.
    expect((await book(l, detaineeId, '2027-07-08.PM')).status).toBe(201);
  });
});

describe('first-come order and interrogation rooms', () => {
  // R6: interrogations join the session's queue in booking order; places stay the lawyers'.
  it('interleaves queue numbers with lawyer bookings of the session', async () => {
    const [a, b] = [await api.lawyer(), await api.lawyer()];
    const [da, db] = [await bound(a), await bound(b)];
    const slotsBefore = (await api.get(`/centers/${CENTER}/slots?from=2027-07-08&to=2027-07-08`, a.token)).body.slots;
    const availableBefore = slotsBefore.find((s: { slotId: string }) => s.slotId === '2027-07-08.PM').available;

    const first = await book(a, da, '2027-07-08.PM');
    const second = await interrogate(await api.detainee(staff.token), '2027-07-08.PM');
    const third = await book(b, db, '2027-07-08.PM');
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(second.body.queueNumber).toBe(first.body.queueNumber + 1);
    expect(third.body.queueNumber).toBe(second.body.queueNumber + 1);
    // Staff see the session's whole first-come order: the interrogation between the two bookings.
    const day = (await api.get(`/centers/${CENTER}/bookings?date=2027-07-08`, staff.token)).body;
    expect(day.interrogations).toContainEqual(
      expect.objectContaining({ interrogationId: second.body.interrogationId, slotId: '2027-07-08.PM', queueNumber: second.body.queueNumber, status: 'booked' }),
    );
    const pm = day.bookings.filter((b: { slotId: string }) => b.slotId === '2027-07-08.PM').map((b: { queueNumber: number }) => b.queueNumber);
    expect(pm).toEqual(expect.arrayContaining([first.body.queueNumber, third.body.queueNumber]));
    expect(pm).not.toContain(second.body.queueNumber);

    // Two lawyer places taken, none by the interrogation.
    const slotsAfter = (await api.get(`/centers/${CENTER}/slots?from=2027-07-08&to=2027-07-08`, a.token)).body.slots;
    expect(slotsAfter.find((s: { slotId: string }) => s.slotId === '2027-07-08.PM').available).toBe(availableBefore - 2);
  });

  // R7 capacity: interrogation rooms (T01, T02 at minhang-kss) are the interrogations of a session.
  it('takes the rooms in order and refuses a third interrogation with 409 SLOT_FULL', async () => {
    const r1 = await interrogate(await api.detainee(staff.token), '2027-07-09.AM');
    const r2 = await interrogate(await api.detainee(staff.token), '2027-07-09.AM');
    expect([r1.status, r2.status]).toEqual([201, 201]);
    expect([r1.body.roomNo, r2.body.roomNo]).toEqual(['T01', 'T02']);
    const r3 = await interrogate(await api.detainee(staff.token), '2027-07-09.AM');
    expect(r3.status).toBe(409);
    expect(r3.body.error).toMatchObject({ code: 'SLOT_FULL', message: '该时段讯问室已满' });
    // Lawyers' places are untouched by full interrogation rooms.
    const l = await api.lawyer();
    expect((await book(l, await bound(l), '2027-07-09.AM')).status).toBe(201);
  });

  // R6, R7 under concurrency: the room guards and the queue counter are decided by the database.
  it('gives exactly two of five simultaneous interrogations a room', async () => {
    const detainees = await Promise.all(Array.from({ length: 5 }, () => api.detainee(staff.token)));
    const replies = await Promise.all(detainees.map((d) => interrogate(d, '2027-07-09.PM')));
    const won = replies.filter((r) => r.status === 201);
    expect(won).toHaveLength(2);
    expect(replies.filter((r) => r.status === 409 && r.body.error.code === 'SLOT_FULL')).toHaveLength(3);
    expect(won.map((r) => r.body.roomNo).sort()).toEqual(['T01', 'T02']);
    expect(new Set(won.map((r) => r.body.queueNumber)).size).toBe(2);
    // The losers left nothing behind.
    const losers = detainees.filter((d) => !won.some((r) => r.body.detaineeId === d));
    for (const d of losers) expect((await schedule(d, '?from=2027-07-09&to=2027-07-09')).body.appointments).toEqual([]);
  });
});

describe('what an interrogation can be booked for', () => {
  // R7 with R9: a session of the center, on a workday, not started; the lawyers' online flag does not apply.
  it('refuses unknown, non-working and started sessions with 422 SLOT_UNAVAILABLE', async () => {
    const detaineeId = await api.detainee(staff.token);
    for (const slotId of ['2027-07-06.EVE', '2027-07-10.AM' /* a Saturday; refused before any write */, '2027-07-05.AM' /* started 08:30 */]) {
      const r = await interrogate(detaineeId, slotId);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('SLOT_UNAVAILABLE');
    }
    expect((await interrogate('dt_unknown', '2027-07-06.AM')).status).toBe(404);
    expect((await interrogate(await api.detainee(changningStaff.token, 'changning-kss'), '2027-07-06.AM')).status).toBe(404);
  });

  it('books at a center that takes no online lawyer bookings', async () => {
    const jiadingStaff = await api.account('staff', { centerIds: ['jiading-kss2'] });
    const jiadingInvestigator = await api.account('investigator', { centerIds: ['jiading-kss2'] });
    const detaineeId = await api.detainee(jiadingStaff.token, 'jiading-kss2');
    const r = await interrogate(detaineeId, '2027-07-06.AM', jiadingInvestigator.token, 'jiading-kss2');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ centerId: 'jiading-kss2', roomNo: 'T01', queueNumber: expect.any(Number) });
    expect(r.body.interrogationId).toMatch(/^iq\.jiading\./);
  });
});

describe('investigator scope', () => {
  // R7, B9: investigators act on their own centers only and never reach lawyers' or staff's data.
  it('refuses another center and lawyer/staff routes with 403', async () => {
    const l = await api.lawyer();
    const detaineeId = await bound(l);
    const booking = await book(l, detaineeId, '2027-07-07.AM');
    expect(booking.status).toBe(201);

    const elsewhere = await interrogate(detaineeId, '2027-07-07.PM', changningInvestigator.token);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('FORBIDDEN');
    expect((await interrogate(detaineeId, '2027-07-07.PM', staff.token)).status).toBe(403);
    expect((await interrogate(detaineeId, '2027-07-07.PM', l.token)).status).toBe(403);

    expect((await api.get(`/bookings/${booking.body.bookingId}`, investigator.token)).status).toBe(403);
    expect((await api.get('/bookings', investigator.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/bookings?date=2027-07-07`, investigator.token)).status).toBe(403);
    const asInvestigator = await api.call('POST', '/bookings', {
      token: investigator.token,
      body: { centerId: CENTER, detaineeId, slotId: '2027-07-07.PM' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(asInvestigator.status).toBe(403);
    expect((await api.post(`/bookings/${booking.body.bookingId}/room`, { roomType: 'meeting', roomNo: 'M01' }, investigator.token)).status).toBe(403);

    // B9 over the release-2 routes: every answer that names lawyers, and the look-ups that lead to
    // them (a detainee's bindings), is refused to investigators, whatever they ask for.
    for (const path of [
      `/centers/${CENTER}/detainees`,
      `/centers/${CENTER}/detainees?q=${encodeURIComponent('王')}`,
      `/centers/${CENTER}/detainees/${detaineeId}`,
      `/centers/${CENTER}/rooms?slotId=2027-07-07.AM`,
      `/centers/${CENTER}/bookings?date=2027-07-07&limit=1`,
      '/me/bindings',
      '/me/waitlist',
      '/me/urgent-requests',
      '/bookings?limit=1',
    ]) {
      const refused = await api.get(path, investigator.token);
      expect([path, refused.status, refused.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
      expect(JSON.stringify(refused.body)).not.toContain(l.licenseNo);
    }
    // What investigators do reach — their own interrogation — names no lawyer either.
    const own = await interrogate(await api.detainee(staff.token), '2027-07-07.PM');
    expect(own.status).toBe(201);
    for (const secret of [l.lawyerId, l.licenseNo, '测试律师', 'lawyers', 'lawyerId', 'licenseNo']) expect(JSON.stringify(own.body)).not.toContain(secret);
  });
});
