// The retention job end to end on DynamoDB Local (issue 21, docs/data-retention.md): a booking of a
// past session and the items of a released detainee get `expiresAt` from the configured table; a
// report day is frozen into counts; once the configured time has passed (injected clock; DynamoDB
// Local does not enforce TTL, so POST /_local/retention deletes what TTL would have) the items are
// gone, the report of that day is unchanged, and the audit of those days names nobody.
// Dates: only 2028-09-11 … 2028-09-15 are booked here (the clock starts Monday 2028-09-11 08:00).
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, districtTableName } from '../../shared/adapters/dynamo';
import { cityConfig } from '../../shared/config';
import { Api, startApi } from './harness';

const CENTER = 'minhang-kss';
const DAY = '2028-09-12';
const SLOT = `${DAY}.AM`;
const SESSION_END = Date.parse(`${DAY}T11:30:00+08:00`) / 1000;
const RELEASE_AT = '2028-09-12T14:00:00+08:00';

let api: Api;
let admin: string;
let staff: { userId: string; token: string };
let lawyer: Awaited<ReturnType<Api['lawyer']>>;
let detaineeId: string;
let bookingId: string;
let bindingId: string;

const table = () => districtTableName('minhang');
const get = async (PK: string, SK: string) => (await ddb.send(new GetCommand({ TableName: table(), Key: { PK, SK }, ConsistentRead: true }))).Item;
const partition = async (PK: string) =>
  (await ddb.send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK } }))).Items ?? [];
const setClock = (now: string) => api.post('/_local/clock', { now });
const report = async () => {
  const r = await api.get(`/reports?district=minhang&from=${DAY}&to=${DAY}`, admin);
  expect(r.status).toBe(200);
  return r.body.days.filter((d: { centerId: string }) => d.centerId === CENTER);
};

beforeAll(async () => {
  api = await startApi();
  await setClock('2028-09-11T08:00:00+08:00');
  admin = await api.adminToken();
  staff = await api.account('staff', { centerIds: [CENTER] });
  lawyer = await api.lawyer();
  detaineeId = await api.detainee(staff.token);
  const bound = await api.post(`/centers/${CENTER}/bindings`, { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' }, staff.token);
  expect(bound.status).toBe(201);
  bindingId = bound.body.bindingId;
  const booked = await api.call('POST', '/bookings', { token: lawyer.token, body: { centerId: CENTER, detaineeId, slotId: SLOT }, headers: { 'idempotency-key': randomUUID() } });
  expect(booked.status).toBe(201);
  bookingId = booked.body.bookingId;
  // The meeting takes place (a checked-in booking keeps its guards), then the detainee is released.
  await setClock(`${DAY}T08:40:00+08:00`);
  expect((await api.post(`/bookings/${bookingId}/check-in`, {}, staff.token)).status).toBe(200);
  await setClock(RELEASE_AT);
  expect((await api.post(`/centers/${CENTER}/detainees/${detaineeId}/release`, { reason: 'released' }, staff.token)).status).toBe(200);
}, 60_000);
afterAll(() => api.platform.close());

describe('the retention job', () => {
  let before: unknown;

  it('gives a past booking, its guards and list item, and a released detainee’s items their configured end', async () => {
    before = await report();
    // Other files of the API project may have booked this day too (one shared database): at least ours.
    expect(before).toEqual([expect.objectContaining({ date: DAY, booked: expect.any(Number), attended: expect.any(Number) })]);
    const [day] = before as { booked: number; attended: number }[];
    expect(day.booked).toBeGreaterThanOrEqual(1);
    expect(day.attended).toBeGreaterThanOrEqual(1);
    await setClock('2028-10-31T09:00:00+08:00');
    const run = await api.post('/_local/retention');
    expect(run.status).toBe(200);
    expect(run.body.detaineesEnded).toContain(detaineeId);

    const { bookingDaysAfterSession, releasedDetaineeDays } = cityConfig().platform.retention;
    const bookingEnd = SESSION_END + bookingDaysAfterSession * 86_400;
    const booking = await get(`BOOKING#${bookingId}`, 'BOOKING');
    expect(booking?.expiresAt).toBe(bookingEnd);
    expect((await get(`LAWYER#${lawyer.lawyerId}`, `SLOT#${CENTER}#${SLOT}`))?.expiresAt).toBe(bookingEnd);
    expect((await get(`LAWYER#${lawyer.lawyerId}`, `BOOKING#${booking!.createdAt}#${bookingId}`))?.expiresAt).toBe(bookingEnd);
    expect((await get(`DETAINEE#${detaineeId}`, `SLOT#${SLOT}`))?.expiresAt).toBe(bookingEnd);
    // Whatever else of the lawyer names this detainee or booking (the pair cap, when kept) ends with it.
    const naming = (await partition(`LAWYER#${lawyer.lawyerId}`)).filter((i) => JSON.stringify(i).includes(detaineeId) || JSON.stringify(i).includes(bookingId));
    expect(naming.length).toBeGreaterThanOrEqual(2);
    for (const item of naming) expect([item.SK, item.expiresAt]).toEqual([item.SK, bookingEnd]);

    const detaineeEnd = Math.floor(Date.parse(RELEASE_AT) / 1000) + releasedDetaineeDays * 86_400;
    expect((await get(`DETAINEE#${detaineeId}`, 'PROFILE'))?.expiresAt).toBe(detaineeEnd);
    expect((await get(`DETAINEE#${detaineeId}`, `BINDING#${bindingId}`))?.expiresAt).toBe(detaineeEnd);
    expect((await get(`BINDING#${bindingId}`, 'BINDING'))?.expiresAt).toBe(detaineeEnd);
    // Every name-search item of the detainee (one per suffix of 王某).
    const names = [...(await partition(`DETNAME#${CENTER}#王`)), ...(await partition(`DETNAME#${CENTER}#某`))].filter((i) => i.detaineeId === detaineeId);
    expect(names).toHaveLength(2);
    for (const item of names) expect(item.expiresAt).toBe(detaineeEnd);

    // The day is frozen into counts with nothing personal in it, and the report reads the same.
    const frozen = await get(`REPORTDAY#${CENTER}`, DAY);
    expect(frozen?.counts).toEqual({ 'checked_in|0': 1 });
    expect(JSON.stringify(frozen)).not.toMatch(new RegExp(`${lawyer.lawyerId}|${detaineeId}|${bookingId}`));
    expect(await report()).toEqual(before);
  }, 120_000);

  it('a rerun changes nothing more', async () => {
    const again = await api.post('/_local/retention');
    expect(again.status).toBe(200);
    expect(again.body.detaineesEnded).not.toContain(detaineeId);
    expect(again.body.reportDaysFrozen).toBe(0);
    expect(again.body.auditPseudonymised).toBe(0);
  }, 120_000);

  it('after the configured time the items are gone, the report is unchanged and the audit is pseudonymised', async () => {
    await setClock('2031-10-15T09:00:00+08:00');
    const run = await api.post('/_local/retention');
    expect(run.status).toBe(200);
    expect(run.body.expiredDeleted).toBeGreaterThan(0);
    expect(run.body.auditPseudonymised).toBeGreaterThan(0);

    expect(await get(`BOOKING#${bookingId}`, 'BOOKING')).toBeUndefined();
    expect(await get(`BINDING#${bindingId}`, 'BINDING')).toBeUndefined();
    expect(await partition(`DETAINEE#${detaineeId}`)).toEqual([]);
    expect((await partition(`LAWYER#${lawyer.lawyerId}`)).filter((i) => String(i.SK).includes(SLOT) || String(i.SK).includes(bookingId))).toEqual([]);
    expect(await report()).toEqual(before);

    const audit = await api.get(`/centers/${CENTER}/audit?from=2028-09-11&to=2028-09-12&limit=100`, admin);
    expect(audit.status).toBe(200);
    // Nobody else changes this center on these days: every record is of this test.
    const mine = audit.body.records as Record<string, unknown>[];
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // What happened and by which role stays; who it was (the lawyer, the detainee, the staff member) does not.
    expect(mine.map((r) => r.action)).toEqual(expect.arrayContaining(['POST /bookings', 'POST /centers/{centerId}/bindings']));
    for (const r of mine) {
      expect(r.actorId).toMatch(/^ps_/);
      expect(JSON.stringify(r)).not.toContain(lawyer.lawyerId);
      expect(JSON.stringify(r)).not.toContain(detaineeId);
      expect(JSON.stringify(r)).not.toContain(lawyer.licenseNo);
      expect(JSON.stringify(r)).not.toContain(staff.userId);
    }
  }, 180_000);
});
