// functions/check-calendar.ts through its real handler: the metric the coverage alarm watches and the
// WARN line ops read, with "today" taken in Shanghai from the injectable clock. The calendar is the
// repository's config/calendar/ (2026 covered, so coverage ends 2026-12-31).
import './support/unit-env';
import type { ScheduledEvent } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { handler } from '../../functions/check-calendar';
import { calendarCoverageWarning } from '../../shared/calendar-coverage';
import { resetClock, setClock } from '../../shared/clock';
import * as config from '../../shared/work-calendar';
import { COVERAGE_WARNING_DAYS, WorkCalendar } from '../../shared/domain/calendar';
import { logger, metrics } from '../../shared/observability';
import { CALENDAR_COVERAGE_METRIC, schedules } from '../../shared/schedules';
import { context } from './support/lambda';

const event: ScheduledEvent = {
  version: '0',
  id: 'ev-unit',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: '2026-06-01T01:00:00Z',
  region: 'cn-north-1',
  resources: ['arn:aws:events:cn-north-1:000000000000:rule/unit'],
  detail: {},
};

let addMetric: jest.SpyInstance;
let warn: jest.SpyInstance;
let info: jest.SpyInstance;

beforeEach(() => {
  addMetric = jest.spyOn(metrics, 'addMetric');
  warn = jest.spyOn(logger, 'warn');
  info = jest.spyOn(logger, 'info');
});
afterEach(() => {
  jest.restoreAllMocks();
  resetClock();
});

/** Runs the handler at a Shanghai wall-clock time. */
async function runAt(shanghai: string) {
  setClock(new Date(`${shanghai}+08:00`));
  return handler(event, context);
}

const published = () => addMetric.mock.calls.filter(([name]) => name === CALENDAR_COVERAGE_METRIC);
const warned = () => warn.mock.calls.map(([message]) => String(message));

describe('CalendarCoverageDaysLeft', () => {
  it.each([
    ['2026-06-01T09:00:00', 213],
    ['2026-10-31T09:00:00', 61],
    ['2026-11-01T09:00:00', 60],
    ['2026-12-31T09:00:00', 0],
  ])('at %s publishes %i days left, once, as a Count', async (at, days) => {
    const result = await runAt(at);
    expect(published()).toEqual([[CALENDAR_COVERAGE_METRIC, MetricUnit.Count, days]]);
    expect(result).toMatchObject({ coveredUntil: '2026-12-31', daysLeft: days });
  });

  it('counts from the Shanghai date, not the UTC one', async () => {
    // 2026-10-31T16:30Z is already 1 November, 00:30 in Shanghai: 60 days left, not 61.
    setClock(new Date('2026-10-31T16:30:00Z'));
    const result = await handler(event, context);
    expect(result.today).toBe('2026-11-01');
    expect(published()[0][2]).toBe(60);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('publishes 0 once coverage has ended, never a negative value', async () => {
    const result = await runAt('2027-02-01T09:00:00');
    expect(published()).toEqual([[CALENDAR_COVERAGE_METRIC, MetricUnit.Count, 0]]);
    expect(result.needsNextYear).toBe(true);
  });

  it('publishes 0 and names the current year when no calendar year exists at all', async () => {
    jest.spyOn(config, 'workCalendar').mockReturnValue(new WorkCalendar([]));
    const result = await runAt('2026-06-01T09:00:00');
    expect(published()).toEqual([[CALENDAR_COVERAGE_METRIC, MetricUnit.Count, 0]]);
    expect(result).toMatchObject({ coveredUntil: null, daysLeft: 0, needsNextYear: true, missingYearFile: 'config/calendar/2026.json' });
    expect(warned()[0]).toContain('config/calendar/2026.json');
  });

  it('is the metric the platform alarm watches, with the threshold the domain warns at', () => {
    const alarm = schedules.find((s) => s.handler === 'check-calendar')?.alarms?.find((a) => a.metricName === CALENDAR_COVERAGE_METRIC);
    expect(alarm).toMatchObject({ comparison: '<=', threshold: COVERAGE_WARNING_DAYS, statistic: 'Minimum' });
    expect(COVERAGE_WARNING_DAYS).toBe(60);
  });
});

describe('the WARN line', () => {
  it(`is logged from ${COVERAGE_WARNING_DAYS} days before coverage ends, naming the year file to add`, async () => {
    await runAt('2026-11-01T09:00:00');
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, fields] = warn.mock.calls[0];
    expect(message).toContain('config/calendar/2027.json');
    expect(message).toContain('2026-12-31');
    expect(message).toBe(calendarCoverageWarning(new Date('2026-11-01T09:00:00+08:00')));
    expect(fields).toMatchObject({ today: '2026-11-01', coveredUntil: '2026-12-31', daysLeft: 60, missingYearFile: 'config/calendar/2027.json', warningDays: 60 });
    expect(info).not.toHaveBeenCalledWith('working calendar coverage ok', expect.anything());
  });

  it('is not logged the day before the warning starts (an info line instead)', async () => {
    const result = await runAt('2026-10-31T09:00:00');
    expect(warn).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith('working calendar coverage ok', expect.objectContaining({ daysLeft: 61 }));
    expect(result.needsNextYear).toBe(false);
    expect(result.missingYearFile).toBeUndefined();
  });

  it('still names the next year after the last covered one once coverage has ended', async () => {
    await runAt('2027-03-01T09:00:00');
    expect(warned()).toHaveLength(1);
    expect(warned()[0]).toContain('config/calendar/2027.json');
  });
});

describe('the published EMF document', () => {
  it('carries the namespace, service dimension and value the alarm reads', async () => {
    const saved = { ...process.env };
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      // A fresh cold start with metrics on, as CDK configures the function (infra/platform-stack.ts).
      Object.assign(process.env, { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_SERVICE_NAME: 'lmb-shanghai-platform', POWERTOOLS_METRICS_NAMESPACE: 'LawyerMeetings' });
      let fresh!: { handler: typeof handler; setClock: typeof setClock };
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.isolateModules is synchronous: the fresh registry is reached with require
        fresh = { handler: require('../../functions/check-calendar').handler, setClock: require('../../shared/clock').setClock };
      });
      fresh.setClock(new Date('2026-11-27T09:00:00+08:00'));
      await fresh.handler(event, context);
    } finally {
      write.mockRestore();
      process.env = saved;
    }
    const emf = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l));
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'LawyerMeetings', Dimensions: [['service']], Metrics: [{ Name: CALENDAR_COVERAGE_METRIC, Unit: 'Count' }] }] },
      service: 'lmb-shanghai-platform',
      [CALENDAR_COVERAGE_METRIC]: 34,
    });
  });
});

describe('the Lambda wrapper', () => {
  it('flushes metrics after the run (logMetrics middleware)', async () => {
    const publish = jest.spyOn(metrics, 'publishStoredMetrics');
    await runAt('2026-06-01T09:00:00');
    expect(publish).toHaveBeenCalled();
  });

  it('adds the Lambda context to the log lines (injectLambdaContext middleware)', async () => {
    const addContext = jest.spyOn(logger, 'addContext');
    await runAt('2026-11-01T09:00:00');
    expect(addContext).toHaveBeenCalledWith(expect.objectContaining({ awsRequestId: 'req-unit' }));
  });
});
