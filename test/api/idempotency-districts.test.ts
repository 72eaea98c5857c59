// B14 through HTTP: an Idempotency-Key is the lawyer's, not a district's. Reused with another body it
// is refused (409 IDEMPOTENCY_KEY_REUSED) whichever district either request went to — the red team
// booked twice with one key in two districts — and nothing is booked by the refused request.
import { randomUUID } from 'node:crypto';
import { Api, startApi } from './harness';

let api: Api;
let minhangStaff: { token: string };
let changningStaff: { token: string };
beforeAll(async () => {
  api = await startApi();
  minhangStaff = await api.account('staff', { centerIds: ['minhang-kss'] });
  changningStaff = await api.account('staff', { centerIds: ['changning-kss'] });
  // A week no other API test file books in.
  await api.post('/_local/clock', { now: '2027-05-24T08:00:00+08:00' });
}, 30_000);
afterAll(() => api.platform.close());

async function boundIn(l: { licenseNo: string }, centerId: string, staffToken: string): Promise<string> {
  const detaineeId = await api.detainee(staffToken, centerId);
  await api.post(`/centers/${centerId}/bindings`, { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staffToken);
  return detaineeId;
}

it('refuses a key reused in another district with another body, and replays it with the same body', async () => {
  const lawyer = await api.lawyer();
  const minhang = { centerId: 'minhang-kss', detaineeId: await boundIn(lawyer, 'minhang-kss', minhangStaff.token), slotId: '2027-05-25.AM' };
  const changning = { centerId: 'changning-kss', detaineeId: await boundIn(lawyer, 'changning-kss', changningStaff.token), slotId: '2027-05-25.PM' };
  const key = randomUUID();
  const book = (body: unknown) => api.call('POST', '/bookings', { token: lawyer.token, body, headers: { 'idempotency-key': key } });

  const first = await book(minhang);
  expect(first.status).toBe(201);
  const elsewhere = await book(changning);
  expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  const mine = (await api.get('/bookings', lawyer.token)).body.bookings as { bookingId: string; centerId: string }[];
  expect(mine.map((b) => b.centerId)).toEqual(['minhang-kss']);

  const replay = await book(minhang);
  expect([replay.status, replay.body.bookingId]).toEqual([200, first.body.bookingId]);
  // A new key books in the other district as usual.
  expect((await api.call('POST', '/bookings', { token: lawyer.token, body: changning, headers: { 'idempotency-key': randomUUID() } })).status).toBe(201);
});

it('keeps keys apart between lawyers: another lawyer may use the same key', async () => {
  const [a, b] = [await api.lawyer(), await api.lawyer()];
  const key = randomUUID();
  for (const l of [a, b]) {
    const body = { centerId: 'changning-kss', detaineeId: await boundIn(l, 'changning-kss', changningStaff.token), slotId: '2027-05-26.AM' };
    expect((await api.call('POST', '/bookings', { token: l.token, body, headers: { 'idempotency-key': key } })).status).toBe(201);
  }
});

it('refuses a cancellation key reused for a booking in another district', async () => {
  const lawyer = await api.lawyer();
  const key = randomUUID();
  const minhang = { centerId: 'minhang-kss', detaineeId: await boundIn(lawyer, 'minhang-kss', minhangStaff.token), slotId: '2027-05-26.PM' };
  const booked = await api.call('POST', '/bookings', { token: lawyer.token, body: minhang, headers: { 'idempotency-key': randomUUID() } });
  expect((await api.call('POST', `/bookings/${booked.body.bookingId}/cancel`, { token: lawyer.token, headers: { 'idempotency-key': key } })).status).toBe(200);
  const changning = { centerId: 'changning-kss', detaineeId: await boundIn(lawyer, 'changning-kss', changningStaff.token), slotId: '2027-05-27.AM' };
  const reused = await api.call('POST', '/bookings', { token: lawyer.token, body: changning, headers: { 'idempotency-key': key } });
  expect([reused.status, reused.body.error?.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
});
