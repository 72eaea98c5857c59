// The ops warning that the official working calendar is about to run out (R9): from 60 days before
// the last covered date, a line at local start and a daily metric/alarm in the cloud say which
// config/calendar/<year>.json to add. Past coverage the calendar is provisional (B12): the statutory
// holidays of the national rules are closed, but no bridging days or adjusted working weekends.
// Those holidays are generated data (shared/domain/statutory-holidays.ts) through
// PROVISIONAL_YEARS.last; past that year days follow Monday–Friday alone, and from 60 days before
// it the same warning says so.
import { workCalendar } from './work-calendar';
import { COVERAGE_WARNING_DAYS, daysBetween, type WorkCalendar } from './domain/calendar';
import { PROVISIONAL_YEARS } from './domain/statutory-holidays';
import { shanghaiDate } from './time';

/** The year file to add next: years are contiguous (shared/config.ts), so the one after the last. */
export function nextCalendarFile(calendar: WorkCalendar, today: string): string {
  const year = calendar.coveredUntil ? Number(calendar.coveredUntil.slice(0, 4)) + 1 : Number(today.slice(0, 4));
  return `config/calendar/${year}.json`;
}

/**
 * Said once the provisional data (statutory holidays through `lastYear`) ends within
 * COVERAGE_WARNING_DAYS of `today` or has ended: past it not even those holidays are closed.
 */
export function provisionalDataWarning(today: string, lastYear = PROVISIONAL_YEARS.last): string | undefined {
  if (daysBetween(today, `${lastYear}-12-31`) > COVERAGE_WARNING_DAYS) return undefined;
  return `the statutory holidays of the national rules are generated only through ${lastYear} (shared/domain/provisional-holidays.json): from ${lastYear + 1}-01-01 a year without its official file follows Monday–Friday alone; rerun scripts/generate-provisional-calendar.ts --last <year>`;
}

export function calendarCoverageWarning(now: Date, calendar = workCalendar()): string | undefined {
  const today = shanghaiDate(now);
  if (!calendar.needsNextYear(today)) return undefined;
  const file = nextCalendarFile(calendar, today);
  const dataWarning = provisionalDataWarning(today);
  const tail = dataWarning ? `; ${dataWarning}` : '';
  if (!calendar.coveredUntil)
    return `no official working calendar in config/calendar/: the calendar is provisional (statutory holidays of the national rules only, no adjusted working days); add ${file}${tail}`;
  const left = calendar.daysOfCoverageLeft(today)!;
  const when = left >= 0 ? `ends in ${left} days (${calendar.coveredUntil})` : `ended on ${calendar.coveredUntil}`;
  return `the official working calendar ${when}; add ${file} from the State Council holiday notice, otherwise the calendar is provisional (statutory holidays only, no bridging days or adjusted working weekends)${tail}`;
}
