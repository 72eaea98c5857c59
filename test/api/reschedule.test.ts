// POST /bookings/{id}/reschedule (issue 20 part 3), through the local gateway on DynamoDB Local: a
// move takes the new place and frees the old one in one transaction — counts, holds, queue numbers,
// slot guards, pairs and the day queue move together — or nothing changes: every refusal leaves both
// sessions, the booking and its guards exactly as they were. Idempotent replay, the late-cancel rule
// on the old session, the waitlist promotion into the freed place, co-counsel and interns told, and
// a real race of reschedules and new bookings onto the last places of a session.
// Sessions: 2029-05 (from Monday 2029-05-07), which no other test file books.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reserveLawyer, confirmAccount } from '../../shared/adapters/account-repository';
import { createBinding } from '../../shared/adapters/binding-repository';
import { getBooking, listDayQueue } from '../../shared/adapters/booking-repository';
import { createDetainee } from '../../shared/adapters/custody-repository';
import { planNewViolation } from '../../shared/adapters/discipline-repository';
import { bindingGuardKey, detaineeSlotKey, lawyerSlotKey, pairKey, roomKey } from '../../shared/adapters/district-keys';
import { ddb, districtTableName, platformTableName, queryAll } from '../../shared/adapters/dynamo';
import { profileKey } from '../../shared/adapters/platform-keys';
import { readSession } from '../../shared/adapters/session-ledger';
import { TransactionPlan } from '../../shared/adapters/transaction';
import { findCenter } from '../../shared/config';
import { addDays } from '../../shared/domain/calendar';
import { newId } from '../../shared/ids';
import { render } from '../../shared/notifications/templates';
import type { StoredNotification } from '../../shared/notifications/outbox';
import { shanghaiIso } from '../../shared/time';
import { workCalendar } from '../../shared/work-calendar';
import { Api, newLicense, newPhone, startApi } from './harness';

const CENTER = 'minhang-kss';
const CAPACITY = findCenter(CENTER)!.placesPerSession;
const TABLE = () => districtTableName('minhang');
const START = '2029-05-07T08:00:00+08:00'; // a Monday; 2029-05 is this file's alone

// Generous: a shared 2-CPU machine; the first test also warms the gateway up (no timing is asserted).
jest.setTimeout(120_000);

let api: Api;
let staffToken: string;
/** The workday after `day`. */
function dayAfter(day: string): string {
  let d = day;
  do d = addDays(d, 1);
  while (!workCalendar().isWorkday(d));
  return d;
}
/** A fresh workday per use, the clock set to 07:00 that day: every test starts from empty sessions inside the booking window. */
let cursor = START.slice(0, 10);
async function freshDay(): Promise<string> {
  cursor = dayAfter(cursor);
  await setClock(`${cursor}T07:00:00+08:00`);
  return cursor;
}

beforeAll(async () => {
  api = await startApi();
  await setClock(START);
  staffToken = (await api.account('staff', { centerIds: [CENTER] })).token;
}, 30_000);
afterAll(() => api.platform.close());

async function setClock(at: string): Promise<void> {
  const r = await api.post('/_local/clock', { now: at });
  expect(r.status).toBe(200);
}

/** A confirmed lawyer (or intern) made directly in the tables, bound to a fresh detainee or to `detaineeId` (setup speed only). */
async function person(options: { detaineeId?: string; role?: 'lawyer' | 'intern'; bind?: boolean; name?: string } = {}) {
  const { role = 'lawyer', bind = role === 'lawyer', name = role === 'lawyer' ? '改期律师' : '改期实习' } = options;
  const now = new Date(START);
  const userId = newId('lw');
  const licenseNo = newLicense();
  const username = `resched-${randomUUID()}`;
  const phone = `+86${newPhone()}`;
  await reserveLawyer({ userId, username, role, status: 'unconfirmed', createdAt: now.toISOString(), name, phone, licenseNo, lawFirm: '改期律师事务所' }, now);
  await confirmAccount({ userId, username, licenseNo });
  const detaineeId = options.detaineeId ?? newId('dt');
  if (!options.detaineeId) await createDetainee(TABLE(), { detaineeId, centerId: CENTER, name: '赵改期', sex: 'M', status: 'active', createdAt: now.toISOString() });
  if (bind) {
    await createBinding(TABLE(), { bindingId: newId('bd'), centerId: CENTER, detaineeId, licenseNo, verification: 'documents', status: 'active', createdAt: now.toISOString() });
  }
  const token = await api.platform.identity.issueToken({ username, groups: [role], attributes: { userId, licenseNo } });
  return { userId, token, detaineeId, licenseNo, phone };
}
type Person = Awaited<ReturnType<typeof person>>;

const key = () => ({ 'idempotency-key': randomUUID() });
const book = (l: Person, slotId: string, named: { co?: Person[]; interns?: Person[] } = {}) =>
  api.call('POST', '/bookings', {
    token: l.token,
    body: { centerId: CENTER, detaineeId: l.detaineeId, slotId, coCounselLawyerIds: named.co?.map((p) => p.userId), internLawyerIds: named.interns?.map((p) => p.userId) },
    headers: key(),
  });
async function booked(l: Person, slotId: string, named: { co?: Person[]; interns?: Person[] } = {}): Promise<string> {
  const r = await book(l, slotId, named);
  expect([r.status, r.body.error]).toEqual([201, undefined]);
  return r.body.bookingId as string;
}
const reschedule = (l: Person, bookingId: string, slotId: string, headers = key()) =>
  api.call('POST', `/bookings/${bookingId}/reschedule`, { token: l.token, body: { slotId }, headers });

/** Fills the session with `n` bookings of fresh lawyers. */
async function fill(slotId: string, n: number): Promise<{ lawyer: Person; bookingId: string }[]> {
  const made = [];
  for (let i = 0; i < n; i++) {
    const l = await person();
    made.push({ lawyer: l, bookingId: await booked(l, slotId) });
  }
  return made;
}

const get = async (k: Record<string, string>, table = TABLE()) => (await ddb.send(new GetCommand({ TableName: table, Key: k, ConsistentRead: true }))).Item;

/** Everything a move touches: both session records, the booking, its guards in both sessions, the pairs. */
async function snapshot(bookingId: string, slots: string[]) {
  const b = (await getBooking(TABLE(), bookingId))!;
  return {
    sessions: await Promise.all(slots.map((s) => readSession(TABLE(), CENTER, s))),
    booking: b,
    detaineeGuards: await Promise.all(slots.map((s) => get(detaineeSlotKey(b.detaineeId, s)))),
    lawyerGuards: await Promise.all(b.lawyerIds.flatMap((id) => slots.map((s) => get(lawyerSlotKey(id, CENTER, s))))),
    pairs: await Promise.all([b.leadLawyerId, ...b.coCounselLawyerIds].map((id) => get(pairKey(id, b.detaineeId)))),
  };
}

/** The session's admission is exact: admitted = booked = live bookings, no hold left, numbers 1..lastQueue handed out once. */
async function expectExact(slotId: string, live: number) {
  const session = await readSession(TABLE(), CENTER, slotId);
  const queue = (await listDayQueue(TABLE(), CENTER, slotId.slice(0, 10))).filter((b) => b.slotId === slotId);
  expect({ booked: session.booked, admitted: session.admitted, holds: session.holds }).toEqual({ booked: live, admitted: live, holds: {} });
  expect(queue.filter((b) => b.status === 'booked')).toHaveLength(live);
  // Numbers are unique in the session and never beyond the last one handed out (a move out leaves a gap, as a cancellation does).
  const numbers = queue.map((b) => b.queueNumber);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(Math.max(0, ...numbers)).toBeLessThanOrEqual(session.lastQueue);
  return { session, queue };
}

/** The notifications of a booking in the district outbox (pending: this file runs no notifier). */
async function notificationsOf(bookingId: string): Promise<StoredNotification[]> {
  const items = await queryAll<StoredNotification>({
    TableName: TABLE(),
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: 'bookingId = :b',
    ExpressionAttributeValues: { ':pk': 'NOTIFY#pending', ':b': bookingId },
  });
  return items;
}

describe('a move', () => {
  it('takes the new place and frees the old one together: counts, queue numbers, guards, pairs and the day queue move; co-counsel and intern move and are told', async () => {
    const from = `${await freshDay()}.AM`;
    const to = `${cursor}.PM`;
    await fill(to, 2);
    const lead = await person({ name: '钱律师' });
    const co = await person({ detaineeId: lead.detaineeId, name: '孙律师' });
    const intern = await person({ role: 'intern', name: '李实习' });
    const bookingId = await booked(lead, from, { co: [co], interns: [intern] });
    const before = await readSession(TABLE(), CENTER, from);

    const r = await reschedule(lead, bookingId, to);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      bookingId,
      status: 'booked',
      slotId: to,
      previousSlotId: from,
      queueNumber: 3,
      violation: false,
      promotedWaitlistId: null,
      centerName: '上海市闵行区看守所',
      detaineeName: '赵改期',
      lawyerIds: [lead.userId, co.userId, intern.userId],
    });
    expect(r.body.lawyers.map((l: { role: string }) => l.role)).toEqual(['lead', 'co-counsel', 'intern']);

    // The old session: one place fewer, no hold; the new one: one more, no hold, numbers 1..3.
    const old = await readSession(TABLE(), CENTER, from);
    expect({ booked: old.booked, admitted: old.admitted, holds: old.holds }).toEqual({ booked: before.booked - 1, admitted: before.admitted - 1, holds: {} });
    const { queue } = await expectExact(to, 3);
    expect(queue.map((b) => [b.bookingId === bookingId, b.queueNumber])).toContainEqual([true, 3]);
    expect((await listDayQueue(TABLE(), CENTER, from.slice(0, 10))).find((b) => b.bookingId === bookingId)?.slotId).toBe(to);

    // Guards: the detainee and all three people are free in the old session and held in the new one.
    const now = await snapshot(bookingId, [from, to]);
    expect(now.detaineeGuards.map((g) => g?.bookingId)).toEqual([undefined, bookingId]);
    expect(now.lawyerGuards.map((g) => g?.bookingId)).toEqual([undefined, bookingId, undefined, bookingId, undefined, bookingId]);
    for (const pair of now.pairs) expect(Object.keys(pair!.slots as object)).toEqual([to]);
    expect(now.booking).toMatchObject({
      slotId: to,
      queueNumber: 3,
      revision: 1,
      rescheduledBy: lead.userId,
      movedFrom: [expect.objectContaining({ slotId: from, queueNumber: 1 })],
    });

    // The freed place can be booked again, and the old people can book the old session again.
    const other = await person();
    expect((await book(other, from)).status).toBe(201);

    // GET /bookings/{id} shows the new session to every named person.
    const seen = await api.call('GET', `/bookings/${bookingId}`, { token: intern.token });
    expect([seen.status, seen.body.slotId, seen.body.queueNumber]).toEqual([200, to, 3]);

    // Everyone named is told, naming the client, the center and both sessions.
    const told = (await notificationsOf(bookingId)).filter((n) => n.kind === 'booking-rescheduled');
    expect(told.map((n) => n.recipientId).sort()).toEqual([lead.userId, co.userId, intern.userId].sort());
    const toCo = render(told.find((n) => n.recipientId === co.userId)!);
    expect(toCo.sms).toContain('钱律师律师已将您的委托人赵改期的律师会见由 上海市闵行区看守所');
    expect(toCo.sms).toMatch(/改期至 \d+月\d+日下午 13:30，新的排队号 3/);
    expect(toCo.sms).toContain('协办律师');
    expect(render(told.find((n) => n.recipientId === intern.userId)!).sms).toContain('实习律师');
    expect(render(told.find((n) => n.recipientId === lead.userId)!).sms).toMatch(/^【律师会见预约平台】您已将您的委托人赵改期/);
  });

  it('answers a replay with the first answer and moves nothing again; the key on another request is refused', async () => {
    const from = `${await freshDay()}.AM`;
    const to = `${cursor}.PM`;
    const lead = await person();
    const bookingId = await booked(lead, from);
    const headers = key();
    const first = await reschedule(lead, bookingId, to, headers);
    expect(first.status).toBe(200);
    const after = await snapshot(bookingId, [from, to]);

    const again = await reschedule(lead, bookingId, to, headers);
    expect([again.status, again.body]).toEqual([200, first.body]);
    expect(await snapshot(bookingId, [from, to])).toEqual(after);

    const reused = await reschedule(lead, bookingId, from, headers);
    expect([reused.status, reused.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await snapshot(bookingId, [from, to])).toEqual(after);

    // Concurrent twins with one key: one move, both get its answer.
    const back = key();
    const twins = await Promise.all([reschedule(lead, bookingId, from, back), reschedule(lead, bookingId, from, back)]);
    expect(twins.map((t) => t.status)).toEqual([200, 200]);
    expect(twins[0].body).toEqual(twins[1].body);
    await expectExact(from, 1);
    await expectExact(to, 0);
    expect((await getBooking(TABLE(), bookingId)) as unknown).toMatchObject({ slotId: from, revision: 2 });
  });

  it('past the free-cancellation cut-off is a late cancellation of the old session: a late_cancel violation on the mover', async () => {
    const day = await freshDay();
    {
      const lead = await person();
      const co = await person({ detaineeId: lead.detaineeId });
      const bookingId = await booked(lead, `${day}.AM`, { co: [co] });
      await setClock(`${day}T08:40:00+08:00`); // the morning session began at 08:30
      const r = await reschedule(co, bookingId, `${day}.PM`);
      expect([r.status, r.body.violation, r.body.slotId]).toEqual([200, true, `${day}.PM`]);
      const violations = await api.call('GET', '/me/violations', { token: co.token });
      expect(violations.body.violations).toEqual([expect.objectContaining({ bookingId, reason: 'late_cancel', status: 'counted' })]);
      expect((await api.call('GET', '/me/violations', { token: lead.token })).body.violations).toEqual([]);
      // The lead is told who moved it and that the late move was charged.
      const toLead = (await notificationsOf(bookingId)).find((n) => n.kind === 'booking-rescheduled' && n.recipientId === lead.userId)!;
      expect(render(toLead).sms).toContain('已记违约一次');
    }
  });

  it('gives the old session’s room back: the booking arrives in the new session without one', async () => {
    const from = `${await freshDay()}.AM`;
    const to = `${cursor}.PM`;
    const lead = await person();
    const bookingId = await booked(lead, from);
    const room = await api.post(`/bookings/${bookingId}/room`, { roomType: 'meeting', roomNo: 'M02' }, staffToken);
    expect(room.status).toBe(200);
    expect(await get(roomKey(CENTER, from, 'M02'))).toMatchObject({ holderId: bookingId });
    const r = await reschedule(lead, bookingId, to);
    expect(r.status).toBe(200);
    expect(await get(roomKey(CENTER, from, 'M02'))).toBeUndefined();
    const detail = await api.call('GET', `/bookings/${bookingId}`, { token: lead.token });
    expect([detail.body.slotId, detail.body.room]).toEqual([to, null]);
    // Another booking can be given that room in the old session now.
    const next = await person();
    const nextId = await booked(next, from);
    expect((await api.post(`/bookings/${nextId}/room`, { roomType: 'meeting', roomNo: 'M02' }, staffToken)).status).toBe(200);
  });

  it('gives the freed place to the first waiting lawyer, in the same transaction', async () => {
    const from = `${await freshDay()}.AM`;
    const to = `${cursor}.PM`;
    const [{ lawyer, bookingId }] = await fill(from, CAPACITY);
    const waiter = await person();
    const joined = await api.call('POST', '/waitlist', { token: waiter.token, body: { centerId: CENTER, detaineeId: waiter.detaineeId, slotId: from } });
    expect(joined.status).toBe(201);
    const r = await reschedule(lawyer, bookingId, to);
    expect([r.status, r.body.promotedWaitlistId]).toEqual([200, joined.body.waitlistId]);
    const { session, queue } = await expectExact(from, CAPACITY);
    expect(session.waiting).toBe(0);
    expect(queue.find((b) => b.leadLawyerId === waiter.userId)).toMatchObject({ status: 'booked', queueNumber: CAPACITY + 1 });
    await expectExact(to, 1);
  });
});

describe('every refusal leaves both sessions, the booking and its guards unchanged', () => {
  /** A booking of a lead with a co-counsel in a fresh morning session; the afternoon is the target. */
  async function setup() {
    const from = `${await freshDay()}.AM`;
    const to = `${cursor}.PM`;
    const lead = await person();
    const co = await person({ detaineeId: lead.detaineeId });
    const bookingId = await booked(lead, from, { co: [co] });
    return { from, to, lead, co, bookingId };
  }
  async function expectRefused(reply: Promise<Awaited<ReturnType<typeof reschedule>>>, bookingId: string, slots: string[], status: number, code: string) {
    const before = await snapshot(bookingId, slots);
    const r = await reply;
    expect([r.status, r.body.error?.code]).toEqual([status, code]);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot(bookingId, slots)).toEqual(before);
    return r;
  }
  // The reply is started only after the snapshot: a thunk.
  const later = (f: () => ReturnType<typeof reschedule>) =>
    ({ then: (resolve: (v: Awaited<ReturnType<typeof reschedule>>) => void, reject: (e: unknown) => void) => f().then(resolve, reject) }) as unknown as ReturnType<
      typeof reschedule
    >;

  it('a full target session (SLOT_FULL, no hold left behind)', async () => {
    const { from, to, lead, bookingId } = await setup();
    await fill(to, CAPACITY);
    await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      409,
      'SLOT_FULL',
    );
  });

  it('a co-counsel busy in the target session (LAWYER_BUSY)', async () => {
    const { from, to, lead, co, bookingId } = await setup();
    const elsewhere = await person({ detaineeId: undefined });
    await booked(elsewhere, to, { co: [await bindTo(co, elsewhere.detaineeId)] });
    const r = await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      409,
      'LAWYER_BUSY',
    );
    expect(r.body.error.message).toContain('列明的律师');
    await expectExact(to, 1);
  });

  it('the detainee busy in the target session (DETAINEE_BUSY)', async () => {
    const { from, to, lead, bookingId } = await setup();
    const third = await person({ detaineeId: lead.detaineeId });
    await booked(third, to);
    await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      409,
      'DETAINEE_BUSY',
    );
  });

  it('a practising lawyer no longer bound (NOT_BOUND)', async () => {
    const { from, to, lead, co, bookingId } = await setup();
    await ddb.send(new DeleteCommand({ TableName: TABLE(), Key: bindingGuardKey(co.detaineeId, co.licenseNo) }));
    await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      403,
      'NOT_BOUND',
    );
  });

  it('a named lawyer locked out, or suspended (LOCKED_OUT, LICENCE_SUSPENDED)', async () => {
    const { from, to, lead, co, bookingId } = await setup();
    await ddb.send(
      new UpdateCommand({
        TableName: platformTableName(),
        Key: profileKey(co.userId),
        UpdateExpression: 'SET lockedUntil = :u',
        ExpressionAttributeValues: { ':u': '2029-12-31T00:00:00.000+08:00' },
      }),
    );
    await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      403,
      'LOCKED_OUT',
    );
    await ddb.send(
      new UpdateCommand({
        TableName: platformTableName(),
        Key: profileKey(co.userId),
        UpdateExpression: 'REMOVE lockedUntil SET licenceSuspended = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      403,
      'LICENCE_SUSPENDED',
    );
  });

  it('the pair cap: a move out of a session already begun would add a future booking (BOOKING_LIMIT_REACHED)', async () => {
    const day = await freshDay();
    {
      const lead = await person();
      const bookingId = await booked(lead, `${day}.AM`);
      const next = dayAfter(day);
      await booked(lead, `${next}.AM`);
      await setClock(`${day}T08:40:00+08:00`); // the morning has begun: it no longer counts toward the cap
      await booked(lead, `${next}.PM`);
      await expectRefused(
        later(() => reschedule(lead, bookingId, `${day}.PM`)),
        bookingId,
        [`${day}.AM`, `${day}.PM`],
        409,
        'BOOKING_LIMIT_REACHED',
      );
    }
  });

  it('a target outside the booking window, unknown, the same session, closed, or the detainee unavailable then (SLOT_UNAVAILABLE, INVALID_STATE)', async () => {
    const { from, to, lead, bookingId } = await setup();
    await expectRefused(
      later(() => reschedule(lead, bookingId, '2029-06-29.AM')),
      bookingId,
      [from, to],
      422,
      'SLOT_UNAVAILABLE',
    );
    await expectRefused(
      later(() => reschedule(lead, bookingId, `${to.slice(0, 10)}.EVENING`)),
      bookingId,
      [from, to],
      422,
      'SLOT_UNAVAILABLE',
    );
    await expectRefused(
      later(() => reschedule(lead, bookingId, from)),
      bookingId,
      [from, to],
      409,
      'INVALID_STATE',
    );
    const bad = await reschedule(lead, bookingId, 'not a slot!');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);

    const unavailable = await api.post(
      `/centers/${CENTER}/detainees/${lead.detaineeId}/unavailability`,
      { from: `${to.slice(0, 10)}T13:00:00+08:00`, to: `${to.slice(0, 10)}T17:00:00+08:00`, reason: '外出就医' },
      staffToken,
    );
    expect(unavailable.status).toBe(201);
    await expectRefused(
      later(() => reschedule(lead, bookingId, to)),
      bookingId,
      [from, to],
      422,
      'SLOT_UNAVAILABLE',
    );

    const other = await setup();
    const closed = await api.post(`/centers/${CENTER}/closures`, { date: other.to.slice(0, 10), slotIds: [other.to], reason: '设备检修' }, staffToken);
    expect(closed.status).toBe(201);
    await expectRefused(
      later(() => reschedule(other.lead, other.bookingId, other.to)),
      other.bookingId,
      [other.from, other.to],
      422,
      'SLOT_UNAVAILABLE',
    );
  });

  it('a booking whose own session the center closed is the center’s to cancel; a cancelled one cannot move (INVALID_STATE)', async () => {
    const { from, to, lead, bookingId } = await setup();
    const target = `${dayAfter(from.slice(0, 10))}.AM`;
    const closed = await api.post(`/centers/${CENTER}/closures`, { date: from.slice(0, 10), slotIds: [from], reason: '设备检修' }, staffToken);
    expect([closed.status, closed.body.cancelledBookingIds]).toEqual([201, [bookingId]]);
    await expectRefused(
      later(() => reschedule(lead, bookingId, target)),
      bookingId,
      [from, to, target],
      409,
      'INVALID_STATE',
    );
  });

  it('an intern named on it (403), someone not on it (404)', async () => {
    const from = `${await freshDay()}.AM`;
    const to = `${cursor}.PM`;
    const lead = await person();
    const intern = await person({ role: 'intern' });
    const bookingId = await booked(lead, from, { interns: [intern] });
    await expectRefused(
      later(() => reschedule(intern, bookingId, to)),
      bookingId,
      [from, to],
      403,
      'FORBIDDEN',
    );
    await expectRefused(
      later(() => reschedule(lead, 'bk.minhang.01ZZZZZZZZZZZZZZZZZZZZZZZZ', to)),
      bookingId,
      [from, to],
      404,
      'NOT_FOUND',
    );
    await expectRefused(
      later(async () => reschedule(await person(), bookingId, to)),
      bookingId,
      [from, to],
      404,
      'NOT_FOUND',
    );
  });

  it('a late move whose violation would lock the mover out: refused, no violation recorded (LOCKED_OUT)', async () => {
    const day = await freshDay();
    {
      const lead = await person();
      const bookingId = await booked(lead, `${day}.AM`);
      // Two counted violations already: the third locks (platform violationThreshold 3).
      for (let i = 0; i < 2; i++) {
        const plan = new TransactionPlan();
        await planNewViolation(plan, { lawyerId: lead.userId, bookingId: `bk.minhang.old${i}`, centerId: CENTER, reason: 'no_show' }, new Date(`${day}T08:00:00+08:00`));
        expect(await plan.commit()).toBe('committed');
      }
      await setClock(`${day}T08:40:00+08:00`);
      const r = await expectRefused(
        later(() => reschedule(lead, bookingId, `${day}.PM`)),
        bookingId,
        [`${day}.AM`, `${day}.PM`],
        403,
        'LOCKED_OUT',
      );
      expect(r.body.error.message).toContain('改期未执行');
      expect((await api.call('GET', '/me/violations', { token: lead.token })).body.violations).toHaveLength(2);
    }
  });
});

/** The same lawyer, also bound to `detaineeId`. */
async function bindTo(p: Person, detaineeId: string): Promise<Person> {
  await createBinding(TABLE(), {
    bindingId: newId('bd'),
    centerId: CENTER,
    detaineeId,
    licenseNo: p.licenseNo,
    verification: 'documents',
    status: 'active',
    createdAt: shanghaiIso(new Date(START)),
  });
  return p;
}

describe('a race onto the last places', () => {
  it.each([1, 2])('%i place(s) left, 6 reschedules and 6 new bookings at once: exactly that many winners, counts and numbers consistent', async (left) => {
    const target = `${await freshDay()}.AM`;
    await fill(target, CAPACITY - left);
    // Each mover has their own booking in another session of that day or the next.
    const origin = `${cursor}.PM`;
    const movers = await fill(origin, 6);
    const bookers = await Promise.all(Array.from({ length: 6 }, () => person()));
    const replies = await Promise.all([
      ...movers.map((m) => reschedule(m.lawyer, m.bookingId, target).then((r) => ({ kind: 'move' as const, r, m }))),
      ...bookers.map((b) => book(b, target).then((r) => ({ kind: 'book' as const, r, m: undefined }))),
    ]);
    const statuses = replies.map(({ r }) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const winners = replies.filter(({ r }) => r.status === 200 || r.status === 201);
    expect(winners).toHaveLength(left);
    for (const { r } of replies.filter(({ r }) => r.status >= 400)) expect(r.body.error.code).toBe('SLOT_FULL');
    const { queue } = await expectExact(target, CAPACITY);
    expect(queue.map((b) => b.queueNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: CAPACITY }, (_, i) => i + 1));
    // The movers' old session lost exactly the movers who won, and the losers' bookings stayed put.
    const movedWinners = winners.filter((w) => w.kind === 'move').length;
    await expectExact(origin, 6 - movedWinners);
    for (const { r, m } of replies.filter((x) => x.kind === 'move')) {
      expect((await getBooking(TABLE(), m.bookingId))!.slotId).toBe(r.status === 200 ? target : origin);
    }
  });
});
