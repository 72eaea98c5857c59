// R6 under load: many simultaneous booking requests for one session, through the local gateway on
// DynamoDB Local. Exactly `capacity` win, the rest get SLOT_FULL, queue numbers are exactly
// 1..capacity, and the stored place count equals the live bookings. Repeated on several sessions.
import { randomUUID } from 'node:crypto';
import { reserveLawyer, confirmAccount } from '../../shared/adapters/account-repository';
import { createBinding } from '../../shared/adapters/binding-repository';
import { createDetainee } from '../../shared/adapters/custody-repository';
import { districtTableName } from '../../shared/adapters/dynamo';
import { listDayQueue } from '../../shared/adapters/booking-repository';
import { readSession } from '../../shared/adapters/session-ledger';
import { findCenter } from '../../shared/config';
import { newId } from '../../shared/ids';
import { Api, newLicense, newPhone, startApi } from './harness';

const CONTENDERS = 100;
const CENTER = 'minhang-kss';
const CAPACITY = findCenter(CENTER)!.placesPerSession;
const NOW = new Date('2027-05-11T08:00:00+08:00');

let api: Api;
beforeAll(async () => {
  api = await startApi();
  await api.post('/_local/clock', { now: '2027-05-11T08:00:00+08:00' });
});
afterAll(() => api.platform.close());

/** A confirmed lawyer bound to a fresh detainee, made directly in the tables (setup speed only). */
async function contender(table: string) {
  const userId = newId('lw');
  const licenseNo = newLicense();
  const username = `race-${randomUUID()}`;
  await reserveLawyer(
    { userId, username, role: 'lawyer', status: 'unconfirmed', createdAt: NOW.toISOString(), name: '竞速律师', phone: `+86${newPhone()}`, licenseNo, lawFirm: '所' },
    NOW,
  );
  await confirmAccount({ userId, username, licenseNo });
  const detaineeId = newId('dt');
  await createDetainee(table, { detaineeId, centerId: CENTER, name: '某', sex: 'M', status: 'active', createdAt: NOW.toISOString() });
  await createBinding(table, {
    bindingId: newId('bd'),
    centerId: CENTER,
    detaineeId,
    licenseNo,
    verification: 'documents',
    status: 'active',
    createdAt: NOW.toISOString(),
  });
  const token = await api.platform.identity.issueToken({ username, groups: ['lawyer'], attributes: { userId, licenseNo } });
  return { token, detaineeId };
}

it.each(['2027-05-12.AM', '2027-05-13.PM', '2027-05-14.AM'])(
  `%s: ${CONTENDERS} simultaneous requests, exactly capacity win`,
  async (slotId) => {
    const table = districtTableName('minhang');
    const lawyers = [];
    for (let i = 0; i < CONTENDERS; i += 20) lawyers.push(...(await Promise.all(Array.from({ length: Math.min(20, CONTENDERS - i) }, () => contender(table)))));

    const replies = await Promise.all(
      lawyers.map((l) =>
        api.call('POST', '/bookings', { token: l.token, body: { centerId: CENTER, detaineeId: l.detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(CAPACITY);
    expect(replies.filter((r) => r.status === 409 && r.body.error.code === 'SLOT_FULL')).toHaveLength(CONTENDERS - CAPACITY);
    expect(
      replies
        .filter((r) => r.status === 201)
        .map((r) => r.body.queueNumber)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: CAPACITY }, (_, i) => i + 1));

    const queue = (await listDayQueue(table, CENTER, slotId.slice(0, 10))).filter((b) => b.slotId === slotId && b.status === 'booked');
    expect(queue.map((b) => b.queueNumber)).toEqual(Array.from({ length: CAPACITY }, (_, i) => i + 1));
    const session = await readSession(table, CENTER, slotId);
    expect(session.booked).toBe(queue.length);
    expect(session.lastQueue).toBe(CAPACITY);
  },
  120_000,
);
