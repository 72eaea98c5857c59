// The statutory public holidays of the national holiday rules (全国年节及纪念日放假办法, as revised
// in 2024), for years the State Council has not yet published an arrangement for (SPEC B12). Data,
// not a computation: scripts/generate-provisional-calendar.ts computes them with the lunar-calendar
// library tyme4ts (a devDependency) and writes ./provisional-holidays.json for the years from the
// first one without an official config/calendar/<year>.json through PROVISIONAL_YEARS.last;
// test/unit/statutory-holidays.test.ts recomputes every year and fails if the file has drifted.
// Only the holidays themselves are closed; bridging days and adjusted working weekends (调休) come
// with the official file, which always wins.
//
// Outside PROVISIONAL_YEARS a year has no statutory holidays here at all: past the official files
// and past the data, its days follow Monday–Friday alone. The coverage warning
// (shared/calendar-coverage.ts) says so ahead of time, and rerunning the generator with a later
// last year extends the data.
import data from './provisional-holidays.json';

export interface StatutoryHoliday {
  date: string;
  /** The festival it belongs to, in Chinese (as the notice and the holiday rules name it). */
  name: string;
}

/** The shape of ./provisional-holidays.json: per year, festival → its days (MM-DD). */
export interface ProvisionalHolidayData {
  firstYear: number;
  lastYear: number;
  years: Record<string, Record<string, string[]>>;
}

const holidayData = data as ProvisionalHolidayData;

/** The Gregorian years the data covers, inclusive. */
export const PROVISIONAL_YEARS: { readonly first: number; readonly last: number } = { first: holidayData.firstYear, last: holidayData.lastYear };

/** True when the data holds the statutory holidays of `year`. */
export const hasStatutoryHolidays = (year: number): boolean => year >= PROVISIONAL_YEARS.first && year <= PROVISIONAL_YEARS.last;

/**
 * Every statutory holiday of a Gregorian year, ascending, one entry per day; empty for a year
 * outside PROVISIONAL_YEARS (see the header: such a year follows Monday–Friday alone).
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const festivals = hasStatutoryHolidays(year) ? holidayData.years[String(year)] : undefined;
  if (!festivals) return [];
  return Object.entries(festivals)
    .flatMap(([name, days]) => days.map((day) => ({ date: `${year}-${day}`, name })))
    .sort((a, b) => a.date.localeCompare(b.date));
}
