// The provisional calendar (SPEC B12): for a year without config/calendar/<year>.json the statutory
// holidays of the national rules are closed, read from shared/domain/provisional-holidays.json,
// which scripts/generate-provisional-calendar.ts computes from the lunar calendar (tyme4ts); the
// official file still wins where it exists. The expected dates below are the festivals as published
// in almanacs, written out by hand so the library is checked, not trusted; the data file is
// recomputed here so it cannot drift from the library.
import './support/unit-env';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { calendarCoverageWarning, provisionalDataWarning } from '../../shared/calendar-coverage';
import { loadCityConfig } from '../../shared/config';
import { addDays, weekday, WorkCalendar } from '../../shared/domain/calendar';
import { hasStatutoryHolidays, PROVISIONAL_YEARS, statutoryHolidays } from '../../shared/domain/statutory-holidays';
import { workCalendar } from '../../shared/work-calendar';
import { DATA_FILE, firstProvisionalYear, provisionalHolidayData, provisionalHolidayFile } from '../../scripts/generate-provisional-calendar';
import { computeStatutoryHolidays } from '../../scripts/lib/statutory-holiday-rules';

const officialYears = loadCityConfig(path.resolve(__dirname, '..', '..', 'config')).calendar;

function datesOf(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.push(d);
  return out;
}
const isWeekday = (d: string) => weekday(d) !== 0 && weekday(d) !== 6;

describe('statutory holidays of the national rules', () => {
  it.each([
    [
      2027,
      // 春节: 除夕 02-05, 正月初一 02-06 (a Saturday) to 初三 02-08; 清明 04-05; 端午 06-09; 中秋 09-15.
      [
        '2027-01-01',
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-06-09',
        '2027-09-15',
        '2027-10-01',
        '2027-10-02',
        '2027-10-03',
      ],
    ],
    [
      2028,
      // 春节: 除夕 01-25, 初一 01-26 to 初三 01-28; 清明 04-04; 端午 05-28; 中秋 10-03, the same day as 国庆's third.
      ['2028-01-01', '2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-04-04', '2028-05-01', '2028-05-02', '2028-05-28', '2028-10-01', '2028-10-02', '2028-10-03'],
    ],
  ])('%i', (year, expected) => {
    expect(statutoryHolidays(year).map((h) => h.date)).toEqual(expected);
    expect(computeStatutoryHolidays(year).map((h) => h.date)).toEqual(expected);
  });

  it('names each day after its festival', () => {
    const names = Object.fromEntries(statutoryHolidays(2027).map((h) => [h.date, h.name]));
    expect(names).toMatchObject({ '2027-01-01': '元旦', '2027-02-05': '春节', '2027-04-05': '清明节', '2027-06-09': '端午节', '2027-09-15': '中秋节', '2027-10-01': '国庆节' });
  });
});

describe('the platform calendar past the official files', () => {
  const calendar = workCalendar();

  it('closes exactly the weekday holidays of 2027 and opens every other Monday–Friday', () => {
    const closedWeekdays = datesOf(2027).filter((d) => isWeekday(d) && !calendar.isWorkday(d));
    expect(closedWeekdays).toEqual(['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']);
    expect(datesOf(2027).filter((d) => !isWeekday(d) && calendar.isWorkday(d))).toEqual([]);
  });

  it('closes the weekday holidays of 2028', () => {
    const closedWeekdays = datesOf(2028).filter((d) => isWeekday(d) && !calendar.isWorkday(d));
    expect(closedWeekdays).toEqual(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-04-04', '2028-05-01', '2028-05-02', '2028-10-02', '2028-10-03']);
  });

  it('marks 2027 and 2028 provisional and 2026 official', () => {
    expect(calendar.source('2026-12-31')).toBe('official');
    expect(calendar.source('2027-01-01')).toBe('provisional');
    expect(calendar.source('2028-06-01')).toBe('provisional');
  });

  it('leaves 2026 exactly as the official file says, day by day', () => {
    const officialOnly = new WorkCalendar(officialYears);
    const differing = datesOf(2026).filter((d) => calendar.isWorkday(d) !== officialOnly.isWorkday(d));
    expect(differing).toEqual([]);
    // The official file's extra days off (2026-02-20, 10-07) and working weekends (调休) stand.
    expect(calendar.isWorkday('2026-02-20')).toBe(false);
    expect(calendar.isWorkday('2026-10-10')).toBe(true);
    expect(datesOf(2026).filter((d) => calendar.isWorkday(d))).toHaveLength(248);
  });

  it('lets an official file win over the national rules once it lands', () => {
    // Suppose the 2027 notice opens 元旦 (it never would): the file decides, not the computation.
    const withFile = new WorkCalendar([...officialYears, { year: 2027, source: 'test', holidays: ['2027-02-09'], workingWeekends: ['2027-02-20'] }], (y) =>
      statutoryHolidays(y).map((h) => h.date),
    );
    expect(withFile.isWorkday('2027-01-01')).toBe(true);
    expect(withFile.isWorkday('2027-02-09')).toBe(false);
    expect(withFile.isWorkday('2027-02-20')).toBe(true);
    expect(withFile.source('2027-01-01')).toBe('official');
    expect(withFile.isWorkday('2028-01-26')).toBe(false);
  });
});

describe('the generated data (shared/domain/provisional-holidays.json)', () => {
  it('is exactly what the generator writes from tyme4ts, byte for byte', () => {
    const expected = provisionalHolidayFile(provisionalHolidayData(PROVISIONAL_YEARS.first, PROVISIONAL_YEARS.last));
    expect(readFileSync(DATA_FILE, 'utf8')).toBe(expected);
  });

  it('gives every covered year the holidays tyme4ts computes, names included', () => {
    for (let y = PROVISIONAL_YEARS.first; y <= PROVISIONAL_YEARS.last; y++) expect(statutoryHolidays(y)).toEqual(computeStatutoryHolidays(y));
  });

  it('starts right after the official files and covers at least the 20 years from 2026', () => {
    expect(PROVISIONAL_YEARS.first).toBe(firstProvisionalYear());
    expect(PROVISIONAL_YEARS.first).toBe(Math.max(...officialYears.map((y) => y.year)) + 1);
    expect(PROVISIONAL_YEARS.last).toBeGreaterThanOrEqual(2026 + 20);
    for (let y = 2026; y <= 2046; y++) expect(officialYears.some((o) => o.year === y) || hasStatutoryHolidays(y)).toBe(true);
  });
});

describe('past the generated data', () => {
  const after = PROVISIONAL_YEARS.last + 1;
  const calendar = workCalendar();

  it('has no statutory holidays: the year follows Monday–Friday alone, still marked provisional', () => {
    expect(hasStatutoryHolidays(after)).toBe(false);
    expect(statutoryHolidays(after)).toEqual([]);
    expect(datesOf(after).filter((d) => calendar.isWorkday(d) !== isWeekday(d))).toEqual([]);
    expect(calendar.isWorkday(`${after}-01-02`)).toBe(isWeekday(`${after}-01-02`));
    expect(calendar.source(`${after}-10-01`)).toBe('provisional');
    // The last covered year still closes its holidays.
    expect(calendar.isWorkday(`${PROVISIONAL_YEARS.last}-10-01`) && isWeekday(`${PROVISIONAL_YEARS.last}-10-01`)).toBe(false);
  });

  it('is announced by the coverage warning from 60 days before the data ends, not earlier', () => {
    const last = PROVISIONAL_YEARS.last;
    expect(provisionalDataWarning(`${last}-11-01`)).toContain(`through ${last}`);
    expect(provisionalDataWarning(`${after}-03-01`)).toContain(`from ${after}-01-01`);
    expect(provisionalDataWarning(`${last}-10-31`)).toBeUndefined();
    expect(calendarCoverageWarning(new Date(`${last}-11-01T09:00:00+08:00`))).toContain('scripts/generate-provisional-calendar.ts');
    expect(calendarCoverageWarning(new Date('2026-11-01T09:00:00+08:00'))).not.toContain('generate-provisional-calendar');
  });
});

describe('the handlers', () => {
  it('never import tyme4ts (a devDependency: the data file stands in for it at run time)', () => {
    const root = path.resolve(__dirname, '..', '..');
    const files = ['shared', 'functions'].flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(root, dir, f)));
    const importers = files.filter((f) => f.endsWith('.ts') && /from 'tyme4ts'/.test(readFileSync(f, 'utf8')));
    expect(importers).toEqual([]);
  });
});
