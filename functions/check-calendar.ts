// Scheduled daily (shared/schedules.ts): how long the official working calendar of config/calendar/
// still covers. Publishes CalendarCoverageDaysLeft (the platform stack alarms on it from
// COVERAGE_WARNING_DAYS before coverage ends) and logs a WARN naming the year file to add. Past the
// last covered date bookings still work on the provisional calendar (statutory holidays of the
// national rules, B12), so this only warns ops.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { calendarCoverageWarning, nextCalendarFile } from '../shared/calendar-coverage';
import { clock } from '../shared/clock';
import { workCalendar } from '../shared/work-calendar';
import { COVERAGE_WARNING_DAYS } from '../shared/domain/calendar';
import { logger, metrics, tracer } from '../shared/observability';
import { CALENDAR_COVERAGE_METRIC } from '../shared/schedules';
import { shanghaiDate } from '../shared/time';

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

const core = async (_event: ScheduledEvent, _context: Context): Promise<CalendarCoverage> => {
  const coverage = checkCalendarCoverage(clock.now());
  metrics.addMetric(CALENDAR_COVERAGE_METRIC, MetricUnit.Count, coverage.daysLeft);
  if (coverage.warning) {
    const { warning, ...fields } = coverage;
    logger.warn(warning, { ...fields, warningDays: COVERAGE_WARNING_DAYS });
  } else {
    logger.info('working calendar coverage ok', { ...coverage, warningDays: COVERAGE_WARNING_DAYS });
  }
  return coverage;
};

export const handler = middy(core)
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
