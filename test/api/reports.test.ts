// The district report over HTTP (B8): one fresh center day (minhang-kss, 2027-09-14) gets bookings
// with every outcome — completed, checked in late, cancelled by the lawyer, a no-show found by the
// sweep, one cancelled by a center closure (B6) — plus an interrogation (R7), and the report counts
// each exactly; 48-hour compliance (B2) and the register's figures (R10) come out per day and center.
// Who may read which district is checked too. Dates: the week of 2027-09-13 only.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { urgentRequestKey } from '../../shared/adapters/district-keys';
import { ddb, districtTableName } from '../../shared/adapters/dynamo';
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
let committee: { token: string };
let otherCommittee: { token: string };
let admin: string;

const C = 'minhang-kss';
const DAY = '2027-09-14';
const setClock = (now: string) => api.post('/_local/clock', { now });
type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const report = (query: string, token = committee.token) => api.get(`/reports${query}`, token);

async function book(slotId: string): Promise<{ lawyer: Lawyer; bookingId: string }> {
  const lawyer = await api.lawyer();
  const detaineeId = await api.detainee(staff.token);
  expect((await api.post(`/centers/${C}/bindings`, { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' }, staff.token)).status).toBe(201);
  const r = await api.call('POST', '/bookings', { token: lawyer.token, body: { centerId: C, detaineeId, slotId }, headers: { 'idempotency-key': randomUUID() } });
  expect(r.status).toBe(201);
  return { lawyer, bookingId: r.body.bookingId };
}

/**
 * Urgent requests (B2) written straight into the district table under the documented layout
 * (shared/adapters/district-keys.ts: GSI1 `URGENT#<c>` by deadline, GSI2 `URGENTOPEN#<c>` while
 * open): placing one for real needs a center with no free place within 48 hours, which is the
 * urgent-request tests' business. Removed again after the tests so no later sweep alerts on them.
 */
const inserted: string[] = [];
async function urgent(deadline: string, status: 'open' | 'placed', placedOnTime: boolean | null): Promise<void> {
  const requestId = `ur.minhang.RPT${randomUUID().replace(/-/g, '').slice(0, 20).toUpperCase()}`;
  inserted.push(requestId);
  await ddb.send(
    new PutCommand({
      TableName: districtTableName('minhang'),
      Item: {
        ...urgentRequestKey(requestId),
        requestId,
        centerId: C,
        detaineeId: 'dt_report_fixture',
        lawyerId: 'us_report_fixture',
        status,
        createdAt: '2027-09-13T10:00:00.000+08:00',
        deadline,
        ...(status === 'placed' ? { placedAt: '2027-09-14T09:00:00.000+08:00', placedOnTime } : {}),
        GSI1PK: `URGENT#${C}`,
        GSI1SK: `${deadline}#${requestId}`,
        ...(status === 'open' ? { GSI2PK: `URGENTOPEN#${C}`, GSI2SK: `${deadline}#${requestId}` } : {}),
      },
    }),
  );
}

beforeAll(async () => {
  api = await startApi();
  await setClock('2027-09-13T08:00:00+08:00');
  staff = await api.account('staff', { centerIds: [C] });
  committee = await api.account('committee', { district: 'minhang' });
  otherCommittee = await api.account('committee', { district: 'changning' });
  admin = await api.adminToken();
}, 30_000);
afterAll(async () => {
  await Promise.all(inserted.map((id) => ddb.send(new DeleteCommand({ TableName: districtTableName('minhang'), Key: urgentRequestKey(id) }))));
  await api.platform.close();
});

// B8 (with R3, R7, R10, B2, B6): exact per-day counts of a fresh center day.
describe('GET /reports counts', () => {
  it('counts bookings by outcome, interrogations, places, utilisation, 48-hour compliance and suggestions', async () => {
    await setClock('2027-09-13T08:00:00+08:00');
    const completed = await book(`${DAY}.AM`);
    const late = await book(`${DAY}.AM`);
    const cancelled = await book(`${DAY}.AM`);
    const noShow = await book(`${DAY}.AM`);
    const closed = await book(`${DAY}.PM`);
    const cancel = await api.call('POST', `/bookings/${cancelled.bookingId}/cancel`, { token: cancelled.lawyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(cancel.body).toMatchObject({ status: 'cancelled', violation: false });

    // R7: an interrogation of another detainee that morning.
    const investigator = await api.account('investigator', { centerIds: [C] });
    const questioned = await api.detainee(staff.token);
    expect((await api.post(`/centers/${C}/interrogations`, { detaineeId: questioned, slotId: `${DAY}.AM` }, investigator.token)).status).toBe(201);
    // B6: the afternoon is closed; its booking is cancelled by the center and the session offers no places.
    const closure = await api.post(`/centers/${C}/closures`, { date: DAY, slotIds: [`${DAY}.PM`], reason: '设备检修' }, staff.token);
    expect(closure.status).toBe(201);
    expect(closure.body.cancelledBookingIds).toEqual([closed.bookingId]);

    // R3: one on time (then completed), one late (start 08:30 + 30 minutes of grace).
    await setClock(`${DAY}T09:10:00+08:00`);
    expect((await api.post(`/bookings/${completed.bookingId}/check-in`, { arrivedAt: `${DAY}T08:40:00+08:00` }, staff.token)).body).toEqual({ status: 'checked_in', late: false });
    expect((await api.post(`/bookings/${completed.bookingId}/complete`, undefined, staff.token)).status).toBe(200);
    expect((await api.post(`/bookings/${late.bookingId}/check-in`, {}, staff.token)).body).toEqual({ status: 'checked_in', late: true });
    // The sweep after the last admission (11:00) finds the one who never came.
    await setClock(`${DAY}T11:05:00+08:00`);
    expect((await api.post('/_local/sweep')).body.noShows).toContain(noShow.bookingId);

    // R10: one suggestion filed in the report's range, still open.
    expect((await api.post(`/centers/${C}/suggestions`, { text: '建议增加下午的会见名额' }, completed.lawyer.token)).status).toBe(201);

    const before = await report('?from=2027-09-13&to=2027-09-17');
    expect(before.status).toBe(200);
    const openBefore = before.body.centers[0].urgentOpen as number;
    // B2: two due on the 15th (one placed in time, one late), one due on the 16th still open.
    await urgent('2027-09-15T10:00:00.000+08:00', 'placed', true);
    await urgent('2027-09-15T15:00:00.000+08:00', 'placed', false);
    await urgent('2027-09-16T10:00:00.000+08:00', 'open', null);

    const r = await report('?from=2027-09-13&to=2027-09-17');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ district: 'minhang', from: '2027-09-13', to: '2027-09-17' });
    const zero = {
      booked: 0,
      attended: 0,
      late: 0,
      noShow: 0,
      cancelledByLawyer: 0,
      cancelledByCenter: 0,
      interrogations: 0,
      places: 12,
      utilisation: 0,
      urgentDue: 0,
      urgentPlacedOnTime: 0,
      urgentCompliance: null,
    };
    expect(r.body.days).toEqual([
      { centerId: C, date: '2027-09-13', ...zero },
      {
        centerId: C,
        date: DAY,
        booked: 5,
        attended: 2,
        late: 1,
        noShow: 1,
        cancelledByLawyer: 1,
        cancelledByCenter: 1,
        interrogations: 1,
        places: 6,
        // completed + checked in + no-show took a place: 3 of the morning's 6.
        utilisation: 0.5,
        urgentDue: 0,
        urgentPlacedOnTime: 0,
        urgentCompliance: null,
      },
      // 中秋节 2027 (a statutory holiday on the provisional calendar, B12): no sessions, no places.
      { centerId: C, date: '2027-09-15', ...zero, places: 0, urgentDue: 2, urgentPlacedOnTime: 1, urgentCompliance: 0.5 },
      { centerId: C, date: '2027-09-16', ...zero, urgentDue: 1, urgentPlacedOnTime: 0, urgentCompliance: 0 },
      { centerId: C, date: '2027-09-17', ...zero },
    ]);
    expect(r.body.centers).toEqual([{ centerId: C, name: '上海市闵行区看守所', suggestionsOpen: 1, suggestionsOverdue: 0, urgentOpen: openBefore + 1 }]);

    // The same report for the admin naming the district.
    const asAdmin = await report('?district=minhang&from=2027-09-13&to=2027-09-17', admin);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.days).toEqual(r.body.days);
  }, 30_000);
});

// B8: a committee sees its own district, an admin any district it names.
describe('GET /reports access and ranges', () => {
  it('lets a committee read its own district only and an admin any named district', async () => {
    expect((await report('?district=minhang&from=2027-09-13&to=2027-09-13')).status).toBe(200);
    const foreign = await report('?district=changning&from=2027-09-13&to=2027-09-13');
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN');
    const own = await report('?from=2027-09-13&to=2027-09-13', otherCommittee.token);
    expect(own.status).toBe(200);
    expect(own.body.district).toBe('changning');
    expect(own.body.days.map((d: { centerId: string }) => d.centerId)).toEqual(['changning-kss']);

    // Naming none, an admin gets every district this deployment serves (locally all of them).
    const noDistrict = await report('?from=2027-09-13&to=2027-09-13', admin);
    expect(noDistrict.status).toBe(200);
    expect(noDistrict.body.district).toBe('all');
    expect(noDistrict.body.centers.map((c: { centerId: string }) => c.centerId).sort()).toEqual(['changning-kss', 'jiading-kss', 'jiading-kss2', 'minhang-kss']);
    const jiading = await report('?district=jiading&from=2027-09-13&to=2027-09-13', admin);
    expect(jiading.status).toBe(200);
    // Every center of the district, online or not.
    expect(jiading.body.centers.map((c: { centerId: string }) => c.centerId)).toEqual(['jiading-kss', 'jiading-kss2']);
    const unknown = await report('?district=pudong&from=2027-09-13&to=2027-09-13', admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');

    const lawyer = await api.lawyer();
    expect((await report('?from=2027-09-13&to=2027-09-13', lawyer.token)).status).toBe(403);
    expect((await report('?from=2027-09-13&to=2027-09-13', staff.token)).status).toBe(403);
    expect((await api.get('/reports?from=2027-09-13&to=2027-09-13')).status).toBe(401);
  });

  it('refuses a reversed, too long or malformed range', async () => {
    for (const query of [
      '?from=2027-09-14&to=2027-09-13',
      '?from=2027-07-13&to=2027-09-13',
      '?from=2027-09-13',
      '?from=2027-09-13&to=someday',
      '?from=2027-09-13&to=2027-09-13&center=x',
    ]) {
      const r = await report(query);
      expect([query, r.status]).toEqual([query, 400]);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    // 62 days is the longest range.
    expect((await report('?from=2027-07-15&to=2027-09-14')).status).toBe(200);
  });
});
