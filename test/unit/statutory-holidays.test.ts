// The provisional calendar (SPEC B12): for a year without config/calendar/<year>.json the statutory
// holidays of the national rules are closed, computed from the lunar calendar (tyme4ts); the
// official file still wins where it exists. The expected dates below are the festivals as published
// in almanacs, written out by hand so the library is checked, not trusted.
import './support/unit-env';
import path from 'node:path';
import { loadCityConfig } from '../../shared/config';
import { addDays, weekday, WorkCalendar } from '../../shared/domain/calendar';
import { statutoryHolidays } from '../../shared/domain/statutory-holidays';
import { workCalendar } from '../../shared/work-calendar';

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
