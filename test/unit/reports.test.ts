// Report arithmetic and the register's overdue rule, pure (B8, R10, R14 ranges): per-day counts,
// places on workdays and closed sessions, utilisation and 48-hour compliance rounding, suggestion
// figures, date ranges and who may report on which district; and the report's reads against a
// mocked DocumentClient (queries only, never a Scan). No network.
import './support/unit-env';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { ScanCommand as LowLevelScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { findCenter, loadCityConfig } from '../../shared/config';
import { WorkCalendar } from '../../shared/domain/calendar';
import type { Principal } from '../../shared/principal';
import { checkRange, datesBetween, placesOn, reportDay, suggestionCounts, type ReportDayInput } from '../../shared/domain/reports';
import { districtReport, reportDistrict } from '../../shared/use-cases/reports';
import { isOverdue, smsReply, SMS_REPLY_CHARS } from '../../shared/domain/suggestions';

const config = loadCityConfig(path.resolve(__dirname, '..', '..', 'config'));
const calendar = new WorkCalendar(config.calendar);
const minhang = findCenter('minhang-kss', config)!;
const sh = (local: string) => new Date(`${local}+08:00`);

const day = (over: Partial<ReportDayInput> = {}): ReportDayInput => ({
  centerId: 'minhang-kss',
  date: '2027-09-14',
  bookings: [],
  interrogations: 0,
  places: 12,
  urgentDue: [],
  ...over,
});
const principal = (role: Principal['role'], district?: string): Principal => ({ userId: 'us_1', username: 'u', role, centerIds: [], district });

// B8: the per-day figures.
describe('reportDay', () => {
  it('counts every booking of the day by outcome', () => {
    const r = reportDay(
      day({
        bookings: [
          { status: 'completed', late: false },
          { status: 'checked_in', late: true },
          { status: 'completed', late: true },
          { status: 'no_show' },
          { status: 'booked' },
          { status: 'cancelled' },
          { status: 'cancelled' },
          { status: 'cancelled_by_center' },
        ],
        interrogations: 2,
      }),
    );
    expect(r).toEqual({
      centerId: 'minhang-kss',
      date: '2027-09-14',
      booked: 8,
      attended: 3,
      late: 2,
      noShow: 1,
      cancelledByLawyer: 2,
      cancelledByCenter: 1,
      interrogations: 2,
      places: 12,
      // completed ×2, checked in, no-show and booked took a place: 5 of 12.
      utilisation: 0.417,
      urgentDue: 0,
      urgentPlacedOnTime: 0,
      urgentCompliance: null,
    });
  });

  it('gives 0 utilisation without places, rounds to 3 decimals, and does not cap an overfull day', () => {
    expect(reportDay(day({ places: 0, bookings: [{ status: 'booked' }] })).utilisation).toBe(0);
    expect(reportDay(day({ places: 6, bookings: [{ status: 'booked' }] })).utilisation).toBe(0.167);
    expect(reportDay(day({ places: 6, bookings: [{ status: 'cancelled' }, { status: 'cancelled_by_center' }] })).utilisation).toBe(0);
    // An urgent request placed in an interrogation room can take more than the session's places.
    expect(reportDay(day({ places: 1, bookings: [{ status: 'booked' }, { status: 'completed' }] })).utilisation).toBe(2);
  });

  it('computes 48-hour compliance as placed on time ÷ due, null when none was due (B2)', () => {
    expect(reportDay(day()).urgentCompliance).toBeNull();
    const r = reportDay(
      day({
        urgentDue: [{ status: 'placed', placedOnTime: true }, { status: 'placed', placedOnTime: false }, { status: 'open' }],
      }),
    );
    expect(r).toMatchObject({ urgentDue: 3, urgentPlacedOnTime: 1, urgentCompliance: 0.333 });
    expect(reportDay(day({ urgentDue: [{ status: 'placed', placedOnTime: true }] })).urgentCompliance).toBe(1);
    expect(reportDay(day({ urgentDue: [{ status: 'open', placedOnTime: null }] })).urgentCompliance).toBe(0);
  });
});

// B8 with R9 and B6: places offered.
describe('placesOn', () => {
  it('offers places × sessions on a workday, none on a weekend or holiday, none in a closed session', () => {
    expect(placesOn(minhang, calendar, '2027-09-14')).toBe(12);
    expect(placesOn(minhang, calendar, '2027-09-18')).toBe(0); // Saturday
    expect(placesOn(minhang, calendar, '2026-10-01')).toBe(0); // National Day
    expect(placesOn(minhang, calendar, '2026-09-20')).toBe(12); // adjusted working Sunday (调休)
    expect(placesOn(minhang, calendar, '2027-09-14', 1)).toBe(6);
    expect(placesOn(minhang, calendar, '2027-09-14', 2)).toBe(0);
    expect(placesOn({ placesPerSession: 4, sessions: minhang.sessions }, calendar, '2027-09-14')).toBe(8);
  });
});

// R10: overdue — open past the deadline, or answered after it.
describe('suggestions: overdue and report figures', () => {
  const due = '2027-09-13T09:00:00.000+08:00';
  it('flags an open suggestion only after its deadline', () => {
    expect(isOverdue({ status: 'open', replyDueBy: due }, sh('2027-09-13T09:00:00'))).toBe(false);
    expect(isOverdue({ status: 'open', replyDueBy: due }, sh('2027-09-13T09:00:01'))).toBe(true);
  });
  it('keeps a late reply flagged and an in-time reply clear, whenever it is read', () => {
    const later = sh('2027-12-01T00:00:00');
    expect(isOverdue({ status: 'replied', replyDueBy: due, repliedAt: '2027-09-13T08:59:59.000+08:00' }, later)).toBe(false);
    expect(isOverdue({ status: 'replied', replyDueBy: due, repliedAt: '2027-09-13T09:00:00.001+08:00' }, later)).toBe(true);
  });
  it('counts the suggestions filed in the range: still open, and overdue', () => {
    const now = sh('2027-09-20T12:00:00');
    const s = [
      { status: 'open' as const, createdAt: '2027-09-06T10:00:00.000+08:00', replyDueBy: '2027-09-13T10:00:00.000+08:00' }, // before the range
      { status: 'open' as const, createdAt: '2027-09-13T10:00:00.000+08:00', replyDueBy: '2027-09-20T10:00:00.000+08:00' }, // open, overdue
      { status: 'open' as const, createdAt: '2027-09-17T23:59:00.000+08:00', replyDueBy: '2027-09-24T23:59:00.000+08:00' }, // open
      { status: 'replied' as const, createdAt: '2027-09-14T10:00:00.000+08:00', replyDueBy: '2027-09-21T10:00:00.000+08:00', repliedAt: '2027-09-15T10:00:00.000+08:00' },
      { status: 'replied' as const, createdAt: '2027-09-13T08:00:00.000+08:00', replyDueBy: '2027-09-20T08:00:00.000+08:00', repliedAt: '2027-09-20T11:00:00.000+08:00' }, // late
      { status: 'open' as const, createdAt: '2027-09-18T00:00:00.000+08:00', replyDueBy: '2027-09-25T00:00:00.000+08:00' }, // after the range
    ];
    expect(suggestionCounts(s, '2027-09-13', '2027-09-17', now)).toEqual({ suggestionsOpen: 2, suggestionsOverdue: 2 });
  });
  it('cuts a reply to the SMS length with an ellipsis, counting characters not bytes', () => {
    expect(smsReply('已答复')).toBe('已答复');
    const exact = '答'.repeat(SMS_REPLY_CHARS);
    expect(smsReply(exact)).toBe(exact);
    const cut = smsReply('答'.repeat(SMS_REPLY_CHARS + 1));
    expect([...cut]).toHaveLength(SMS_REPLY_CHARS);
    expect(cut.endsWith('…')).toBe(true);
  });
});

// R14 and B8: date ranges and the district a caller may report on.
describe('ranges and report scope', () => {
  it('accepts up to the maximum inclusive days and refuses reversed or longer ranges', () => {
    expect(() => checkRange('2027-09-13', '2027-09-13', 1)).not.toThrow();
    expect(() => checkRange('2027-07-15', '2027-09-14', 62)).not.toThrow();
    expect(() => checkRange('2027-07-14', '2027-09-14', 62)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => checkRange('2027-09-14', '2027-09-13', 62)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(datesBetween('2027-02-27', '2027-03-02')).toEqual(['2027-02-27', '2027-02-28', '2027-03-01', '2027-03-02']);
  });

  it('gives a committee its own district and an admin the one named', () => {
    expect(reportDistrict(principal('committee', 'minhang'), undefined)).toBe('minhang');
    expect(reportDistrict(principal('committee', 'minhang'), 'minhang')).toBe('minhang');
    expect(() => reportDistrict(principal('committee', 'minhang'), 'changning')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => reportDistrict(principal('committee'), undefined)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(reportDistrict(principal('admin'), 'changning')).toBe('changning');
    expect(reportDistrict(principal('admin'), undefined)).toBeUndefined();
    expect(() => reportDistrict(principal('staff'), 'minhang')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('answers 404 for an unknown district and for one this deployment does not serve', async () => {
    const served = process.env.DISTRICT_TABLES;
    process.env.DISTRICT_TABLES = 'minhang=unit-minhang-district';
    try {
      const notHere = districtReport(principal('admin'), { district: 'changning', from: '2027-09-13', to: '2027-09-13' }, new Date());
      await expect(notHere).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('该区县') });
      await expect(districtReport(principal('admin'), { district: 'pudong', from: '2027-09-13', to: '2027-09-13' }, new Date())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      process.env.DISTRICT_TABLES = served;
    }
  });
});

// B8: the report's reads against a mocked DocumentClient — queries on keys and indexes only, never a Scan.
describe('districtReport reads', () => {
  const ddbMock = mockClient(DynamoDBDocumentClient);
  const lowLevelMock = mockClient(DynamoDBClient);
  afterAll(() => {
    ddbMock.restore();
    lowLevelMock.restore();
  });

  it('queries every day queue and interrogation day, the urgent, session and register partitions (following pages), never a Scan', async () => {
    ddbMock.reset();
    lowLevelMock.reset();
    ddbMock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      const pk = input.ExpressionAttributeValues?.[':pk'];
      if (pk === 'DAY#minhang-kss#2027-09-14') {
        // Two pages: the report follows LastEvaluatedKey.
        if (!input.ExclusiveStartKey) return { Items: [{ PK: 'BOOKING#a', SK: 'BOOKING', status: 'completed', late: true }], LastEvaluatedKey: { PK: 'BOOKING#a', SK: 'BOOKING' } };
        return {
          Items: [
            { PK: 'BOOKING#b', SK: 'BOOKING', status: 'no_show' },
            { PK: 'BOOKING#c', SK: 'BOOKING', status: 'cancelled' },
          ],
        };
      }
      if (pk === 'INTERROGATIONS#minhang-kss#2027-09-14') return { Count: 2 };
      if (pk === 'URGENT#minhang-kss') return { Items: [{ GSI1SK: '2027-09-14T10:00:00.000+08:00#ur.minhang.X', status: 'placed', placedOnTime: true }] };
      if (pk === 'URGENTOPEN#minhang-kss') return { Count: 3 };
      if (pk === 'SESSIONS#minhang-kss') return { Items: [{ SK: '2027-09-14.PM' }] };
      if (pk === 'SUGGESTIONS#minhang-kss') {
        return { Items: [{ PK: pk, SK: 'sg_1', suggestionId: 'sg_1', status: 'open', createdAt: '2027-09-13T10:00:00.000+08:00', replyDueBy: '2027-09-20T10:00:00.000+08:00' }] };
      }
      return input.Select === 'COUNT' ? { Count: 0 } : { Items: [] };
    });

    const report = await districtReport(principal('committee', 'minhang'), { from: '2027-09-13', to: '2027-09-14' }, sh('2027-09-21T12:00:00'));

    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(lowLevelMock.commandCalls(LowLevelScanCommand)).toHaveLength(0);
    const reads = ddbMock.commandCalls(QueryCommand).map((c) => `${c.args[0].input.IndexName ?? 'table'} ${c.args[0].input.ExpressionAttributeValues?.[':pk']}`);
    expect(reads.sort()).toEqual(
      [
        'GSI1 DAY#minhang-kss#2027-09-13',
        'GSI1 DAY#minhang-kss#2027-09-14',
        'GSI1 DAY#minhang-kss#2027-09-14',
        'GSI1 INTERROGATIONS#minhang-kss#2027-09-13',
        'GSI1 INTERROGATIONS#minhang-kss#2027-09-14',
        'GSI1 URGENT#minhang-kss',
        'GSI2 URGENTOPEN#minhang-kss',
        // Days frozen into aggregates by the retention job (issue 21), read first: none here.
        'table REPORTDAY#minhang-kss',
        'table SESSIONS#minhang-kss',
        'table SUGGESTIONS#minhang-kss',
      ].sort(),
    );
    const urgentRead = ddbMock.commandCalls(QueryCommand).find((c) => c.args[0].input.ExpressionAttributeValues?.[':pk'] === 'URGENT#minhang-kss')!.args[0].input;
    expect(urgentRead.ExpressionAttributeValues).toMatchObject({ ':from': '2027-09-13T', ':to': '2027-09-14T~' });

    expect(report.district).toBe('minhang');
    expect(report.days).toEqual([
      expect.objectContaining({ date: '2027-09-13', booked: 0, places: 12, interrogations: 0, urgentCompliance: null }),
      expect.objectContaining({
        date: '2027-09-14',
        booked: 3,
        attended: 1,
        late: 1,
        noShow: 1,
        cancelledByLawyer: 1,
        interrogations: 2,
        places: 6,
        utilisation: 0.333,
        urgentDue: 1,
        urgentPlacedOnTime: 1,
        urgentCompliance: 1,
      }),
    ]);
    expect(report.centers).toEqual([{ centerId: 'minhang-kss', name: '上海市闵行区看守所', suggestionsOpen: 1, suggestionsOverdue: 1, urgentOpen: 3 }]);
  });
});
