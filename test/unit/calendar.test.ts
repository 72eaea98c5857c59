// The Chinese working calendar (shared/domain/calendar.ts, R9) on the repo's real 2026 data
// (config/calendar/2026.json, the State Council schedule): statutory holidays are closed, adjusted
// working weekends (调休) are open, beyond coverage the plain Monday–Friday rule applies, and ops
// are warned from 60 days before coverage ends. Table-driven; pure, no clock.
import path from 'node:path';
import { loadCityConfig } from '../../shared/config';
import { addDays, calendarYearProblems, COVERAGE_WARNING_DAYS, daysBetween, weekday, WorkCalendar, type CalendarYear } from '../../shared/domain/calendar';

const REPO_CONFIG = path.resolve(__dirname, '..', '..', 'config');
const years = loadCityConfig(REPO_CONFIG).calendar;
const calendar = new WorkCalendar(years);

/** Every date from `from` to `to` inclusive. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('date helpers', () => {
  it.each([
    ['2026-01-01', 4],
    ['2026-01-04', 0],
    ['2026-02-14', 6],
    ['2026-12-05', 6],
    ['2026-12-06', 0],
    ['2026-12-07', 1],
    ['2027-01-01', 5],
    ['2028-02-29', 2],
  ])('weekday(%s) = %i (0 = Sunday)', (date, day) => {
    expect(weekday(date)).toBe(day);
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-12-01', 7, '2026-12-08'],
    ['2026-12-01', 0, '2026-12-01'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-11-01', '2026-12-31', 60],
    ['2026-10-31', '2026-12-31', 61],
    ['2026-12-31', '2026-12-31', 0],
    ['2027-01-01', '2026-12-31', -1],
    ['2026-01-01', '2026-12-31', 364],
    ['2028-01-01', '2028-12-31', 365],
  ])('daysBetween(%s, %s) = %i', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('the 2026 calendar of the repo', () => {
  it('is one year, 2026, covered until 2026-12-31, and valid', () => {
    expect(years.map((y) => y.year)).toEqual([2026]);
    expect(calendar.coveredUntil).toBe('2026-12-31');
    expect(calendarYearProblems(years[0])).toEqual([]);
  });

  const HOLIDAYS: [string, string, string][] = [
    ['元旦', '2026-01-01', '2026-01-03'],
    ['春节', '2026-02-15', '2026-02-23'],
    ['清明', '2026-04-04', '2026-04-06'],
    ['劳动节', '2026-05-01', '2026-05-05'],
    ['端午', '2026-06-19', '2026-06-21'],
    ['中秋', '2026-09-25', '2026-09-27'],
    ['国庆', '2026-10-01', '2026-10-07'],
  ];
  const holidayDates = HOLIDAYS.flatMap(([name, from, to]) => datesFrom(from, to).map((d) => [name, d] as const));

  it.each(holidayDates)('%s: %s is closed', (_name, date) => {
    expect(calendar.isCovered(date)).toBe(true);
    expect(calendar.isWorkday(date)).toBe(false);
  });

  it('the holidays of the data are exactly the 33 days of the official schedule', () => {
    expect([...years[0].holidays].sort()).toEqual(holidayDates.map(([, d]) => d).sort());
  });

  it.each(HOLIDAYS)('%s: the weekdays right around it (%s – %s) follow the plain rule', (_name, from, to) => {
    for (const date of [addDays(from, -1), addDays(to, 1)]) {
      if (years[0].workingWeekends.includes(date)) continue;
      const day = weekday(date);
      expect(calendar.isWorkday(date)).toBe(day !== 0 && day !== 6);
    }
  });

  it.each([
    ['2026-01-04', 0, '元旦'],
    ['2026-02-14', 6, '春节'],
    ['2026-02-28', 6, '春节'],
    ['2026-05-09', 6, '劳动节'],
    ['2026-09-20', 0, '国庆'],
    ['2026-10-10', 6, '国庆'],
  ])('调休: %s (weekday %i, for %s) is an open working weekend', (date, day) => {
    expect(weekday(date)).toBe(day);
    expect(calendar.isWorkday(date)).toBe(true);
  });

  it('the working weekends of the data are exactly the six official ones', () => {
    expect([...years[0].workingWeekends].sort()).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it.each([
    ['2026-01-05', true, 'Monday after 元旦'],
    ['2026-03-10', true, 'ordinary Tuesday'],
    ['2026-06-18', true, 'Thursday before 端午'],
    ['2026-07-15', true, 'ordinary Wednesday'],
    ['2026-12-04', true, 'ordinary Friday'],
    ['2026-12-31', true, 'last covered day (Thursday)'],
    ['2026-01-10', false, 'ordinary Saturday'],
    ['2026-01-11', false, 'ordinary Sunday'],
    ['2026-05-10', false, 'Sunday after the 调休 Saturday'],
    ['2026-10-11', false, 'Sunday after the 调休 Saturday'],
    ['2026-12-05', false, 'ordinary Saturday'],
    ['2026-12-06', false, 'ordinary Sunday'],
  ])('%s is a workday: %s (%s)', (date, open) => {
    expect(calendar.isWorkday(date)).toBe(open);
  });

  it('2026 has 248 workdays (261 weekdays − 19 holidays on weekdays + 6 working weekends)', () => {
    expect(datesFrom('2026-01-01', '2026-12-31').filter((d) => calendar.isWorkday(d))).toHaveLength(248);
  });
});

describe('beyond coverage, without a source of statutory holidays: plain Monday–Friday', () => {
  it.each([
    ['2027-01-01', true, 'Friday (元旦 2027 is not published: open by the fallback)'],
    ['2027-01-02', false, 'Saturday'],
    ['2027-01-03', false, 'Sunday'],
    ['2027-01-04', true, 'Monday'],
    ['2027-02-08', true, 'Monday'],
    ['2027-10-01', true, 'Friday (国庆 2027 is not published)'],
    ['2027-10-02', false, 'Saturday'],
  ])('%s is a workday: %s (%s)', (date, open) => {
    expect(calendar.isCovered(date)).toBe(false);
    expect(calendar.isWorkday(date)).toBe(open);
  });

  it('a date of an uncovered year that looks like a 2026 holiday is not treated as one', () => {
    // 2027-10-04 is a Monday; only 2026's national-day week is in the data.
    expect(calendar.isWorkday('2027-10-04')).toBe(true);
  });
});

describe('coverage warning (60 days before the last covered date)', () => {
  it('warns from COVERAGE_WARNING_DAYS = 60 days before coverage ends', () => {
    expect(COVERAGE_WARNING_DAYS).toBe(60);
  });

  it.each([
    ['2026-01-01', 364, false],
    ['2026-06-30', 184, false],
    ['2026-10-31', 61, false],
    ['2026-11-01', 60, true],
    ['2026-11-02', 59, true],
    ['2026-12-30', 1, true],
    ['2026-12-31', 0, true],
    ['2027-01-01', -1, true],
    ['2027-03-01', -60, true],
  ])('on %s: %i days of coverage left, needsNextYear = %s', (today, left, warn) => {
    expect(calendar.daysOfCoverageLeft(today)).toBe(left);
    expect(calendar.needsNextYear(today)).toBe(warn);
  });

  it('with 2027 added, coverage extends to 2027-12-31 and 2026-11-01 no longer warns', () => {
    const next: CalendarYear = { year: 2027, source: 'test', holidays: ['2027-01-01'], workingWeekends: [] };
    const both = new WorkCalendar([...years, next]);
    expect(both.coveredUntil).toBe('2027-12-31');
    expect(both.needsNextYear('2026-11-01')).toBe(false);
    expect(both.needsNextYear('2027-11-01')).toBe(true);
    expect(both.isWorkday('2027-01-01')).toBe(false);
    expect(both.isWorkday('2026-10-01')).toBe(false);
    expect(both.isWorkday('2026-10-10')).toBe(true);
  });

  it('coverage ends with the latest year whatever the order of the years', () => {
    const next: CalendarYear = { year: 2027, source: 'test', holidays: [], workingWeekends: [] };
    expect(new WorkCalendar([next, ...years]).coveredUntil).toBe('2027-12-31');
  });
});

describe('an empty calendar', () => {
  const empty = new WorkCalendar([]);

  it('covers nothing, always warns, and has no days left to count', () => {
    expect(empty.coveredUntil).toBeUndefined();
    expect(empty.isCovered('2026-01-01')).toBe(false);
    expect(empty.daysOfCoverageLeft('2026-01-01')).toBeUndefined();
    expect(empty.needsNextYear('2026-01-01')).toBe(true);
  });

  it.each([
    ['2026-01-01', true],
    ['2026-01-04', false],
    ['2026-10-01', true],
    ['2026-10-10', false],
    ['2026-12-05', false],
    ['2026-12-07', true],
  ])('%s is a workday by Monday–Friday only: %s', (date, open) => {
    expect(empty.isWorkday(date)).toBe(open);
  });
});

describe('calendarYearProblems', () => {
  const base: CalendarYear = { year: 2026, source: 'test', holidays: ['2026-10-01'], workingWeekends: ['2026-10-10'] };

  it('finds nothing wrong with good data', () => {
    expect(calendarYearProblems(base)).toEqual([]);
  });

  it.each<[string, Partial<CalendarYear>, RegExp]>([
    ['a holiday of another year', { holidays: ['2027-01-01'] }, /2027-01-01 is not a date of 2026/],
    ['a working weekend of another year', { workingWeekends: ['2025-12-28'] }, /2025-12-28 is not a date of 2026/],
    ['a malformed date', { holidays: ['2026-1-1'] }, /2026-1-1 is not a date of 2026/],
    ['a date with a time', { holidays: ['2026-10-01T00:00'] }, /is not a date of 2026/],
    ['month 13', { holidays: ['2026-13-01'] }, /2026-13-01 is not a date of 2026/],
    ['day 32', { holidays: ['2026-01-32'] }, /2026-01-32 is not a date of 2026/],
    ['text', { holidays: ['国庆'] }, /国庆 is not a date of 2026/],
    ['a working weekend on a weekday', { workingWeekends: ['2026-10-09'] }, /working weekend 2026-10-09 is not a Saturday or Sunday/],
    ['a day both holiday and working day', { holidays: ['2026-10-10'], workingWeekends: ['2026-10-10'] }, /2026-10-10 is both a holiday and a working day/],
  ])('reports %s', (_what, change, problem) => {
    const problems = calendarYearProblems({ ...base, ...change });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('reports every problem, not only the first', () => {
    const problems = calendarYearProblems({ year: 2026, source: 'test', holidays: ['2027-01-01', '2026-10-03'], workingWeekends: ['2026-10-08', '2026-10-03'] });
    expect(problems).toHaveLength(3);
  });
});
