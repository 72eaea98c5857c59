// The one table of scheduled functions, as shared/routes.ts is for HTTP: CDK turns each entry into a
// Lambda (the shared LmbFunction), an EventBridge rule and its alarms, in the platform stack (once per
// city) or in every district stack (once per district). A new job — the no-show sweeper — is one
// more entry here plus its module under functions/. Plain data, no AWS SDK, no CDK.
import { COVERAGE_WARNING_DAYS } from './domain/calendar';
import type { RouteAccess } from './routes';

/** Metric of functions/check-calendar.ts: days until the official calendar's coverage ends (0 once it has). */
export const CALENDAR_COVERAGE_METRIC = 'CalendarCoverageDaysLeft';

/**
 * When a job runs. EventBridge cron fields are UTC (Shanghai is UTC+8, no daylight saving):
 * `{ cron: { minute: '0', hour: '1' } }` is every day at 09:00 Shanghai.
 */
export type ScheduleExpression = { cron: { minute: string; hour: string } } | { rate: { minutes: number } };

/** An alarm on a metric the job publishes through Powertools (dimension `service` = the job's service name). */
export interface ScheduleAlarm {
  metricName: string;
  statistic: 'Minimum' | 'Maximum' | 'Sum';
  comparison: '<=' | '>=';
  threshold: number;
  /** Evaluation period; one datapoint per period is enough to alarm. */
  periodMinutes: number;
  /** What the alarm means for ops, shown in the notification. */
  description: string;
}

export interface ScheduleDef {
  /** PascalCase construct id stem, unique per stack: `CheckCalendar`. */
  name: string;
  /** Module under functions/ exporting `handler` (an EventBridge scheduled-event handler). */
  handler: string;
  /** `platform`: once per city; `district`: one copy per district stack, bound to that district's table. */
  stack: 'platform' | 'district';
  schedule: ScheduleExpression;
  /** Tables the job touches (no identity: jobs never call Cognito). A platform job has no district table. */
  access?: Pick<RouteAccess, 'platform' | 'district'>;
  /** Metric alarms, notifying the ops alert topic. Every job also gets an alarm on its own errors. */
  alarms?: readonly ScheduleAlarm[];
  summary: string;
}

export const schedules: readonly ScheduleDef[] = [
  {
    name: 'CheckCalendar',
    handler: 'check-calendar',
    stack: 'platform',
    schedule: { cron: { minute: '0', hour: '1' } },
    alarms: [
      {
        metricName: CALENDAR_COVERAGE_METRIC,
        statistic: 'Minimum',
        comparison: '<=',
        threshold: COVERAGE_WARNING_DAYS,
        periodMinutes: 24 * 60,
        description:
          `The official working calendar (config/calendar/<year>.json) ends in ${COVERAGE_WARNING_DAYS} days or fewer. ` +
          "Add next year's file from the State Council holiday notice and deploy; past the last covered date the plain Monday-Friday rule applies.",
      },
    ],
    summary: '每日检查工作日历覆盖期，临近结束时告警',
  },
];

export const schedulesOf = (stack: ScheduleDef['stack'], all: readonly ScheduleDef[] = schedules): ScheduleDef[] => all.filter((s) => s.stack === stack);
