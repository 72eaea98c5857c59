// The investigators' schedule read (shared/use-cases/interrogations.ts) against a mocked
// DocumentClient — R7, B9: one Query over the detainee's slot guards (no scan), each mapped to
// exactly slotId/date/start/end/kind, so nothing else stored on a guard (booking or lawyer ids)
// can reach an investigator; the date range defaults and limits.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../../shared/principal';
import { scheduleRange } from '../../shared/domain/interrogations';
import { detaineeSchedule } from '../../shared/use-cases/interrogations';

const ddbMock = mockClient(DynamoDBDocumentClient);
const investigator: Principal = { userId: 'us_inv', username: 'inv', role: 'investigator', centerIds: ['minhang-kss'] };

beforeEach(() => ddbMock.reset());

describe('schedule range', () => {
  const now = new Date('2027-07-05T01:00:00.000Z'); // 09:00 Shanghai
  it('defaults to today (Shanghai) + 14 days', () => {
    expect(scheduleRange({}, now)).toEqual({ from: '2027-07-05', to: '2027-07-19' });
    expect(scheduleRange({ from: '2027-07-10' }, now)).toEqual({ from: '2027-07-10', to: '2027-07-24' });
  });
  it('refuses to < from and more than 62 days', () => {
    expect(() => scheduleRange({ from: '2027-07-10', to: '2027-07-09' }, now)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => scheduleRange({ from: '2027-07-01', to: '2027-09-02' }, now)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(scheduleRange({ from: '2027-07-01', to: '2027-09-01' }, now)).toEqual({ from: '2027-07-01', to: '2027-09-01' });
  });
});

describe('detainee schedule (R7, B9)', () => {
  it('maps guards to times and kinds only, in time order', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { PK: 'DETAINEE#dt_1', SK: 'PROFILE', detaineeId: 'dt_1', centerId: 'minhang-kss', status: 'active', name: '王某' } });
    ddbMock.on(QueryCommand).resolves({
      Items: [
        { PK: 'DETAINEE#dt_1', SK: 'SLOT#2027-07-06.PM', interrogationId: 'iq.minhang.X', kind: 'interrogation', centerId: 'minhang-kss', date: '2027-07-06' },
        {
          PK: 'DETAINEE#dt_1',
          SK: 'SLOT#2027-07-06.AM',
          bookingId: 'bk.minhang.SECRET',
          leadLawyerId: 'us_lawyer',
          kind: 'lawyer-meeting',
          centerId: 'minhang-kss',
          date: '2027-07-06',
        },
      ],
    });
    const appointments = await detaineeSchedule(investigator, 'minhang-kss', 'dt_1', { from: '2027-07-05', to: '2027-07-09' });
    expect(appointments).toEqual([
      { slotId: '2027-07-06.AM', date: '2027-07-06', start: '2027-07-06T08:30:00.000+08:00', end: '2027-07-06T11:30:00.000+08:00', kind: 'lawyer-meeting' },
      { slotId: '2027-07-06.PM', date: '2027-07-06', start: '2027-07-06T13:30:00.000+08:00', end: '2027-07-06T17:00:00.000+08:00', kind: 'interrogation' },
    ]);
    expect(JSON.stringify(appointments)).not.toMatch(/bk\.minhang|us_lawyer|iq\.minhang/);
    const queries = ddbMock.commandCalls(QueryCommand);
    expect(queries).toHaveLength(1);
    expect(queries[0].args[0].input).toMatchObject({
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'DETAINEE#dt_1', ':from': 'SLOT#2027-07-05', ':to': 'SLOT#2027-07-09.~' },
    });
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('answers 403 for another center and 404 for a detainee of another center', async () => {
    await expect(detaineeSchedule(investigator, 'changning-kss', 'dt_1', { from: '2027-07-05', to: '2027-07-09' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    ddbMock.on(GetCommand).resolves({ Item: { detaineeId: 'dt_1', centerId: 'changning-kss', status: 'active' } });
    await expect(detaineeSchedule(investigator, 'minhang-kss', 'dt_1', { from: '2027-07-05', to: '2027-07-09' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(ddbMock.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
