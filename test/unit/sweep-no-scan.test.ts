// The sweeper's reads against a mocked DocumentClient: it never scans. It reads each served center's
// live bookings through GSI2 (`LIVE#<centerId>`, by last admission) — once for the bookings whose
// last admission has passed and once for tomorrow's (reminders) — following pages, and writes one
// guarded transaction per booking. Its meeting-request (R15) and urgent-request (B2) passes read
// their own sparse GSI2 partitions (`MEETREQOPEN#`, `URGENTOPEN#`), once per center, as does the finishing of center cancellations
// a crash left pending (`PENDINGACTION#`), which comes first.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ScanCommand as LowLevelScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { allCenters } from '../../shared/config';
import { shanghaiIso } from '../../shared/time';
import { sweep } from '../../shared/use-cases/sweep';

const ddbMock = mockClient(DynamoDBDocumentClient);
const lowLevelMock = mockClient(DynamoDBClient);

// 2026-12-02 18:00 Shanghai: 2026-12-02 PM's last admission (16:30) has passed; tomorrow is 2026-12-03.
const NOW = new Date('2026-12-02T10:00:00.000Z');
const NOW_ISO = shanghaiIso(NOW);

function booking(bookingId: string, centerId: string, slotId: string, date: string, lastAdmission: string) {
  return {
    PK: `BOOKING#${bookingId}`,
    SK: 'BOOKING',
    GSI2PK: `LIVE#${centerId}`,
    GSI2SK: `${lastAdmission}#${bookingId}`,
    bookingId,
    status: 'booked',
    centerId,
    detaineeId: 'dt_1',
    slotId,
    date,
    sessionStart: `${date}T08:30:00.000+08:00`,
    lastAdmission,
    queueNumber: 1,
    leadLawyerId: 'lw_1',
    coCounselLawyerIds: [],
    internLawyerIds: [],
    lawyerIds: ['lw_1'],
    createdAt: '2026-11-30T10:00:00.000+08:00',
  };
}

const missed1 = booking('bk.minhang.MISSED1', 'minhang-kss', '2026-12-02.AM', '2026-12-02', '2026-12-02T11:00:00.000+08:00');
const missed2 = booking('bk.minhang.MISSED2', 'minhang-kss', '2026-12-02.PM', '2026-12-02', '2026-12-02T16:30:00.000+08:00');
const tomorrow = booking('bk.changning.TOMORROW', 'changning-kss', '2026-12-03.AM', '2026-12-03', '2026-12-03T11:00:00.000+08:00');

beforeEach(() => {
  ddbMock.reset();
  lowLevelMock.reset();
  ddbMock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const pk = input.ExpressionAttributeValues?.[':pk'];
    const reminders = input.ExpressionAttributeValues?.[':from'] !== undefined;
    if (pk === 'LIVE#minhang-kss' && !reminders) {
      // Two pages: the sweeper must follow LastEvaluatedKey, not stop at the first.
      if (!input.ExclusiveStartKey) return { Items: [missed1], LastEvaluatedKey: { PK: missed1.PK, SK: missed1.SK, GSI2PK: missed1.GSI2PK, GSI2SK: missed1.GSI2SK } };
      return { Items: [missed2] };
    }
    if (pk === 'LIVE#changning-kss' && reminders) return { Items: [tomorrow] };
    return { Items: [] };
  });
  ddbMock.on(GetCommand).resolves({ Item: { PK: 'USER#lw_1', SK: 'PROFILE', userId: 'lw_1' } });
  ddbMock.on(TransactWriteCommand).resolves({});
});

describe('sweep(now) reads', () => {
  it('sends no Scan, only GSI2 queries of the served centers', async () => {
    const report = await sweep(NOW);
    expect(report.noShows).toEqual([missed1.bookingId, missed2.bookingId]);
    expect(report.reminders).toEqual([tomorrow.bookingId]);

    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(lowLevelMock.commandCalls(LowLevelScanCommand)).toHaveLength(0);
    expect(ddbMock).not.toHaveReceivedCommand(ScanCommand);
    const kinds = new Set(ddbMock.calls().map((c) => (c.args[0] as object).constructor.name));
    expect([...kinds].sort()).toEqual(['GetCommand', 'QueryCommand', 'TransactWriteCommand']);

    const queries = ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.IndexName).toBe('GSI2');
      expect(q.KeyConditionExpression).toMatch(/^GSI2PK = :pk AND GSI2SK /);
      expect(q.FilterExpression).toBeUndefined();
    }
  });

  it('queries each center of the served districts twice (plus pages), each in its district table', async () => {
    await sweep(NOW);
    const served = allCenters().filter((c) => ['minhang', 'changning', 'jiading'].includes(c.districtId));
    const queries = ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    const firstPages = queries.filter((q) => !q.ExclusiveStartKey && String(q.ExpressionAttributeValues?.[':pk']).startsWith('LIVE#'));
    expect(firstPages).toHaveLength(served.length * 2);
    // R15, B2: one read of each center's due meeting requests and due urgent requests, up to now / now + 12 h.
    for (const center of served) {
      for (const [prefix, to] of [
        ['MEETREQOPEN#', `${NOW_ISO}#~`],
        ['URGENTOPEN#', `${shanghaiIso(new Date(NOW.getTime() + 12 * 3600_000))}#~`],
      ]) {
        const passes = queries.filter((q) => q.ExpressionAttributeValues?.[':pk'] === `${prefix}${center.centerId}`);
        expect(passes).toHaveLength(1);
        expect(passes[0]).toMatchObject({ TableName: `unit-${center.districtId}-district`, IndexName: 'GSI2', ExpressionAttributeValues: { ':to': to } });
      }
    }
    // R4, B4, B6: one read of each center's center cancellations left pending (older than 2 minutes), before the no-shows.
    for (const center of served) {
      const pending = queries.filter((q) => q.ExpressionAttributeValues?.[':pk'] === `PENDINGACTION#${center.centerId}`);
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({
        TableName: `unit-${center.districtId}-district`,
        IndexName: 'GSI2',
        ExpressionAttributeValues: { ':before': shanghaiIso(new Date(NOW.getTime() - 120_000)) },
      });
      expect(queries.indexOf(pending[0])).toBeLessThan(queries.findIndex((q) => q.ExpressionAttributeValues?.[':pk'] === `LIVE#${center.centerId}`));
    }
    for (const center of served) {
      const mine = firstPages.filter((q) => q.ExpressionAttributeValues?.[':pk'] === `LIVE#${center.centerId}`);
      expect(mine).toHaveLength(2);
      expect(mine.every((q) => q.TableName === `unit-${center.districtId}-district`)).toBe(true);
      // Due no-shows: last admission before now; reminders: tomorrow's range only.
      expect(mine.find((q) => !q.ExpressionAttributeValues?.[':from'])?.ExpressionAttributeValues).toMatchObject({ ':to': NOW_ISO });
      expect(mine.find((q) => q.ExpressionAttributeValues?.[':from'])?.ExpressionAttributeValues).toMatchObject({ ':from': '2026-12-03T', ':to': '2026-12-03T~' });
    }
    // The second page was asked for with the first page's key.
    const second = queries.filter((q) => q.ExclusiveStartKey);
    expect(second).toHaveLength(1);
    expect(second[0].ExclusiveStartKey).toMatchObject({ GSI2SK: missed1.GSI2SK });
  });

  it('serves only its own districts', async () => {
    const saved = process.env.DISTRICT_TABLES;
    process.env.DISTRICT_TABLES = 'changning=unit-changning-district';
    try {
      await sweep(NOW);
    } finally {
      process.env.DISTRICT_TABLES = saved;
    }
    const pks = new Set(ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':pk']));
    expect([...pks].sort()).toEqual(['HOLDS#changning-kss', 'LIVE#changning-kss', 'MEETREQOPEN#changning-kss', 'PENDINGACTION#changning-kss', 'URGENTOPEN#changning-kss']);
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('each no-show is one transaction guarded by the booking still being booked, with its deterministic violation', async () => {
    await sweep(NOW);
    const txs = ddbMock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);
    const noShowTx = txs.filter((items) => items.some((i) => i.Update?.ExpressionAttributeValues?.[':noShow'] === 'no_show'));
    expect(noShowTx).toHaveLength(2);
    for (const [i, b] of [missed1, missed2].entries()) {
      const items = noShowTx[i];
      const update = items.find((it) => it.Update?.Key?.PK === b.PK)!.Update!;
      expect(update.TableName).toBe('unit-minhang-district');
      expect(update.ConditionExpression).toBe('#status = :booked');
      expect(update.UpdateExpression).toContain('REMOVE GSI2PK, GSI2SK');
      const violation = items.find((it) => String(it.Put?.Item?.SK ?? '').startsWith('VIOLATION#'))!.Put!;
      expect(violation).toMatchObject({ TableName: 'unit-platform', ConditionExpression: 'attribute_not_exists(PK)' });
      expect(violation.Item).toMatchObject({ violationId: `vi_noshow_${b.bookingId}`, bookingId: b.bookingId, reason: 'no_show', status: 'counted' });
      // The lawyer's count moves in the same transaction, guarded by the discipline version.
      expect(items.some((it) => it.Update?.Key?.PK === 'USER#lw_1' && it.Update.ConditionExpression?.includes('discipline'))).toBe(true);
      // Never a violation for a miss the center caused (R4, B4, B6): the session is not closed and
      // the detainee was in custody and available, checked in the same transaction.
      const checks = items.filter((it) => it.ConditionCheck).map((it) => it.ConditionCheck!);
      expect(checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Key: { PK: `SESSIONS#${b.centerId}`, SK: b.slotId }, ConditionExpression: 'attribute_not_exists(closedAt)' }),
          expect.objectContaining({
            Key: { PK: `DETAINEE#${b.detaineeId}`, SK: 'PROFILE' },
            ConditionExpression: expect.stringContaining('NOT contains(unavailableSlots, :slot)'),
          }),
        ]),
      );
    }
    const reminderTx = txs.filter((items) => items.some((i) => i.Update?.UpdateExpression === 'SET remindedAt = :at'));
    expect(reminderTx).toHaveLength(1);
    expect(reminderTx[0].find((i) => i.Update)?.Update?.ConditionExpression).toContain('attribute_not_exists(remindedAt)');
  });
});
