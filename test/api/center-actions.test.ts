// The center's own cancellations over HTTP (R4, B4, B6): a detainee marked unavailable, sessions
// closed for an emergency, a detainee released — every affected booking becomes
// `cancelled_by_center` without a violation, its lawyers are told at once, places go to the
// waitlist (not for a closed session), and nothing new can be booked into what was blocked.
// Dates: only the week 2027-10-18 … 2027-10-22 (API test files share tables).
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, districtTableName } from '../../shared/adapters/dynamo';
import { Api, startApi } from './harness';

jest.setTimeout(60_000);

let api: Api;
let staff: { token: string };
let otherStaff: { token: string };
beforeAll(async () => {
  api = await startApi({ notifier: true });
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  otherStaff = await api.account('staff', { centerIds: ['changning-kss'] });
  await api.post('/_local/clock', { now: '2027-10-18T08:00:00+08:00' });
});
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const book = (l: Lawyer, detaineeId: string, slotId: string) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: 'minhang-kss', detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });

async function bind(l: Lawyer, detaineeId: string): Promise<void> {
  const r = await api.post('/centers/minhang-kss/bindings', { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);
  expect(r.status).toBe(201);
}

async function boundDetainee(...lawyers: Lawyer[]): Promise<string> {
  const detaineeId = await api.detainee(staff.token);
  for (const l of lawyers) await bind(l, detaineeId);
  return detaineeId;
}

async function booked(l: Lawyer, detaineeId: string, slotId: string): Promise<string> {
  const r = await book(l, detaineeId, slotId);
  expect(r.status).toBe(201);
  return r.body.bookingId;
}

const statusOf = async (l: Lawyer, bookingId: string) => (await api.get(`/bookings/${bookingId}`, l.token)).body.status;

const messages = (phone: string, kind: string, count: number) => api.messages(phone, kind, count);

describe('R4: a detainee who cannot meet', () => {
  it('cancels the bookings in the period without violation, tells the lawyers why, promotes the waitlist and blocks new bookings', async () => {
    const [a, a2, waiter] = [await api.lawyer(), await api.lawyer(), await api.lawyer()];
    const d = await boundDetainee(a, a2);
    const inPeriodAm = await booked(a, d, '2027-10-19.AM');
    const outside = await booked(a, d, '2027-10-21.AM');
    // 2027-10-19 PM is full: a2's booking of d plus five others; a lawyer waits for a place.
    const inPeriodPm = await booked(a2, d, '2027-10-19.PM');
    for (let i = 0; i < 5; i++) {
      const l = await api.lawyer();
      await booked(l, await boundDetainee(l), '2027-10-19.PM');
    }
    const waitersDetainee = await boundDetainee(waiter);
    expect((await book(waiter, waitersDetainee, '2027-10-19.PM')).body.error.code).toBe('SLOT_FULL');
    const waiting = await api.post('/waitlist', { centerId: 'minhang-kss', detaineeId: waitersDetainee, slotId: '2027-10-19.PM' }, waiter.token);
    expect(waiting.status).toBe(201);

    const r = await api.post(`/centers/minhang-kss/detainees/${d}/unavailability`, { from: '2027-10-19', to: '2027-10-19', reason: '开庭' }, staff.token);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ detaineeId: d, reason: '开庭', from: '2027-10-19T00:00:00.000+08:00', to: '2027-10-19T23:59:59.999+08:00' });
    expect(r.body.unavailabilityId).toEqual(expect.any(String));
    expect([...r.body.cancelledBookingIds].sort()).toEqual([inPeriodAm, inPeriodPm].sort());

    expect(await statusOf(a, inPeriodAm)).toBe('cancelled_by_center');
    expect(await statusOf(a2, inPeriodPm)).toBe('cancelled_by_center');
    expect(await statusOf(a, outside)).toBe('booked');
    // No violation for anyone (R4).
    expect((await api.get('/me/violations', a.token)).body.violations).toEqual([]);
    expect((await api.get('/me', a2.token)).body.violationCount).toBe(0);
    // Told at once, with the reason.
    expect((await messages(a.phone, 'booking-cancelled-by-center', 1))[0].body).toContain('开庭');
    await messages(a2.phone, 'booking-cancelled-by-center', 1);
    // The freed PM place went to the first waiting lawyer (B3).
    const waiterBookings = (await api.get('/bookings', waiter.token)).body.bookings;
    expect(waiterBookings).toEqual([expect.objectContaining({ slotId: '2027-10-19.PM', status: 'booked', detaineeId: waitersDetainee })]);
    await messages(waiter.phone, 'waitlist-promoted', 1);

    // The period stays blocked for new bookings; outside it the detainee can be booked.
    const again = await book(a2, d, '2027-10-19.AM');
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('SLOT_UNAVAILABLE');
    expect((await book(a2, d, '2027-10-20.AM')).status).toBe(201);
  });

  it('a period given as instants blocks only the sessions it overlaps', async () => {
    const l = await api.lawyer();
    const d = await boundDetainee(l);
    const am = await booked(l, d, '2027-10-20.AM');
    const pm = await booked(l, d, '2027-10-20.PM');
    const r = await api.post(
      `/centers/minhang-kss/detainees/${d}/unavailability`,
      { from: '2027-10-20T12:00:00+08:00', to: '2027-10-20T18:00:00+08:00', reason: '外出就医' },
      staff.token,
    );
    expect(r.status).toBe(201);
    expect(r.body.cancelledBookingIds).toEqual([pm]);
    expect(await statusOf(l, am)).toBe('booked');
    // Nothing was booked in it: marking another period cancels nothing and still answers 201.
    const none = await api.post(`/centers/minhang-kss/detainees/${d}/unavailability`, { from: '2027-10-22', to: '2027-10-22', reason: '提审' }, staff.token);
    expect(none.status).toBe(201);
    expect(none.body.cancelledBookingIds).toEqual([]);
  });

  it('refuses bad periods, unknown detainees and other centers, and writes nothing', async () => {
    const l = await api.lawyer();
    const d = await boundDetainee(l);
    const b = await booked(l, d, '2027-10-18.PM');
    const post = (body: unknown, token = staff.token, detaineeId = d, center = 'minhang-kss') => api.post(`/centers/${center}/detainees/${detaineeId}/unavailability`, body, token);
    for (const body of [
      { from: '2027-10-21', to: '2027-10-20', reason: '开庭' },
      { from: '2027-10-21', to: '2027-10-21' },
      { from: '2027-10-21', to: '2027-10-21', reason: '开庭', extra: 1 },
      { from: 'tomorrow', to: '2027-10-21', reason: '开庭' },
      { from: '2027-10-01', to: '2027-10-02', reason: '已经过去' },
    ]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await post({ from: '2027-10-21', to: '2027-10-21', reason: '开庭' }, staff.token, 'dt_unknown')).status).toBe(404);
    expect((await post({ from: '2027-10-21', to: '2027-10-21', reason: '开庭' }, otherStaff.token)).status).toBe(403);
    expect((await post({ from: '2027-10-21', to: '2027-10-21', reason: '开庭' }, l.token)).status).toBe(403);
    expect(await statusOf(l, b)).toBe('booked');
  });
});

describe('B6: closures', () => {
  it('closes a session: its bookings are cancelled by the center, no place is offered and nothing can be booked', async () => {
    const [l1, l2, waiter] = [await api.lawyer(), await api.lawyer(), await api.lawyer()];
    const b1 = await booked(l1, await boundDetainee(l1), '2027-10-22.AM');
    const b2 = await booked(l2, await boundDetainee(l2), '2027-10-22.AM');
    const pm = await booked(l1, await boundDetainee(l1), '2027-10-22.PM');

    const r = await api.post('/centers/minhang-kss/closures', { date: '2027-10-22', slotIds: ['2027-10-22.AM'], reason: '疫情防控临时停止会见' }, staff.token);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ date: '2027-10-22', slotIds: ['2027-10-22.AM'], reason: '疫情防控临时停止会见' });
    expect([...r.body.cancelledBookingIds].sort()).toEqual([b1, b2].sort());
    expect(await statusOf(l1, b1)).toBe('cancelled_by_center');
    expect(await statusOf(l2, b2)).toBe('cancelled_by_center');
    expect(await statusOf(l1, pm)).toBe('booked');
    expect((await api.get('/me/violations', l1.token)).body.violations).toEqual([]);
    expect((await messages(l2.phone, 'booking-cancelled-by-center', 1))[0].body).toContain('疫情防控');

    const slots = (await api.get('/centers/minhang-kss/slots?from=2027-10-22&to=2027-10-22', waiter.token)).body.slots;
    expect(slots.find((s: { slotId: string }) => s.slotId === '2027-10-22.AM').available).toBe(0);
    const d = await boundDetainee(waiter);
    const refused = await book(waiter, d, '2027-10-22.AM');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('SLOT_UNAVAILABLE');
    expect((await book(waiter, d, '2027-10-22.PM')).status).toBe(201);

    const twice = await api.post('/centers/minhang-kss/closures', { date: '2027-10-22', slotIds: ['2027-10-22.AM'], reason: '再次关闭' }, staff.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATE');
  });

  it('refuses past dates, non-workdays, foreign slot ids and other centers', async () => {
    const post = (body: unknown, token = staff.token) => api.post('/centers/minhang-kss/closures', body, token);
    expect((await post({ date: '2027-10-15', reason: '过去' })).body.error.code).toBe('SLOT_UNAVAILABLE');
    expect((await post({ date: '2027-10-23', reason: '周六' })).body.error.code).toBe('SLOT_UNAVAILABLE');
    const foreign = await post({ date: '2027-10-21', slotIds: ['2027-10-20.AM'], reason: '错误' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('VALIDATION_FAILED');
    expect((await post({ date: '2027-10-21', reason: '无权' }, otherStaff.token)).status).toBe(403);
    // Nothing of the refused requests closed 2027-10-21.
    const slots = (await api.get('/centers/minhang-kss/slots?from=2027-10-21&to=2027-10-21', staff.token)).body.slots;
    expect(slots.every((s: { available: number }) => s.available > 0)).toBe(true);
  });

  it('a closure racing bookings leaves no live booking in the closed session', async () => {
    const lawyers: Lawyer[] = [];
    const detainees: string[] = [];
    for (let i = 0; i < 8; i++) {
      const l = await api.lawyer();
      lawyers.push(l);
      detainees.push(await boundDetainee(l));
    }
    const [closure, ...attempts] = await Promise.all([
      api.post('/centers/minhang-kss/closures', { date: '2027-10-21', slotIds: ['2027-10-21.PM'], reason: '停电' }, staff.token),
      ...lawyers.map((l, i) => book(l, detainees[i], '2027-10-21.PM')),
    ]);
    expect(closure.status).toBe(201);
    const won = attempts.filter((a) => a.status === 201).map((a) => a.body.bookingId as string);
    // Every booking that got in before the closure was cancelled by it; every later one was refused.
    expect([...closure.body.cancelledBookingIds].sort()).toEqual([...won].sort());
    for (const a of attempts.filter((x) => x.status !== 201)) expect(['SLOT_UNAVAILABLE', 'SLOT_FULL']).toContain(a.body.error.code);
    const day = (await api.get('/centers/minhang-kss/bookings?date=2027-10-21', staff.token)).body.bookings;
    expect(day.filter((b: { slotId: string; status: string }) => b.slotId === '2027-10-21.PM' && b.status === 'booked')).toEqual([]);
  });
});

describe('B4: release or transfer', () => {
  it('ends the bindings and cancels every future booking of the detainee', async () => {
    const [l1, l2] = [await api.lawyer(), await api.lawyer()];
    const d = await boundDetainee(l1, l2);
    const b1 = await booked(l1, d, '2027-10-20.AM');
    const b2 = await booked(l2, d, '2027-10-21.AM');
    const r = await api.post(`/centers/minhang-kss/detainees/${d}/release`, { reason: 'transferred' }, staff.token);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('transferred');
    expect(r.body.endedBindingIds).toHaveLength(2);
    expect([...r.body.cancelledBookingIds].sort()).toEqual([b1, b2].sort());
    expect(await statusOf(l1, b1)).toBe('cancelled_by_center');
    expect(await statusOf(l2, b2)).toBe('cancelled_by_center');
    expect((await messages(l1.phone, 'booking-cancelled-by-center', 1))[0].body).toContain('移送');
    expect((await api.get('/me/bindings', l1.token)).body.bindings).toEqual([expect.objectContaining({ detaineeId: d, status: 'ended' })]);
    expect((await book(l1, d, '2027-10-22.PM')).status).toBe(403);
    expect((await api.get('/me/violations', l2.token)).body.violations).toEqual([]);
  });
});

describe('R8: a cancelled booking gives its room back', () => {
  it('the room of a cancelled booking can be assigned to another booking of the session', async () => {
    const [l1, l2] = [await api.lawyer(), await api.lawyer()];
    const first = await booked(l1, await boundDetainee(l1), '2027-10-21.AM');
    expect((await api.post(`/bookings/${first}/room`, { roomType: 'meeting', roomNo: 'M05' }, staff.token)).status).toBe(200);
    const second = await booked(l2, await boundDetainee(l2), '2027-10-21.AM');
    const taken = await api.post(`/bookings/${second}/room`, { roomType: 'meeting', roomNo: 'M05' }, staff.token);
    expect(taken.status).toBe(409);
    const cancel = await api.call('POST', `/bookings/${first}/cancel`, { token: l1.token, headers: { 'idempotency-key': randomUUID() } });
    expect(cancel.status).toBe(200);
    expect((await api.post(`/bookings/${second}/room`, { roomType: 'meeting', roomNo: 'M05' }, staff.token)).status).toBe(200);
  });
});

describe('R4: a center cancellation a crash interrupted', () => {
  it('is finished by the sweeper before it looks for no-shows', async () => {
    const l = await api.lawyer();
    const d = await boundDetainee(l);
    const b = await booked(l, d, '2027-10-22.PM');
    // What step 1 of an unavailability leaves behind when the process dies before cancelling anything.
    const actionId = 'ua.minhang.CRASHED01';
    const createdAt = '2027-10-18T07:50:00.000+08:00'; // older than the sweeper's 2-minute grace
    await ddb.send(
      new PutCommand({
        TableName: districtTableName('minhang'),
        Item: {
          PK: `ACTION#${actionId}`,
          SK: 'ACTION',
          actionId,
          kind: 'unavailability',
          centerId: 'minhang-kss',
          detaineeId: d,
          slotIds: ['2027-10-22.PM'],
          reason: '外出就医',
          createdBy: 'us_staff',
          createdAt,
          status: 'pending',
          GSI2PK: 'PENDINGACTION#minhang-kss',
          GSI2SK: `${createdAt}#${actionId}`,
        },
      }),
    );
    const report = (await api.post('/_local/sweep')).body;
    expect(report.finishedActions).toContain(actionId);
    expect(await statusOf(l, b)).toBe('cancelled_by_center');
    expect((await messages(l.phone, 'booking-cancelled-by-center', 1))[0].body).toContain('外出就医');
    expect((await api.post('/_local/sweep')).body.finishedActions).not.toContain(actionId);
  });
});

describe('B4: a binding withdrawn by staff', () => {
  it('cancels that lawyer’s future bookings of the detainee, and only theirs', async () => {
    const [l1, l2] = [await api.lawyer(), await api.lawyer()];
    const d = await api.detainee(staff.token);
    const b1 = await api.post('/centers/minhang-kss/bindings', { licenseNo: l1.licenseNo, detaineeId: d, verification: 'documents' }, staff.token);
    await bind(l2, d);
    const mine = await booked(l1, d, '2027-10-19.AM');
    const theirs = await booked(l2, d, '2027-10-20.PM');
    const r = await api.post(`/centers/minhang-kss/bindings/${b1.body.bindingId}/revoke`, undefined, staff.token);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ bindingId: b1.body.bindingId, status: 'revoked', cancelledBookingIds: [mine] });
    expect(await statusOf(l1, mine)).toBe('cancelled_by_center');
    expect(await statusOf(l2, theirs)).toBe('booked');
    expect((await api.get('/me/violations', l1.token)).body.violations).toEqual([]);
    expect((await book(l1, d, '2027-10-21.AM')).body.error.code).toBe('NOT_BOUND');
  });
});

describe('R4, R7, B6: interrogations are cancelled with the sessions and periods they fall in', () => {
  it('a closure and an unavailability cancel interrogations too, freeing the detainee and the room', async () => {
    const investigator = await api.account('investigator', { centerIds: ['minhang-kss'] });
    const d1 = await api.detainee(staff.token);
    const d2 = await api.detainee(staff.token);
    const interrogate = (detaineeId: string, slotId: string) => api.post('/centers/minhang-kss/interrogations', { detaineeId, slotId }, investigator.token);
    expect((await interrogate(d1, '2027-10-20.AM')).status).toBe(201);
    expect((await interrogate(d2, '2027-10-19.PM')).status).toBe(201);
    const schedule = async (d: string) => (await api.get(`/centers/minhang-kss/detainees/${d}/schedule?from=2027-10-18&to=2027-10-22`, investigator.token)).body.appointments;
    expect(await schedule(d1)).toHaveLength(1);

    expect((await api.post(`/centers/minhang-kss/detainees/${d1}/unavailability`, { from: '2027-10-20', to: '2027-10-20', reason: '开庭' }, staff.token)).status).toBe(201);
    expect(await schedule(d1)).toEqual([]);
    // The closure of 2027-10-19 PM ends d2's interrogation there.
    expect((await api.post('/centers/minhang-kss/closures', { date: '2027-10-19', slotIds: ['2027-10-19.PM'], reason: '停水' }, staff.token)).status).toBe(201);
    expect(await schedule(d2)).toEqual([]);
    // Both rooms of 2027-10-20 AM are free again for another detainee's interrogation.
    expect((await interrogate(d2, '2027-10-20.AM')).body.roomNo).toBe('T01');
  });
});

describe('B2 with R4 and R8: urgent placements', () => {
  it('a placement the center cancels reopens the urgent request; an interrogation room waits for the consent at check-in', async () => {
    const l = await api.lawyer();
    const d = await boundDetainee(l);
    const filed = await api.post('/urgent-requests', { centerId: 'minhang-kss', detaineeId: d }, l.token);
    expect(filed.status).toBe(201);
    const id = filed.body.requestId;
    const placed = await api.post(`/urgent-requests/${id}/place`, { slotId: '2027-10-19.AM', roomType: 'meeting', roomNo: 'M06' }, staff.token);
    expect(placed.status).toBe(200);
    const unavailable = await api.post(`/centers/minhang-kss/detainees/${d}/unavailability`, { from: '2027-10-19', to: '2027-10-19', reason: '外出就医' }, staff.token);
    expect(unavailable.body.cancelledBookingIds).toEqual([placed.body.bookingId]);
    const open = (await api.get('/centers/minhang-kss/urgent-requests', staff.token)).body.requests.find((r: { requestId: string }) => r.requestId === id);
    expect(open).toMatchObject({ status: 'open', bookingId: null, placedOnTime: null });

    // Placed again, today, in an interrogation room: no check-in before the lawyer signed (R8).
    const again = await api.post(`/urgent-requests/${id}/place`, { slotId: '2027-10-18.PM', roomType: 'interrogation', roomNo: 'T02' }, staff.token);
    expect(again.status).toBe(200);
    expect(again.body.consentRequired).toBe(true);
    const refused = await api.post(`/bookings/${again.body.bookingId}/check-in`, {}, staff.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
    expect((await api.post(`/bookings/${again.body.bookingId}/consents`, { kind: 'interrogation-room' }, l.token)).status).toBe(201);
    const checkIn = await api.post(`/bookings/${again.body.bookingId}/check-in`, {}, staff.token);
    expect(checkIn.status).toBe(200);
  });
});

describe('B6 with B3: nobody is left waiting for a closed session', () => {
  it('takes every waiting lawyer off the list of a closed session and tells them', async () => {
    const slotId = '2027-10-21.AM';
    for (let i = 0; i < 6; i++) {
      const l = await api.lawyer();
      const r = await book(l, await boundDetainee(l), slotId);
      if (r.status !== 201) {
        expect(r.body.error.code).toBe('SLOT_FULL');
        break;
      }
    }
    const waiter = await api.lawyer();
    const w = await api.post('/waitlist', { centerId: 'minhang-kss', detaineeId: await boundDetainee(waiter), slotId }, waiter.token);
    expect(w.status).toBe(201);
    expect((await api.post('/centers/minhang-kss/closures', { date: '2027-10-21', slotIds: [slotId], reason: '消防演练' }, staff.token)).status).toBe(201);
    expect((await messages(waiter.phone, 'waitlist-cancelled', 1))[0].body).toContain('消防演练');
    expect((await api.call('DELETE', `/waitlist/${w.body.waitlistId}`, { token: waiter.token })).status).toBe(404);
    expect((await api.get('/bookings', waiter.token)).body.bookings).toEqual([]);
  });
});
