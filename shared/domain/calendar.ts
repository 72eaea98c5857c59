// The Chinese working calendar (R9): statutory holidays are closed, adjusted working weekends (调休)
// are open, as published yearly by the State Council. Years are data in config/calendar/ (the
// official calendar). A year without its file is provisional (B12): the statutory holidays of the
// national rules are closed (given by `provisionalHolidays`) and other days follow Monday–Friday; ops
// are warned in advance so the official file lands before it is needed. Pure: dates in, answers out;
// no clock.

export interface CalendarYear {
  year: number;
  source: string;
  holidays: string[];
  workingWeekends: string[];
}

/** How long before coverage ends ops are warned (log at start, metric/alarm in the cloud). */
export const COVERAGE_WARNING_DAYS = 60;

const DAY_MS = 24 * 3600 * 1000;

/** Day of week of a YYYY-MM-DD date: 0 = Sunday … 6 = Saturday (calendar date, no time zone). */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY_MS);
}

/** Where a date's workday answer comes from: the State Council's file, or the national rules alone. */
export type CalendarSource = 'official' | 'provisional';

/** The statutory holidays (YYYY-MM-DD) of a year without an official file. */
export type ProvisionalHolidays = (year: number) => readonly string[];

export class WorkCalendar {
  private readonly holidays: Set<string>;
  private readonly workingWeekends: Set<string>;
  private readonly officialYears: Set<number>;
  private readonly provisional = new Map<number, Set<string>>();
  /** Last date the official calendar covers, or undefined with no year at all. */
  readonly coveredUntil: string | undefined;

  /** Without `provisionalHolidays`, a year without its file is plain Monday–Friday. */
  constructor(
    years: CalendarYear[],
    private readonly provisionalHolidays: ProvisionalHolidays = () => [],
  ) {
    this.holidays = new Set(years.flatMap((y) => y.holidays));
    this.workingWeekends = new Set(years.flatMap((y) => y.workingWeekends));
    this.officialYears = new Set(years.map((y) => y.year));
    const last = Math.max(...years.map((y) => y.year));
    this.coveredUntil = years.length ? `${last}-12-31` : undefined;
  }

  /** True when the official file of the date's year is there. */
  isCovered(date: string): boolean {
    return this.officialYears.has(Number(date.slice(0, 4)));
  }

  source(date: string): CalendarSource {
    return this.isCovered(date) ? 'official' : 'provisional';
  }

  isWorkday(date: string): boolean {
    if (this.isCovered(date)) {
      if (this.holidays.has(date)) return false;
      if (this.workingWeekends.has(date)) return true;
    } else if (this.provisionalHolidaysOf(Number(date.slice(0, 4))).has(date)) {
      return false;
    }
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  private provisionalHolidaysOf(year: number): Set<string> {
    let days = this.provisional.get(year);
    if (!days) {
      days = new Set(this.provisionalHolidays(year));
      this.provisional.set(year, days);
    }
    return days;
  }

  /** Days from `today` until coverage ends (negative once it has), or undefined without coverage. */
  daysOfCoverageLeft(today: string): number | undefined {
    return this.coveredUntil === undefined ? undefined : daysBetween(today, this.coveredUntil);
  }

  /** True from COVERAGE_WARNING_DAYS before the last covered date on (and when nothing is covered). */
  needsNextYear(today: string): boolean {
    const left = this.daysOfCoverageLeft(today);
    return left === undefined || left <= COVERAGE_WARNING_DAYS;
  }
}

/** Problems in a calendar year's data, for config validation. */
export function calendarYearProblems(y: CalendarYear): string[] {
  const problems: string[] = [];
  // Round-trip: Date.parse rolls 2026-02-30 over to March instead of refusing it.
  const inYear = (d: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${y.year}-`) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  for (const d of [...y.holidays, ...y.workingWeekends]) if (!inYear(d)) problems.push(`${d} is not a date of ${y.year}`);
  for (const d of y.workingWeekends) {
    const day = weekday(d);
    if (day !== 0 && day !== 6) problems.push(`working weekend ${d} is not a Saturday or Sunday`);
  }
  for (const d of y.holidays) if (y.workingWeekends.includes(d)) problems.push(`${d} is both a holiday and a working day`);
  return problems;
}
