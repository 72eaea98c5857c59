// Scheduled daily (shared/schedules.ts): how long the official working calendar of config/calendar/
// still covers (shared/use-cases/calendar-coverage.ts). Publishes CalendarCoverageDaysLeft (the
// platform stack alarms on it from COVERAGE_WARNING_DAYS before coverage ends) and logs a WARN naming
// the year file to add.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { clock } from '../shared/clock';
import { COVERAGE_WARNING_DAYS } from '../shared/domain/calendar';
import { logger, metrics } from '../shared/observability';
import { defineJob } from '../shared/scheduled';
import { CALENDAR_COVERAGE_METRIC } from '../shared/schedules';
import { checkCalendarCoverage, type CalendarCoverage } from '../shared/use-cases/calendar-coverage';

export type { CalendarCoverage } from '../shared/use-cases/calendar-coverage';

export const handler = defineJob('check-calendar', async (_event: ScheduledEvent): Promise<CalendarCoverage> => {
  const coverage = checkCalendarCoverage(clock.now());
  metrics.addMetric(CALENDAR_COVERAGE_METRIC, MetricUnit.Count, coverage.daysLeft);
  if (coverage.warning) {
    const { warning, ...fields } = coverage;
    logger.warn(warning, { ...fields, warningDays: COVERAGE_WARNING_DAYS });
  } else {
    logger.info('working calendar coverage ok', { ...coverage, warningDays: COVERAGE_WARNING_DAYS });
  }
  return coverage;
});
