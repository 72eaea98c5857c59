// The ops warning that the official working calendar is about to run out (R9): from 60 days before
// the last covered date, a line at local start and a daily metric/alarm in the cloud say which
// config/calendar/<year>.json to add. Past coverage the plain Monday–Friday rule applies.
import { workCalendar } from './config';
import { shanghaiDate } from './time';

export function calendarCoverageWarning(now: Date, calendar = workCalendar()): string | undefined {
  const today = shanghaiDate(now);
  if (!calendar.needsNextYear(today)) return undefined;
  if (!calendar.coveredUntil) return 'no official working calendar in config/calendar/: every Monday–Friday counts as a workday';
  const next = Number(calendar.coveredUntil.slice(0, 4)) + 1;
  const left = calendar.daysOfCoverageLeft(today)!;
  const when = left >= 0 ? `ends in ${left} days (${calendar.coveredUntil})` : `ended on ${calendar.coveredUntil}`;
  return `the official working calendar ${when}; add config/calendar/${next}.json from the State Council holiday notice, otherwise plain Monday–Friday applies`;
}
