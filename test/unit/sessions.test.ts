// Sessions (shared/domain/sessions.ts, R9 and the §6 defaults): slot ids, slot generation on the
// Chinese working calendar, the booking window, booking and free-cancellation cut-offs, late
// arrival. All instants are Asia/Shanghai (+08:00). Table-driven; pure, no clock.
import path from 'node:path';
import { DEFAULT_SESSIONS, findCenter, loadCityConfig, type CenterConfig } from '../../shared/config';
import { WorkCalendar } from '../../shared/domain/calendar';
import {
  isFreeCancellation,
  isFuture,
  isLateArrival,
  lastBookableDate,
  resolveSlot,
  slotOf,
  slotsBetween,
  slotUnavailableReason,
  toSlotId,
  type Slot,
} from '../../shared/domain/sessions';

const config = loadCityConfig(path.resolve(__dirname, '..', '..', 'config'));
const calendar = new WorkCalendar(config.calendar);
const center: CenterConfig = findCenter('minhang-kss', config)!;

/** A Shanghai wall-clock instant. */
const sh = (isoLocal: string): Date => new Date(`${isoLocal}+08:00`);
const slot = (slotId: string): Slot => {
  const s = resolveSlot(center, slotId);
  if (!s) throw new Error(`no slot ${slotId}`);
  return s;
};
const MS = 1;
const MINUTE = 60_000;

describe('center defaults (SPEC §6)', () => {
  it('minhang-kss uses the notice defaults', () => {
    expect(center.sessions).toEqual(DEFAULT_SESSIONS);
    expect(DEFAULT_SESSIONS).toEqual([
      { name: 'AM', start: '08:30', lastAdmission: '11:00', end: '11:30' },
      { name: 'PM', start: '13:30', lastAdmission: '16:30', end: '17:00' },
    ]);
    expect(center).toMatchObject({
      placesPerSession: 6,
      bookingWindowDays: 7,
      bookingCutoffMinutes: 0,
      freeCancelCutoffMinutes: 0,
      lateGraceMinutes: 30,
      pairFutureBookingCap: 2,
    });
  });
});

describe('resolveSlot', () => {
  it.each([
    ['2026-12-01.AM', '2026-12-01', 'AM', '2026-12-01T08:30:00+08:00', '2026-12-01T11:00:00+08:00', '2026-12-01T11:30:00+08:00'],
    ['2026-12-01.PM', '2026-12-01', 'PM', '2026-12-01T13:30:00+08:00', '2026-12-01T16:30:00+08:00', '2026-12-01T17:00:00+08:00'],
    ['2028-02-29.AM', '2028-02-29', 'AM', '2028-02-29T08:30:00+08:00', '2028-02-29T11:00:00+08:00', '2028-02-29T11:30:00+08:00'],
    // A slot id names a session on a date; whether that date is a workday is decided later.
    ['2026-12-05.AM', '2026-12-05', 'AM', '2026-12-05T08:30:00+08:00', '2026-12-05T11:00:00+08:00', '2026-12-05T11:30:00+08:00'],
  ])('%s → %s %s, start/last admission/end in Shanghai time', (slotId, date, name, start, lastAdmission, end) => {
    const s = resolveSlot(center, slotId);
    expect(s).toBeDefined();
    expect(s!.slotId).toBe(slotId);
    expect(s!.date).toBe(date);
    expect(s!.session.name).toBe(name);
    expect(s!.start.getTime()).toBe(new Date(start).getTime());
    expect(s!.lastAdmission.getTime()).toBe(new Date(lastAdmission).getTime());
    expect(s!.end.getTime()).toBe(new Date(end).getTime());
  });

  it('the AM start is 00:30 UTC of the same date (UTC+8, no daylight saving)', () => {
    expect(slot('2026-07-01.AM').start.toISOString()).toBe('2026-07-01T00:30:00.000Z');
    expect(slot('2026-01-05.PM').start.toISOString()).toBe('2026-01-05T05:30:00.000Z');
  });

  it.each([
    ['2026-02-30.AM', 'a day February does not have'],
    ['2026-02-29.AM', 'February 29 of a common year'],
    ['2026-04-31.PM', 'April 31'],
    ['2026-13-01.AM', 'month 13'],
    ['2026-00-10.AM', 'month 0'],
    ['2026-12-32.AM', 'day 32'],
    ['2026-12-01.EVE', 'a session the center does not have'],
    ['2026-12-01.am', 'session names are case-sensitive'],
    ['2026-12-01.', 'no session'],
    ['2026-12-01', 'no session part'],
    ['2026-12-01AM', 'no separator'],
    ['2026-12-01.AM.x', 'trailing junk'],
    [' 2026-12-01.AM', 'leading space'],
    ['2026-12-1.AM', 'one-digit day'],
    ['26-12-01.AM', 'two-digit year'],
    ['2026/12/01.AM', 'slashes'],
    ['AM.2026-12-01', 'reversed'],
    ['', 'empty'],
  ])('%j is no slot (%s)', (slotId) => {
    expect(resolveSlot(center, slotId)).toBeUndefined();
  });

  it('resolves the sessions a center configures, whatever their names', () => {
    const custom = { sessions: [{ name: 'early_1', start: '08:30', lastAdmission: '09:30', end: '10:00' }] };
    expect(resolveSlot(custom, '2026-12-01.early_1')?.start.toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(resolveSlot(custom, '2026-12-01.AM')).toBeUndefined();
  });

  it('toSlotId and slotOf build the same id resolveSlot reads', () => {
    expect(toSlotId('2026-12-01', 'PM')).toBe('2026-12-01.PM');
    expect(slotOf('2026-12-01', DEFAULT_SESSIONS[1])).toEqual(slot('2026-12-01.PM'));
  });
});

describe('slotsBetween', () => {
  const ids = (from: string, to: string, c: Pick<CenterConfig, 'sessions'> = center) => slotsBetween(c, calendar, from, to).map((s) => s.slotId);

  it.each<[string, string, string, string[]]>([
    ['国庆 week and the 调休 Saturday after it', '2026-09-28', '2026-10-11', ['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']],
    [
      '春节 with the 调休 Saturdays before and after',
      '2026-02-13',
      '2026-03-01',
      ['2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28'],
    ],
    ['中秋 with the 调休 Sunday before it', '2026-09-19', '2026-09-27', ['2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24']],
    ['元旦 and the 调休 Sunday after it', '2026-01-01', '2026-01-05', ['2026-01-04', '2026-01-05']],
    ['劳动节 and the 调休 Saturday', '2026-05-01', '2026-05-10', ['2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09']],
    ['an ordinary week', '2026-11-30', '2026-12-06', ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']],
    ['one ordinary Saturday', '2026-12-05', '2026-12-05', []],
    ['across the end of coverage (2027-01-01 is a Friday)', '2026-12-30', '2027-01-04', ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-04']],
    ['an empty range', '2026-12-02', '2026-12-01', []],
  ])('%s: %s to %s', (_what, from, to, dates) => {
    expect(ids(from, to)).toEqual(dates.flatMap((d) => [`${d}.AM`, `${d}.PM`]));
  });

  it('orders sessions by start time, whatever their order in the config', () => {
    const reversed = { sessions: [DEFAULT_SESSIONS[1], DEFAULT_SESSIONS[0]] };
    expect(ids('2026-12-01', '2026-12-02', reversed)).toEqual(['2026-12-01.AM', '2026-12-01.PM', '2026-12-02.AM', '2026-12-02.PM']);
  });

  it('every generated slot resolves back to itself', () => {
    for (const s of slotsBetween(center, calendar, '2026-09-20', '2026-10-20')) expect(resolveSlot(center, s.slotId)).toEqual(s);
  });
});

describe('booking window (default 7 days, Shanghai dates)', () => {
  it.each([
    ['2026-12-01T08:00:00', '2026-12-08'],
    ['2026-12-01T00:00:00', '2026-12-08'],
    ['2026-12-01T23:59:59.999', '2026-12-08'],
    // 2026-11-30T16:30Z is already 2026-12-01 in Shanghai.
    ['2026-12-01T00:30:00', '2026-12-08'],
    ['2026-11-30T23:59:59.999', '2026-12-07'],
    ['2026-12-28T10:00:00', '2027-01-04'],
  ])('at %s Shanghai the last bookable date is %s', (now, last) => {
    expect(lastBookableDate(center, sh(now))).toBe(last);
  });

  it('uses the Shanghai date, not the UTC date', () => {
    const now = new Date('2026-11-30T16:30:00Z'); // 2026-12-01 00:30 in Shanghai
    expect(lastBookableDate(center, now)).toBe('2026-12-08');
  });

  it('follows a configured window', () => {
    expect(lastBookableDate({ bookingWindowDays: 14 }, sh('2026-12-01T08:00:00'))).toBe('2026-12-15');
  });
});

describe('slotUnavailableReason', () => {
  const NOW = sh('2026-12-01T08:00:00');
  const NOT_WORKDAY = /不是工作日/;
  const CLOSED = /已开始或已截止预约/;
  const WINDOW = /只能预约 7 天内的时段/;

  it.each<[string, string, RegExp | undefined]>([
    ['2026-12-01.AM', 'today, before start', undefined],
    ['2026-12-01.PM', 'today, afternoon', undefined],
    ['2026-12-02.AM', 'tomorrow', undefined],
    ['2026-12-08.AM', 'today + 7: last day of the window', undefined],
    ['2026-12-08.PM', 'today + 7, afternoon', undefined],
    ['2026-12-09.AM', 'today + 8: outside the window', WINDOW],
    ['2026-12-31.AM', 'far outside the window', WINDOW],
    ['2026-12-05.AM', 'a Saturday', NOT_WORKDAY],
    ['2026-12-06.PM', 'a Sunday', NOT_WORKDAY],
    ['2026-11-30.PM', 'yesterday', CLOSED],
  ])('at 2026-12-01 08:00: %s (%s) → %s', (slotId, _what, reason) => {
    const got = slotUnavailableReason(center, calendar, slot(slotId), NOW);
    if (reason) expect(got).toMatch(reason);
    else expect(got).toBeUndefined();
  });

  it.each<[string, string, RegExp | undefined]>([
    ['2026-09-30T09:00:00', '2026-10-01.AM', NOT_WORKDAY],
    ['2026-09-30T09:00:00', '2026-10-07.PM', NOT_WORKDAY],
    ['2026-09-30T09:00:00', '2026-10-08.AM', WINDOW],
    ['2026-10-03T09:00:00', '2026-10-08.AM', undefined],
    ['2026-10-03T09:00:00', '2026-10-10.AM', undefined],
    ['2026-10-03T09:00:00', '2026-10-11.AM', NOT_WORKDAY],
    ['2026-02-10T09:00:00', '2026-02-14.PM', undefined],
    ['2026-02-10T09:00:00', '2026-02-16.AM', NOT_WORKDAY],
    ['2026-09-15T09:00:00', '2026-09-20.AM', undefined],
  ])('holidays and 调休: at %s, %s → %s', (now, slotId, reason) => {
    const got = slotUnavailableReason(center, calendar, slot(slotId), sh(now));
    if (reason) expect(got).toMatch(reason);
    else expect(got).toBeUndefined();
  });

  it('a closed day reads as not a workday even when it is also outside the window or past', () => {
    expect(slotUnavailableReason(center, calendar, slot('2026-12-12.AM'), NOW)).toMatch(NOT_WORKDAY);
    expect(slotUnavailableReason(center, calendar, slot('2026-11-29.AM'), NOW)).toMatch(NOT_WORKDAY);
  });

  describe('booking cut-off', () => {
    const am = slot('2026-12-01.AM');
    it.each<[string, number, string, boolean]>([
      ['default (0): at start', 0, '2026-12-01T08:30:00', false],
      ['default (0): 1 ms before start', 0, '2026-12-01T08:29:59.999', true],
      ['default (0): after start, before last admission', 0, '2026-12-01T10:00:00', false],
      ['60 min: one hour before start', 60, '2026-12-01T07:30:00', false],
      ['60 min: one hour and 1 ms before start', 60, '2026-12-01T07:29:59.999', true],
      ['60 min: between the cut-off and start', 60, '2026-12-01T08:00:00', false],
      ['60 min: the evening before', 60, '2026-11-30T20:00:00', true],
      ['1440 min: exactly one day before', 1440, '2026-11-30T08:30:00', false],
      ['1440 min: one day and 1 ms before', 1440, '2026-11-30T08:29:59.999', true],
    ])('%s → bookable: %s', (_what, bookingCutoffMinutes, now, bookable) => {
      const got = slotUnavailableReason({ ...center, bookingCutoffMinutes }, calendar, am, sh(now));
      if (bookable) expect(got).toBeUndefined();
      else expect(got).toMatch(CLOSED);
    });

    it('the PM session has its own cut-off', () => {
      const pm = slot('2026-12-01.PM');
      expect(slotUnavailableReason(center, calendar, pm, sh('2026-12-01T13:29:59.999'))).toBeUndefined();
      expect(slotUnavailableReason(center, calendar, pm, sh('2026-12-01T13:30:00'))).toMatch(CLOSED);
      expect(slotUnavailableReason({ ...center, bookingCutoffMinutes: 60 }, calendar, pm, sh('2026-12-01T12:30:00'))).toMatch(CLOSED);
      expect(slotUnavailableReason({ ...center, bookingCutoffMinutes: 60 }, calendar, pm, sh('2026-12-01T12:29:59.999'))).toBeUndefined();
    });
  });

  it('a configured window of 14 days opens today + 14 and closes today + 15', () => {
    const wide = { ...center, bookingWindowDays: 14 };
    expect(slotUnavailableReason(wide, calendar, slot('2026-12-15.AM'), NOW)).toBeUndefined();
    expect(slotUnavailableReason(wide, calendar, slot('2026-12-16.AM'), NOW)).toMatch(/只能预约 14 天内的时段/);
  });
});

describe('free cancellation (until session start by default)', () => {
  const am = slot('2026-12-03.AM');
  it.each<[string, number, string, boolean]>([
    ['default: the day before', 0, '2026-12-02T18:00:00', true],
    ['default: 1 ms before start', 0, '2026-12-03T08:29:59.999', true],
    ['default: at start', 0, '2026-12-03T08:30:00', false],
    ['default: after start', 0, '2026-12-03T09:00:00', false],
    ['120 min: 2 h and 1 ms before start', 120, '2026-12-03T06:29:59.999', true],
    ['120 min: exactly 2 h before start', 120, '2026-12-03T06:30:00', false],
    ['120 min: 1 h before start', 120, '2026-12-03T07:30:00', false],
    ['1440 min: the afternoon before', 1440, '2026-12-02T15:00:00', false],
    ['1440 min: the morning before', 1440, '2026-12-02T08:00:00', true],
  ])('%s → free: %s', (_what, freeCancelCutoffMinutes, now, free) => {
    expect(isFreeCancellation({ freeCancelCutoffMinutes }, am, sh(now))).toBe(free);
  });

  it('the PM session is free until 13:30 Shanghai', () => {
    const pm = slot('2026-12-03.PM');
    expect(isFreeCancellation(center, pm, sh('2026-12-03T13:29:59.999'))).toBe(true);
    expect(isFreeCancellation(center, pm, sh('2026-12-03T13:30:00'))).toBe(false);
    // 13:30 Shanghai is 05:30 UTC: a UTC reading of the session times would get this wrong.
    expect(isFreeCancellation(center, pm, new Date('2026-12-03T05:29:59.999Z'))).toBe(true);
    expect(isFreeCancellation(center, pm, new Date('2026-12-03T05:30:00Z'))).toBe(false);
  });
});

describe('late arrival (after start + 30 min by default)', () => {
  const am = slot('2026-12-03.AM');
  const pm = slot('2026-12-03.PM');
  it.each<[string, Slot, number, Date, boolean]>([
    ['AM: at start', am, 30, sh('2026-12-03T08:30:00'), false],
    ['AM: early', am, 30, sh('2026-12-03T08:00:00'), false],
    ['AM: start + 29 min', am, 30, sh('2026-12-03T08:59:00'), false],
    ['AM: start + 30 min exactly', am, 30, sh('2026-12-03T09:00:00'), false],
    ['AM: start + 30 min + 1 ms', am, 30, new Date(sh('2026-12-03T09:00:00').getTime() + MS), true],
    ['AM: at last admission', am, 30, sh('2026-12-03T11:00:00'), true],
    ['PM: start + 30 min exactly', pm, 30, sh('2026-12-03T14:00:00'), false],
    ['PM: start + 30 min + 1 ms', pm, 30, sh('2026-12-03T14:00:00.001'), true],
    ['grace 0: at start', am, 0, sh('2026-12-03T08:30:00'), false],
    ['grace 0: start + 1 ms', am, 0, sh('2026-12-03T08:30:00.001'), true],
    ['grace 45: start + 45 min', am, 45, new Date(am.start.getTime() + 45 * MINUTE), false],
    ['grace 45: start + 45 min + 1 ms', am, 45, new Date(am.start.getTime() + 45 * MINUTE + MS), true],
  ])('%s → late: %s', (_what, s, lateGraceMinutes, arrivedAt, late) => {
    expect(isLateArrival({ lateGraceMinutes }, s, arrivedAt)).toBe(late);
  });

  it('uses the center default of 30 minutes', () => {
    expect(isLateArrival(center, am, sh('2026-12-03T09:00:00'))).toBe(false);
    expect(isLateArrival(center, am, sh('2026-12-03T09:00:00.001'))).toBe(true);
  });
});

describe('isFuture', () => {
  const am = slot('2026-12-03.AM');
  it.each([
    ['2026-12-03T08:29:59.999', true],
    ['2026-12-03T08:30:00', false],
    ['2026-12-03T08:30:00.001', false],
    ['2026-12-01T08:00:00', true],
  ])('at %s Shanghai the AM session of 2026-12-03 is in the future: %s', (now, future) => {
    expect(isFuture(am, sh(now))).toBe(future);
  });
});
