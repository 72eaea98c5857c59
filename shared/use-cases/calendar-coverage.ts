// How long the official working calendar of config/calendar/ still covers (R9), as the daily check
// (functions/check-calendar.ts) publishes and logs it. Past the last covered date bookings still work
// on the provisional calendar (statutory holidays of the national rules, B12), so this only warns ops.
import { calendarCoverageWarning, nextCalendarFile } from '../calendar-coverage';
import { shanghaiDate } from '../time';
import { workCalendar } from '../work-calendar';

export interface CalendarCoverage {
  /** Today in Shanghai. */
  today: string;
  /** Last date the calendar covers, or null when config/calendar/ holds no year. */
  coveredUntil: string | null;
  /** The published metric value: days of coverage left, 0 once it has ended (or never began). */
  daysLeft: number;
  needsNextYear: boolean;
  /** The file ops should add next, when `needsNextYear`. */
  missingYearFile?: string;
  /** The warning line, worded as at local start (shared/calendar-coverage.ts), when `needsNextYear`. */
  warning?: string;
}

export function checkCalendarCoverage(now: Date): CalendarCoverage {
  const calendar = workCalendar();
  const today = shanghaiDate(now);
  const left = calendar.daysOfCoverageLeft(today);
  const coverage: CalendarCoverage = {
    today,
    coveredUntil: calendar.coveredUntil ?? null,
    daysLeft: Math.max(0, left ?? 0),
    needsNextYear: calendar.needsNextYear(today),
  };
  if (coverage.needsNextYear) {
    coverage.missingYearFile = nextCalendarFile(calendar, today);
    coverage.warning = calendarCoverageWarning(now, calendar);
  }
  return coverage;
}
