// Rooms and the interrogation-room consent over HTTP (R8): the lawyer (lead or co-counsel) signs the
// annex's notice once, stored with its text version, signer and time; staff give a meeting room at
// any time but an interrogation room only after that consent (409 CONSENT_REQUIRED before); one
// room holds one booking or interrogation per session; scope and roles are enforced.
// Dates: only the week 2027-07-12 … 2027-07-16 (the clock stands at Monday 2027-07-12 08:00).
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

const CENTER = 'minhang-kss';
const NOW = '2027-07-12T08:00:00+08:00';

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
type Account = { userId: string; username: string; token: string };

let api: Api;
let staff: Account;
let changningStaff: Account;
let investigator: Account;

beforeAll(async () => {
  api = await startApi();
  [staff, changningStaff, investigator] = await Promise.all([
    api.account('staff', { centerIds: [CENTER] }),
    api.account('staff', { centerIds: ['changning-kss'] }),
    api.account('investigator', { centerIds: [CENTER] }),
  ]);
});
beforeEach(() => api.post('/_local/clock', { now: NOW }));
afterAll(() => api.platform.close());

async function bind(l: Lawyer, detaineeId: string): Promise<void> {
  expect((await api.post(`/centers/${CENTER}/bindings`, { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token)).status).toBe(201);
}

/** A fresh lawyer with a booking for a fresh detainee in `slotId`. */
async function booked(slotId: string, body: Record<string, unknown> = {}, lawyer?: Lawyer) {
  const l = lawyer ?? (await api.lawyer());
  const detaineeId = await api.detainee(staff.token);
  await bind(l, detaineeId);
  const r = await api.call('POST', '/bookings', { token: l.token, body: { centerId: CENTER, detaineeId, slotId, ...body }, headers: { 'idempotency-key': randomUUID() } });
  expect(r.status).toBe(201);
  return { lawyer: l, detaineeId, bookingId: r.body.bookingId as string };
}

const sign = (bookingId: string, token: string) => api.post(`/bookings/${bookingId}/consents`, { kind: 'interrogation-room' }, token);
const assign = (bookingId: string, roomType: 'meeting' | 'interrogation', roomNo: string, token = staff.token) =>
  api.post(`/bookings/${bookingId}/room`, { roomType, roomNo }, token);

describe('consent notice', () => {
  // R8: signed consent stored with its text version, signer and time; once per booking.
  it('is signed once by the lawyer and stored on the booking', async () => {
    const { lawyer, bookingId } = await booked('2027-07-13.AM');
    const signed = await sign(bookingId, lawyer.token);
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      bookingId,
      kind: 'interrogation-room',
      textVersion: 'sh-2012-annex/v1',
      signedBy: lawyer.lawyerId,
      signedAt: expect.stringMatching(/^2027-07-12T08:00/),
    });
    expect(signed.body.consentId).toEqual(expect.any(String));
    expect(signed.body.text).toContain('同步录音录像');
    expect(signed.body.text).toContain('不被监听');

    const again = await sign(bookingId, lawyer.token);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EXISTS');

    const detail = await api.get(`/bookings/${bookingId}`, lawyer.token);
    expect(detail.body.consent).toEqual({
      consentId: signed.body.consentId,
      kind: 'interrogation-room',
      textVersion: 'sh-2012-annex/v1',
      signedBy: lawyer.lawyerId,
      signedAt: signed.body.signedAt,
    });
    expect(detail.body.room).toBeNull();
  });

  // R8 with R11/R12: co-counsel may sign; another lawyer's booking is not found; interns cannot sign.
  it('lets co-counsel sign, hides the booking from others and refuses interns', async () => {
    const lead = await api.lawyer();
    const co = await api.lawyer();
    const intern = await api.lawyer('intern');
    const detaineeId = await api.detainee(staff.token);
    for (const l of [lead, co, intern]) await bind(l, detaineeId);
    const r = await api.call('POST', '/bookings', {
      token: lead.token,
      body: { centerId: CENTER, detaineeId, slotId: '2027-07-13.PM', coCounselLawyerIds: [co.lawyerId], internLawyerIds: [intern.lawyerId] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(r.status).toBe(201);
    const bookingId = r.body.bookingId;

    const stranger = await sign(bookingId, (await api.lawyer()).token);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('NOT_FOUND');
    const byIntern = await sign(bookingId, intern.token);
    expect(byIntern.status).toBe(403);
    expect(byIntern.body.error.code).toBe('FORBIDDEN');
    expect((await sign(bookingId, staff.token)).status).toBe(403);
    expect((await sign('bk.minhang.01UNKNOWN0000000000000000', lead.token)).status).toBe(404);
    expect((await api.post(`/bookings/${bookingId}/consents`, { kind: 'meeting-room' }, lead.token)).status).toBe(400);

    const byCo = await sign(bookingId, co.token);
    expect(byCo.status).toBe(201);
    expect(byCo.body.signedBy).toBe(co.lawyerId);
    expect((await sign(bookingId, lead.token)).body.error.code).toBe('ALREADY_EXISTS');
  });

  // R8: only a booking still to happen (or under way) can take a consent.
  it('refuses a cancelled booking with 409 INVALID_STATE', async () => {
    const { lawyer, bookingId } = await booked('2027-07-14.PM');
    expect((await api.call('POST', `/bookings/${bookingId}/cancel`, { token: lawyer.token, headers: { 'idempotency-key': randomUUID() } })).status).toBe(200);
    const r = await sign(bookingId, lawyer.token);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INVALID_STATE');
    expect((await api.get(`/bookings/${bookingId}`, lawyer.token)).body.consent).toBeNull();
  });
});

describe('room assignment', () => {
  // R8: an interrogation room only after the consent; a meeting room any time.
  it('requires the consent for an interrogation room, then moves the booking there', async () => {
    const { lawyer, bookingId } = await booked('2027-07-14.AM');
    const refused = await assign(bookingId, 'interrogation', 'T01');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONSENT_REQUIRED', message: '律师尚未签署使用讯问室会见告知书' });
    expect((await api.get(`/bookings/${bookingId}`, lawyer.token)).body.room).toBeNull();

    const meeting = await assign(bookingId, 'meeting', 'M01');
    expect(meeting.status).toBe(200);
    expect(meeting.body).toEqual({ bookingId, roomType: 'meeting', roomNo: 'M01', assignedAt: expect.stringMatching(/^2027-07-12T08:00/) });
    // Assigning the room it already holds is harmless.
    expect((await assign(bookingId, 'meeting', 'M01')).status).toBe(200);

    expect((await sign(bookingId, lawyer.token)).status).toBe(201);
    const moved = await assign(bookingId, 'interrogation', 'T01');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ bookingId, roomType: 'interrogation', roomNo: 'T01' });
    expect((await api.get(`/bookings/${bookingId}`, lawyer.token)).body.room).toEqual({
      roomType: 'interrogation',
      roomNo: 'T01',
      assignedAt: moved.body.assignedAt,
      consentPending: false,
    });

    // The meeting room it left is free again for another booking of the session.
    const other = await booked('2027-07-14.AM');
    expect((await assign(other.bookingId, 'meeting', 'M01')).status).toBe(200);
    // T01 is held: another consenting booking is refused it, and an interrogation gets the other room.
    expect((await sign(other.bookingId, other.lawyer.token)).status).toBe(201);
    const taken = await assign(other.bookingId, 'interrogation', 'T01');
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'SLOT_FULL', message: '该房间此时段已被占用' });
    const interrogation = await api.post(`/centers/${CENTER}/interrogations`, { detaineeId: await api.detainee(staff.token), slotId: '2027-07-14.AM' }, investigator.token);
    expect(interrogation.status).toBe(201);
    expect(interrogation.body.roomNo).toBe('T02');
    // Both interrogation rooms are now held (a lawyer in T01, an interrogation in T02).
    expect((await assign(other.bookingId, 'interrogation', 'T02')).body.error.code).toBe('SLOT_FULL');
    const full = await api.post(`/centers/${CENTER}/interrogations`, { detaineeId: await api.detainee(staff.token), slotId: '2027-07-14.AM' }, investigator.token);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
  });

  // R8: one room, one holder per session.
  it('refuses a meeting room another booking holds with 409', async () => {
    const a = await booked('2027-07-15.AM');
    const b = await booked('2027-07-15.AM');
    expect((await assign(a.bookingId, 'meeting', 'M02')).status).toBe(200);
    const r = await assign(b.bookingId, 'meeting', 'M02');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('SLOT_FULL');
    expect((await api.get(`/bookings/${b.bookingId}`, b.lawyer.token)).body.room).toBeNull();
    // The same room in another session is a different guard.
    const c = await booked('2027-07-15.PM');
    expect((await assign(c.bookingId, 'meeting', 'M02')).status).toBe(200);
  });

  // R8 input: rooms come from the center's configuration.
  it('refuses rooms the center does not have with 400', async () => {
    const { bookingId } = await booked('2027-07-16.AM');
    for (const [roomType, roomNo] of [
      ['meeting', 'M99'],
      ['meeting', 'T01'],
      ['interrogation', 'M01'],
    ] as const) {
      const r = await assign(bookingId, roomType, roomNo);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.message).toContain(roomNo);
    }
    expect((await api.post(`/bookings/${bookingId}/room`, { roomType: 'office', roomNo: 'M01' }, staff.token)).status).toBe(400);
  });

  // R8 scope: staff of the booking's center only; the booking must still be live.
  it('refuses other centers, other roles, unknown and cancelled bookings', async () => {
    const { lawyer, bookingId } = await booked('2027-07-16.PM');
    const elsewhere = await assign(bookingId, 'meeting', 'M03', changningStaff.token);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('FORBIDDEN');
    expect((await assign(bookingId, 'meeting', 'M03', lawyer.token)).status).toBe(403);
    expect((await assign(bookingId, 'meeting', 'M03', investigator.token)).status).toBe(403);
    expect((await assign('bk.minhang.01UNKNOWN0000000000000000', 'meeting', 'M03')).status).toBe(404);
    expect((await assign('not-a-booking-id', 'meeting', 'M03')).status).toBe(404);

    expect((await api.call('POST', `/bookings/${bookingId}/cancel`, { token: lawyer.token, headers: { 'idempotency-key': randomUUID() } })).status).toBe(200);
    const cancelled = await assign(bookingId, 'meeting', 'M03');
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error.code).toBe('INVALID_STATE');
  });

  // R8 on the day: a checked-in lawyer can still be given a room.
  it('assigns a room after check-in', async () => {
    const { lawyer, bookingId } = await booked('2027-07-13.AM');
    await api.post('/_local/clock', { now: '2027-07-13T08:40:00+08:00' });
    expect((await api.post(`/bookings/${bookingId}/check-in`, {}, staff.token)).body).toEqual({ status: 'checked_in', late: false });
    expect((await assign(bookingId, 'meeting', 'M04')).status).toBe(200);
    expect((await api.get(`/bookings/${bookingId}`, lawyer.token)).body.room).toMatchObject({ roomType: 'meeting', roomNo: 'M04' });
  });
});
