// The booking engine over HTTP (R2, R5, R6, R11, R12, R13, B3, B5): every error code of the
// booking routes, idempotency, cancellation with late-cancel violation, and waitlist promotion.
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb } from '../../shared/adapters/dynamo';
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
const NOW = '2026-12-01T08:00:00+08:00'; // a Tuesday
beforeAll(async () => {
  api = await startApi();
  staff = await api.account('staff', { centerIds: ['minhang-kss', 'jiading-kss2'] });
  await api.post('/_local/clock', { now: NOW });
});
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const key = () => randomUUID();
const book = (l: Lawyer, body: Record<string, unknown>, idem: string | null = key()) =>
  api.call('POST', '/bookings', { token: l.token, body, headers: idem ? { 'idempotency-key': idem } : {} });
const cancel = (l: Lawyer, bookingId: string, idem = key()) => api.call('POST', `/bookings/${bookingId}/cancel`, { token: l.token, headers: { 'idempotency-key': idem } });

async function boundLawyer(detaineeId: string, role: 'lawyer' | 'intern' = 'lawyer', centerId = 'minhang-kss'): Promise<Lawyer> {
  const l = await api.lawyer(role);
  const r = await api.post(`/centers/${centerId}/bindings`, { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);
  expect(r.status).toBe(201);
  return l;
}

let sessionCounter = 0;
/**
 * Bookable sessions in the window of NOW, handed out in turn. Tests that fill a session up use the
 * two reserved for them (FULL_*), so the others never run out of places.
 */
function freshSlot(): string {
  const slots = ['2026-12-01.AM', '2026-12-02.AM', '2026-12-02.PM', '2026-12-03.AM', '2026-12-03.PM', '2026-12-04.AM', '2026-12-04.PM', '2026-12-07.AM', '2026-12-07.PM'];
  return slots[sessionCounter++ % slots.length];
}
const FULL_A = '2026-12-08.AM';
const FULL_B = '2026-12-08.PM';

describe('booking', () => {
  it('books a slot with a queue number, the conduct rules and a replayable idempotency key', async () => {
    const detaineeId = await api.detainee(staff.token);
    const l = await boundLawyer(detaineeId);
    const slotId = freshSlot();
    const body = { centerId: 'minhang-kss', detaineeId, slotId };
    const idem = key();
    const r = await book(l, body, idem);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'booked', centerId: 'minhang-kss', detaineeId, slotId, queueNumber: 1, lawyerIds: [l.lawyerId] });
    expect(r.body.rules.join('')).toContain('手机');
    expect(r.body.rules.join('')).toContain('吸烟');

    const replay = await book(l, body, idem);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(r.body);
    const reused = await book(l, { ...body, slotId: freshSlot() }, idem);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const slots = await api.get(`/centers/minhang-kss/slots?from=${slotId.slice(0, 10)}&to=${slotId.slice(0, 10)}`, l.token);
    expect(slots.body.slots.find((s: { slotId: string }) => s.slotId === slotId)).toMatchObject({ capacity: 6, available: 5 });

    const mine = await api.get('/bookings', l.token);
    expect(mine.body.bookings.map((b: { bookingId: string }) => b.bookingId)).toEqual([r.body.bookingId]);
    const detail = await api.get(`/bookings/${r.body.bookingId}`, l.token);
    expect(detail.body).toMatchObject({ bookingId: r.body.bookingId, status: 'booked', queueNumber: 1 });
    const other = await api.lawyer();
    expect((await api.get(`/bookings/${r.body.bookingId}`, other.token)).status).toBe(404);
  });

  it('requires an Idempotency-Key', async () => {
    const l = await api.lawyer();
    const r = await book(l, { centerId: 'minhang-kss', detaineeId: 'dt_x', slotId: freshSlot() }, null);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['NOT_BOUND', 403],
    ['INTERN_MUST_BE_ACCOMPANIED', 403],
    ['CENTER_NOT_ONLINE', 422],
    ['SLOT_UNAVAILABLE (weekend)', 422],
    ['SLOT_UNAVAILABLE (holiday-free past)', 422],
    ['SLOT_UNAVAILABLE (outside window)', 422],
  ])('answers %s', async (label, status) => {
    const detaineeId = await api.detainee(staff.token);
    const l = await boundLawyer(detaineeId);
    let r;
    if (label === 'NOT_BOUND') r = await book(await api.lawyer(), { centerId: 'minhang-kss', detaineeId, slotId: freshSlot() });
    else if (label === 'INTERN_MUST_BE_ACCOMPANIED') r = await book(await boundLawyer(detaineeId, 'intern'), { centerId: 'minhang-kss', detaineeId, slotId: freshSlot() });
    else if (label === 'CENTER_NOT_ONLINE') r = await book(l, { centerId: 'jiading-kss2', detaineeId, slotId: freshSlot() });
    else if (label.includes('weekend')) r = await book(l, { centerId: 'minhang-kss', detaineeId, slotId: '2026-12-05.AM' });
    else if (label.includes('past')) r = await book(l, { centerId: 'minhang-kss', detaineeId, slotId: '2026-11-30.AM' });
    else r = await book(l, { centerId: 'minhang-kss', detaineeId, slotId: '2026-12-10.AM' });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(label.split(' ')[0]);
  });

  it('refuses a second appointment of the detainee and a second booking of the lawyer in one session', async () => {
    const detaineeId = await api.detainee(staff.token);
    const a = await boundLawyer(detaineeId);
    const b = await boundLawyer(detaineeId);
    const slotId = freshSlot();
    expect((await book(a, { centerId: 'minhang-kss', detaineeId, slotId })).status).toBe(201);
    const busy = await book(b, { centerId: 'minhang-kss', detaineeId, slotId });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('DETAINEE_BUSY');

    const other = await api.detainee(staff.token);
    await api.post('/centers/minhang-kss/bindings', { licenseNo: a.licenseNo, detaineeId: other, verification: 'documents' }, staff.token);
    const lawyerBusy = await book(a, { centerId: 'minhang-kss', detaineeId: other, slotId });
    expect(lawyerBusy.status).toBe(409);
    expect(lawyerBusy.body.error.code).toBe('LAWYER_BUSY');
  });

  it('caps future bookings per lawyer–detainee pair (B5)', async () => {
    const detaineeId = await api.detainee(staff.token);
    const l = await boundLawyer(detaineeId);
    expect((await book(l, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot() })).status).toBe(201);
    expect((await book(l, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot() })).status).toBe(201);
    const third = await book(l, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot() });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('BOOKING_LIMIT_REACHED');
  });

  it("names a bound co-counsel and interns of the lead's firm, who need no binding (R11, R11a, R12)", async () => {
    const detaineeId = await api.detainee(staff.token);
    const lead = await boundLawyer(detaineeId);
    const co = await boundLawyer(detaineeId);
    const intern = await api.lawyer('intern');
    const r = await book(lead, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot(), coCounselLawyerIds: [co.lawyerId], internLawyerIds: [intern.lawyerId] });
    expect([r.status, r.body.error]).toEqual([201, undefined]);
    expect(r.body.lawyerIds).toEqual([lead.lawyerId, co.lawyerId, intern.lawyerId]);
    expect((await api.get('/bookings', intern.token)).body.bookings).toHaveLength(1);

    const unboundCo = await api.lawyer();
    const refused = await book(lead, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot(), coCounselLawyerIds: [unboundCo.lawyerId] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_BOUND');
    const otherFirm = await api.lawyer('intern', undefined, '上海另一律师事务所');
    const wrongFirm = await book(lead, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot(), internLawyerIds: [otherFirm.lawyerId] });
    expect(wrongFirm.status).toBe(403);
    expect(wrongFirm.body.error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('上海另一律师事务所') });
    expect((await api.get('/bookings', otherFirm.token)).body.bookings).toEqual([]);
    const internAsCo = await book(lead, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot(), coCounselLawyerIds: [intern.lawyerId] });
    expect(internAsCo.status).toBe(400);
  });

  it('fills up: the seventh lawyer gets SLOT_FULL, then joins the waitlist and is promoted by a cancellation', async () => {
    const slotId = FULL_A;
    const bookings: { lawyer: Lawyer; bookingId: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const d = await api.detainee(staff.token);
      const l = await boundLawyer(d);
      const r = await book(l, { centerId: 'minhang-kss', detaineeId: d, slotId });
      expect(r.body.queueNumber).toBe(i + 1);
      bookings.push({ lawyer: l, bookingId: r.body.bookingId });
    }
    const d7 = await api.detainee(staff.token);
    const seventh = await boundLawyer(d7);
    const full = await book(seventh, { centerId: 'minhang-kss', detaineeId: d7, slotId });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');

    const wait = await api.post('/waitlist', { centerId: 'minhang-kss', detaineeId: d7, slotId }, seventh.token);
    expect(wait.status).toBe(201);
    expect(wait.body.position).toBe(1);
    const again = await api.post('/waitlist', { centerId: 'minhang-kss', detaineeId: d7, slotId }, seventh.token);
    expect(again.status).toBe(409);

    const c = await cancel(bookings[2].lawyer, bookings[2].bookingId);
    expect(c.status).toBe(200);
    expect(c.body).toEqual({ status: 'cancelled', violation: false });
    const promoted = (await api.get('/bookings', seventh.token)).body.bookings;
    expect(promoted).toHaveLength(1);
    expect(promoted[0]).toMatchObject({ slotId, status: 'booked', queueNumber: 7 });
    const slots = await api.get(`/centers/minhang-kss/slots?from=${slotId.slice(0, 10)}&to=${slotId.slice(0, 10)}`, seventh.token);
    expect(slots.body.slots.find((s: { slotId: string }) => s.slotId === slotId).available).toBe(0);

    const queue = await api.get(`/centers/minhang-kss/bookings?date=${slotId.slice(0, 10)}`, staff.token);
    const live = queue.body.bookings.filter((b: { slotId: string; status: string }) => b.slotId === slotId && b.status === 'booked');
    expect(live.map((b: { queueNumber: number }) => b.queueNumber)).toEqual([1, 2, 4, 5, 6, 7]);
  });

  it('records a late cancellation as a violation and refuses to cancel twice', async () => {
    const detaineeId = await api.detainee(staff.token);
    const l = await boundLawyer(detaineeId);
    const r = await book(l, { centerId: 'minhang-kss', detaineeId, slotId: '2026-12-01.PM' });
    expect(r.status).toBe(201);
    await api.post('/_local/clock', { now: '2026-12-01T13:45:00+08:00' });
    try {
      const idem = key();
      const c = await cancel(l, r.body.bookingId, idem);
      expect(c.body).toEqual({ status: 'cancelled', violation: true });
      expect((await cancel(l, r.body.bookingId, idem)).body).toEqual({ status: 'cancelled', violation: true });
      const twice = await cancel(l, r.body.bookingId);
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('INVALID_STATE');
      const violations = await ddb.send(
        new QueryCommand({
          TableName: process.env.PLATFORM_TABLE,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
          ExpressionAttributeValues: { ':pk': `USER#${l.lawyerId}`, ':v': 'VIOLATION#' },
        }),
      );
      expect(violations.Items).toEqual([expect.objectContaining({ reason: 'late_cancel', status: 'counted', bookingId: r.body.bookingId })]);
    } finally {
      await api.post('/_local/clock', { now: NOW });
    }
  });

  it('answers RATE_LIMITED past the per-lawyer attempt limit', async () => {
    const l = await api.lawyer();
    const replies = [];
    // 25 attempts: even split across two minute windows, one of them passes the limit of 10.
    for (let i = 0; i < 25; i++) replies.push(await book(l, { centerId: 'minhang-kss', detaineeId: 'dt_none', slotId: freshSlot() }));
    expect(replies.map((r) => r.status)).toContain(429);
    expect(replies.find((r) => r.status === 429)!.body.error.code).toBe('RATE_LIMITED');
  });

  it('refuses a locked-out lawyer with LOCKED_OUT and the lock end', async () => {
    const detaineeId = await api.detainee(staff.token);
    const l = await boundLawyer(detaineeId);
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await ddb.send(
      new UpdateCommand({
        TableName: process.env.PLATFORM_TABLE,
        Key: { PK: `USER#${l.lawyerId}`, SK: 'PROFILE' },
        UpdateExpression: 'SET lockedUntil = :until',
        ExpressionAttributeValues: { ':until': '2026-12-31T00:00:00.000+08:00' },
      }),
    );
    const r = await book(l, { centerId: 'minhang-kss', detaineeId, slotId: freshSlot() });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'LOCKED_OUT', lockedUntil: '2026-12-31T00:00:00.000+08:00' });
    const profile = await ddb.send(new GetCommand({ TableName: process.env.PLATFORM_TABLE, Key: { PK: `USER#${l.lawyerId}`, SK: 'PROFILE' } }));
    expect(profile.Item?.lockedUntil).toBeDefined();
  });

  it('leaves a waitlist, and only its owner can', async () => {
    const slotId = FULL_B;
    const detainees = [];
    for (let i = 0; i < 6; i++) {
      const d = await api.detainee(staff.token);
      detainees.push(d);
      expect((await book(await boundLawyer(d), { centerId: 'minhang-kss', detaineeId: d, slotId })).status).toBe(201);
    }
    const d = await api.detainee(staff.token);
    const l = await boundLawyer(d);
    const w = await api.post('/waitlist', { centerId: 'minhang-kss', detaineeId: d, slotId }, l.token);
    const stranger = await api.lawyer();
    expect((await api.call('DELETE', `/waitlist/${w.body.waitlistId}`, { token: stranger.token })).status).toBe(404);
    const del = await api.call('DELETE', `/waitlist/${w.body.waitlistId}`, { token: l.token });
    expect(del.status).toBe(200);
    expect((await api.call('DELETE', `/waitlist/${w.body.waitlistId}`, { token: l.token })).status).toBe(404);
  });
});
