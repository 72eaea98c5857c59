// The retention job (shared/use-cases/retention.ts, docs/data-retention.md) on DynamoDB Local, in a
// private stack (issue 21 leftovers): an interrogation of a past session, its detainee and room
// guards, and an urgent request no longer open with the lawyer's list item get their configured end;
// an open urgent request gets none; the report days are frozen with their interrogation and
// urgent-request counts, so the report is unchanged once TTL has deleted the items; and each run
// writes exactly one audit fact of its own (actor `system`, the run's counts, nothing personal).
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
jest.setTimeout(240_000);

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, platformTableName, queryAll } from '../../shared/adapters/dynamo';
import { auditMonthPartition } from '../../shared/adapters/district-keys';
import { clock } from '../../shared/clock';
import { cityConfig } from '../../shared/config';
import { expiresAfter } from '../../shared/domain/retention';
import type { Principal } from '../../shared/principal';
import { asSystemJob } from '../../shared/scheduled';
import { shanghaiDate, shanghaiInstant } from '../../shared/time';
import { bookInterrogation } from '../../shared/use-cases/interrogations';
import { districtReport } from '../../shared/use-cases/reports';
import { retention, type RetentionReport } from '../../shared/use-cases/retention';
import { fileUrgentRequest, placeUrgentRequest } from '../../shared/use-cases/urgent-requests';
import { expireLocalItems } from '../../local/retention';
import { at, boundDetainee, dropPrivateStacks, MINHANG, newLawyer, privateStack, type PrivateStack, type TestLawyer } from './support/discipline-world';

afterAll(dropPrivateStacks);

const T0 = at('2026-12-07T07:00:00');
const DAY = '2026-12-08';
const staff: Principal = { userId: 'us_retstaff', username: 'retention-staff', role: 'staff', centerIds: [MINHANG] };
const investigator: Principal = { userId: 'us_retinv', username: 'retention-investigator', role: 'investigator', centerIds: [MINHANG] };
const admin: Principal = { userId: 'us_retadmin', username: 'retention-admin', role: 'admin', centerIds: [] };

let stack: PrivateStack;
let lawyer: TestLawyer;
let interrogation: { interrogationId: string; roomNo: string; detaineeId: string; slotId: string };
let placed: { requestId: string; deadline: string; createdAt: string };
let open: { requestId: string; createdAt: string };

const item = async (table: string, PK: string, SK: string) => (await ddb.send(new GetCommand({ TableName: table, Key: { PK, SK }, ConsistentRead: true }))).Item;
const sessionEnd = (date: string, name: string) => {
  const center = cityConfig()
    .districts.flatMap((d) => d.centers)
    .find((c) => c.centerId === MINHANG)!;
  return shanghaiInstant(date, center.sessions.find((s) => s.name === name)!.end);
};
const run = (now: Date) => asSystemJob('retention', () => retention(now, { districts: ['minhang'] }));
/** The job's audit facts (platform table, no center) of this month. */
const runFacts = async () =>
  (
    await queryAll<Record<string, unknown>>({
      TableName: platformTableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': auditMonthPartition(undefined, shanghaiDate(clock.now()).slice(0, 7)) },
    })
  ).filter((r) => r.action === 'retention');
const days = async (now: Date) => (await districtReport(admin, { district: 'minhang', from: DAY, to: '2026-12-09' }, now)).days.filter((d) => d.centerId === MINHANG);

beforeAll(async () => {
  stack = await privateStack('retention-job');
  lawyer = await newLawyer(T0);
  const interrogated = await boundDetainee(stack.minhang, MINHANG, [], T0);
  const view = await bookInterrogation(investigator, MINHANG, { detaineeId: interrogated, slotId: `${DAY}.AM` }, T0);
  interrogation = { interrogationId: view.interrogationId, roomNo: view.roomNo, detaineeId: interrogated, slotId: `${DAY}.AM` };

  const [d1, d2] = [await boundDetainee(stack.minhang, MINHANG, [lawyer], T0), await boundDetainee(stack.minhang, MINHANG, [lawyer], T0)];
  const first = await fileUrgentRequest(lawyer.principal, { centerId: MINHANG, detaineeId: d1 }, T0);
  await placeUrgentRequest(staff, first.requestId, { slotId: `${DAY}.PM`, roomType: 'meeting', roomNo: 'M06' }, T0);
  placed = { requestId: first.requestId, deadline: first.deadline, createdAt: (await item(stack.minhang, `URGENT#${first.requestId}`, 'URGENT'))!.createdAt as string };
  const second = await fileUrgentRequest(lawyer.principal, { centerId: MINHANG, detaineeId: d2 }, T0);
  open = { requestId: second.requestId, createdAt: (await item(stack.minhang, `URGENT#${second.requestId}`, 'URGENT'))!.createdAt as string };
});

describe('retention of interrogations and urgent requests', () => {
  let before: Awaited<ReturnType<typeof days>>;
  let first: RetentionReport;
  const LATER = at('2027-01-20T09:00:00');

  it('ends an interrogation and its guards, and an urgent request no longer open; an open one keeps no end', async () => {
    before = await days(LATER);
    expect(before.find((d) => d.date === DAY)?.interrogations).toBe(1);
    expect(before.find((d) => d.date === '2026-12-09')).toMatchObject({ urgentDue: 2, urgentPlacedOnTime: 1 });

    first = await run(LATER);
    expect(first).toMatchObject({ interrogationsEnded: 1, urgentRequestsEnded: 1, cutOff: false });
    const { interrogationDaysAfterSession, urgentRequestDaysAfterDeadline } = cityConfig().platform.retention;
    const interrogationEnd = expiresAfter(sessionEnd(DAY, 'AM'), interrogationDaysAfterSession);
    const t = stack.minhang;
    expect((await item(t, `INTERROGATION#${interrogation.interrogationId}`, 'INTERROGATION'))?.expiresAt).toBe(interrogationEnd);
    expect((await item(t, `DETAINEE#${interrogation.detaineeId}`, `SLOT#${interrogation.slotId}`))?.expiresAt).toBe(interrogationEnd);
    expect((await item(t, `ROOM#${MINHANG}#${interrogation.slotId}`, interrogation.roomNo))?.expiresAt).toBe(interrogationEnd);

    const urgentEnd = expiresAfter(placed.deadline, urgentRequestDaysAfterDeadline);
    expect((await item(t, `URGENT#${placed.requestId}`, 'URGENT'))?.expiresAt).toBe(urgentEnd);
    expect((await item(t, `LAWYER#${lawyer.userId}`, `URGREQ#${placed.createdAt}#${placed.requestId}`))?.expiresAt).toBe(urgentEnd);
    // Still open: its purpose is not met, it has no end (and the lawyer's list item neither).
    expect((await item(t, `URGENT#${open.requestId}`, 'URGENT'))?.expiresAt).toBeUndefined();
    expect((await item(t, `LAWYER#${lawyer.userId}`, `URGREQ#${open.createdAt}#${open.requestId}`))?.expiresAt).toBeUndefined();

    // The report days carry the interrogation and urgent-request counts, and nothing personal.
    const interrogationDay = await item(t, `REPORTDAY#${MINHANG}`, DAY);
    const urgentDay = await item(t, `REPORTDAY#${MINHANG}`, '2026-12-09');
    expect(interrogationDay).toMatchObject({ interrogations: 1 });
    expect(urgentDay).toMatchObject({ urgent: { 'placed|1': 1, 'open|-': 1 } });
    for (const frozen of [interrogationDay, urgentDay])
      expect(JSON.stringify(frozen)).not.toMatch(new RegExp(`${lawyer.userId}|${interrogation.detaineeId}|${placed.requestId}|ur\\.|iq\\.`));
  });

  it('each run writes exactly one audit fact of its own: actor system, its counts, nothing personal', async () => {
    const facts = await runFacts();
    expect(facts).toHaveLength(1);
    const [fact] = facts;
    expect(fact).toMatchObject({ actorId: 'system', actorRole: 'system', action: 'retention', centerId: null, target: 'retention' });
    expect(fact.after).toEqual({
      districts: 'minhang',
      bookingsEnded: first.bookingsEnded,
      interrogationsEnded: 1,
      urgentRequestsEnded: 1,
      reportDaysFrozen: first.reportDaysFrozen,
      detaineesEnded: 0,
      auditPseudonymised: first.auditPseudonymised,
      cutOff: false,
    });
    expect(fact.changes).toEqual([expect.stringMatching(/^Put RETENTION#runs /)]);
    expect(JSON.stringify(fact)).not.toMatch(new RegExp(`${lawyer.userId}|${lawyer.licenseNo}|${interrogation.detaineeId}|ur\\.|iq\\.|dt_|lw_`));

    // A rerun changes nothing more, and is one more fact.
    const again = await run(LATER);
    expect(again).toMatchObject({ interrogationsEnded: 0, urgentRequestsEnded: 0, reportDaysFrozen: 0 });
    const after = await runFacts();
    expect(after).toHaveLength(2);
    expect(new Set(after.map((f) => f.requestId)).size).toBe(2);
  });

  it('once TTL has deleted them, the report of those days is unchanged', async () => {
    const gone = at('2030-06-01T09:00:00');
    expect(await expireLocalItems(gone)).toBeGreaterThan(0);
    expect(await item(stack.minhang, `INTERROGATION#${interrogation.interrogationId}`, 'INTERROGATION')).toBeUndefined();
    expect(await item(stack.minhang, `URGENT#${placed.requestId}`, 'URGENT')).toBeUndefined();
    expect(await item(stack.minhang, `URGENT#${open.requestId}`, 'URGENT')).toBeDefined();
    expect(await days(gone)).toEqual(before);
  });
});
