// Admission by a hold on a place (issue 19), through the local gateway on DynamoDB Local: a booking
// that dies between its hold and its transaction (the store's test-only fault hook) leaves its place
// held for 30 s at most — then the next request that finds the session full, or the sweep, takes it
// back — with queue numbers still 1..n; a holder refused for its own reasons gives its place back in
// the same request; a cancellation and a waitlist promotion racing a crowd of bookings keep the
// session's admission count exact (admitted = booked, no hold left, never more than capacity).
import { randomUUID } from 'node:crypto';
import { reserveLawyer, confirmAccount } from '../../shared/adapters/account-repository';
import { createBinding } from '../../shared/adapters/binding-repository';
import { bookingStoreFaults } from '../../shared/adapters/booking-store';
import { createDetainee } from '../../shared/adapters/custody-repository';
import { districtTableName } from '../../shared/adapters/dynamo';
import { listDayQueue } from '../../shared/adapters/booking-repository';
import { readSession } from '../../shared/adapters/session-ledger';
import { findCenter } from '../../shared/config';
import { addDays } from '../../shared/domain/calendar';
import { HOLD_MS } from '../../shared/domain/sessions';
import { newId } from '../../shared/ids';
import { shanghaiIso } from '../../shared/time';
import { workCalendar } from '../../shared/work-calendar';
import { Api, newLicense, newPhone, startApi } from './harness';

const CENTER = 'minhang-kss';
const CAPACITY = findCenter(CENTER)!.placesPerSession;
const TABLE = () => districtTableName('minhang');
const START = '2028-03-06T08:00:00+08:00'; // a Monday, years away from the other files' sessions

let api: Api;
/** Workdays after the clock's day, one per test, so every test starts from empty sessions. */
let cursor = START.slice(0, 10);
function nextSlot(session: 'AM' | 'PM' = 'AM'): string {
  do cursor = addDays(cursor, 1);
  while (!workCalendar().isWorkday(cursor));
  return `${cursor}.${session}`;
}

beforeAll(async () => {
  api = await startApi();
  await setClock(new Date(START));
});
afterAll(() => api.platform.close());
afterEach(() => {
  delete bookingStoreFaults.crashBeforeCommit;
});

async function setClock(at: Date): Promise<void> {
  const r = await api.post('/_local/clock', { now: shanghaiIso(at) });
  expect(r.status).toBe(200);
}
const clockNow = async (): Promise<Date> => new Date((await api.get('/_local/clock')).body.now as string);

/** A confirmed lawyer bound to a fresh detainee (or to `detaineeId`), made directly in the tables (setup speed only). */
async function lawyer(detaineeId?: string) {
  const now = new Date(START);
  const userId = newId('lw');
  const licenseNo = newLicense();
  const username = `hold-${randomUUID()}`;
  await reserveLawyer(
    { userId, username, role: 'lawyer', status: 'unconfirmed', createdAt: now.toISOString(), name: '占位律师', phone: `+86${newPhone()}`, licenseNo, lawFirm: '所' },
    now,
  );
  await confirmAccount({ userId, username, licenseNo });
  const detainee = detaineeId ?? newId('dt');
  if (!detaineeId) await createDetainee(TABLE(), { detaineeId: detainee, centerId: CENTER, name: '某', sex: 'M', status: 'active', createdAt: now.toISOString() });
  await createBinding(TABLE(), {
    bindingId: newId('bd'),
    centerId: CENTER,
    detaineeId: detainee,
    licenseNo,
    verification: 'documents',
    status: 'active',
    createdAt: now.toISOString(),
  });
  const token = await api.platform.identity.issueToken({ username, groups: ['lawyer'], attributes: { userId, licenseNo } });
  return { userId, token, detaineeId: detainee };
}
type Lawyer = Awaited<ReturnType<typeof lawyer>>;
const lawyers = (n: number) => Promise.all(Array.from({ length: n }, () => lawyer()));

const book = (l: Lawyer, slotId: string) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: CENTER, detaineeId: l.detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });
const cancel = (l: Lawyer, bookingId: string) => api.call('POST', `/bookings/${bookingId}/cancel`, { token: l.token, headers: { 'idempotency-key': randomUUID() } });

/** The session's admission is exact: admitted = booked = live bookings, no hold left, numbers 1..lastQueue. */
async function expectExact(slotId: string, live: number) {
  const session = await readSession(TABLE(), CENTER, slotId);
  const queue = (await listDayQueue(TABLE(), CENTER, slotId.slice(0, 10))).filter((b) => b.slotId === slotId);
  expect({ booked: session.booked, admitted: session.admitted, holds: session.holds }).toEqual({ booked: live, admitted: live, holds: {} });
  expect(queue.filter((b) => b.status === 'booked')).toHaveLength(live);
  expect(queue.map((b) => b.queueNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: session.lastQueue }, (_, i) => i + 1));
  return { session, queue };
}

async function fill(slotId: string, n: number): Promise<{ lawyer: Lawyer; bookingId: string }[]> {
  const made = [];
  for (const l of await lawyers(n)) {
    const r = await book(l, slotId);
    expect(r.status).toBe(201);
    made.push({ lawyer: l, bookingId: r.body.bookingId as string });
  }
  return made;
}

/** The next booking of `victim` dies between its hold and its transaction; the request answers 500. */
async function crashedBooking(victim: Lawyer, slotId: string) {
  bookingStoreFaults.crashBeforeCommit = (a) => a.booking.leadLawyerId === victim.userId;
  const r = await book(victim, slotId);
  delete bookingStoreFaults.crashBeforeCommit;
  expect(r.status).toBe(500);
  const session = await readSession(TABLE(), CENTER, slotId);
  expect(Object.keys(session.holds)).toHaveLength(1);
  return session;
}

it('a booking killed between its hold and its transaction: the place is booked by someone else once the hold expires, queue numbers 1..n', async () => {
  await setClock(new Date(START));
  const slotId = nextSlot();
  await fill(slotId, CAPACITY - 1);
  const [victim, early, late] = await lawyers(3);
  const held = await crashedBooking(victim, slotId);
  expect({ admitted: held.admitted, booked: held.booked }).toEqual({ admitted: CAPACITY, booked: CAPACITY - 1 });

  // Within the hold's 30 s the place is taken: the next request is refused with no transaction.
  const refused = await book(early, slotId);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('SLOT_FULL');

  // Past it, the next request that finds the session full takes the dead hold's place over.
  await setClock(new Date((await clockNow()).getTime() + HOLD_MS + 1000));
  const taken = await book(late, slotId);
  expect(taken.status).toBe(201);
  expect(taken.body.queueNumber).toBe(CAPACITY);
  await expectExact(slotId, CAPACITY);
});

it('the sweep gives a dead hold its place back, and the session books again up to capacity', async () => {
  await setClock(new Date(START));
  const slotId = nextSlot('PM');
  await fill(slotId, CAPACITY - 1);
  const [victim, next] = await lawyers(2);
  await crashedBooking(victim, slotId);

  await setClock(new Date((await clockNow()).getTime() + HOLD_MS + 1000));
  const report = await api.post('/_local/sweep');
  expect(report.status).toBe(200);
  // (The local sweeper's own timer may have been first: either way the hold is gone and the place back.)
  await expectExact(slotId, CAPACITY - 1);
  expect((await book(next, slotId)).status).toBe(201);
  await expectExact(slotId, CAPACITY);
});

it('a holder refused for its own reasons (the detainee is busy in the slot) gives its place back in the same request', async () => {
  await setClock(new Date(START));
  const slotId = nextSlot();
  const [first] = await fill(slotId, 1);
  // A second lawyer bound to the same detainee: admitted by the hold, refused by the transaction.
  const second = await lawyer(first.lawyer.detaineeId);
  const r = await book(second, slotId);
  expect(r.status).toBe(409);
  expect(r.body.error.code).toBe('DETAINEE_BUSY');
  await expectExact(slotId, 1);
  // The place given back is bookable: the session still fills to capacity exactly.
  await fill(slotId, CAPACITY - 1);
  await expectExact(slotId, CAPACITY);
});

it('a cancellation during a race: the freed place is admitted at most once, the count stays exact', async () => {
  await setClock(new Date(START));
  const slotId = nextSlot('PM');
  const made = await fill(slotId, CAPACITY);
  const crowd = await lawyers(30);
  const [cancelled, ...replies] = await Promise.all([cancel(made[0].lawyer, made[0].bookingId), ...crowd.map((l) => book(l, slotId))]);
  expect(cancelled.status).toBe(200);
  const won = replies.filter((r) => r.status === 201);
  expect(won.length).toBeLessThanOrEqual(1);
  expect(replies.filter((r) => r.status === 409 && r.body.error.code === 'SLOT_FULL')).toHaveLength(crowd.length - won.length);
  const { queue } = await expectExact(slotId, CAPACITY - 1 + won.length);
  if (won.length) expect(won[0].body.queueNumber).toBe(CAPACITY + 1);
  expect(queue.filter((b) => b.status === 'booked').length).toBeLessThanOrEqual(CAPACITY);
});

it('a waitlist promotion racing a crowd of bookings: the waiter gets the place, the crowd is refused, the count stays exact', async () => {
  await setClock(new Date(START));
  const slotId = nextSlot();
  const made = await fill(slotId, CAPACITY);
  const waiter = await lawyer();
  const w = await api.post('/waitlist', { centerId: CENTER, detaineeId: waiter.detaineeId, slotId }, waiter.token);
  expect(w.status).toBe(201);
  const crowd = await lawyers(30);
  const [cancelled, ...replies] = await Promise.all([cancel(made[0].lawyer, made[0].bookingId), ...crowd.map((l) => book(l, slotId))]);
  expect(cancelled.status).toBe(200);
  expect(replies.every((r) => r.status === 409 && r.body.error.code === 'SLOT_FULL')).toBe(true);
  const { queue, session } = await expectExact(slotId, CAPACITY);
  expect(session.waiting).toBe(0);
  expect(queue.find((b) => b.status === 'booked' && b.leadLawyerId === waiter.userId)?.queueNumber).toBe(CAPACITY + 1);
});
