// The one table of scheduled functions, as shared/routes.ts is for HTTP: CDK turns each entry into a
// Lambda (the shared LmbFunction), an EventBridge rule and its alarms, in the platform stack (once per
// city) or in every district stack (once per district). A new job is one more entry here plus its
// module under functions/. Plain data, no AWS SDK, no CDK. (The notification retry job is not here:
// it belongs to each outbox table and is built with its stream consumer, infra/constructs/outbox-notifier.ts.)
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
  /**
   * Alarm (to ops) when the job has not been invoked at all for this many minutes: a disabled or
   * deleted rule, or invocations throttled away. Failing runs are the errors alarm's business.
   */
  alarmIfNotRunForMinutes?: number;
  /** Lambda timeout; defaults to the shared 10 s. Keep it below the interval so runs do not pile up. */
  timeoutSeconds?: number;
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
          "Add next year's file from the State Council holiday notice and deploy; past the last covered date the calendar is provisional: statutory holidays of the national rules only, no bridging days or adjusted working weekends.",
      },
    ],
    summary: '每日检查工作日历覆盖期，临近结束时告警',
  },
  {
    // R3, B10 (shared/use-cases/sweep.ts): no-shows of sessions past their last admission, with their
    // violation and lockout in the platform table (cross-table transactions), and tomorrow's reminders.
    // It queries GSI2 of its district table and never scans; reruns and overlaps change nothing more.
    // Also R15 meeting-request reminders and B2 urgent-request alerts; the alert reads the center-staff
    // and admin index items and their profiles in the platform table (covered by platform RW).
    name: 'Sweep',
    handler: 'sweep',
    stack: 'district',
    schedule: { rate: { minutes: 5 } },
    access: { district: 'RW', platform: 'RW' },
    alarms: [
      {
        metricName: 'UrgentRequestAlerts',
        statistic: 'Sum',
        comparison: '>=',
        threshold: 1,
        periodMinutes: 60,
        description:
          'An urgent meeting request (B2) is still unplaced 12 hours before its 48-hour legal deadline. The center staff and admins with a phone or e-mail were messaged; ' +
          'check GET /centers/{centerId}/urgent-requests and make sure it is placed in time.',
      },
    ],
    // The first run of a day queues every reminder of tomorrow at once; a cut-off run resumes next time.
    timeoutSeconds: 120,
    // Three missed runs in a row: no-shows go unrecorded and reminders unsent.
    alarmIfNotRunForMinutes: 15,
    summary: '每5分钟标记过了最后入场时间仍未签到的预约为爽约并记录违约，发送次日会见提醒、会见要求的再次提醒和紧急会见申请的逾期预警',
  },
  {
    // PIPL Art. 19, 47 (shared/use-cases/retention.ts, docs/data-retention.md): ends (TTL `expiresAt`)
    // for bookings of past sessions and the items of detainees who left, report days frozen into
    // counts, audit records pseudonymised after their age. Queries only; idempotent and resumable.
    name: 'Retention',
    handler: 'retention',
    stack: 'district',
    // 03:30 Shanghai, after the day's sessions and before the first of the next.
    schedule: { cron: { minute: '30', hour: '19' } },
    access: { district: 'RW', platform: 'RW' },
    timeoutSeconds: 300,
    // Two missed days: ends and pseudonyms fall behind (the next run catches up).
    alarmIfNotRunForMinutes: 2 * 24 * 60 + 60,
    summary: '每日按保存期限为已结束的预约和已离所在押人员的数据设定到期时间，冻结报表计数，并将超过期限的审计记录假名化',
  },
];

export const schedulesOf = (stack: ScheduleDef['stack'], all: readonly ScheduleDef[] = schedules): ScheduleDef[] => all.filter((s) => s.stack === stack);
