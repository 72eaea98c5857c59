// Scheduled jobs come from shared/schedules.ts like routes come from shared/routes.ts: the calendar
// coverage check runs daily in the platform stack, publishes the metric its alarm watches, and the
// alarm (and one on the job's errors) notifies the ops alert topic. A district job is derived the
// same way, one per district, bound to its own table.
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { TABLE_ACTIONS } from '../../infra/constructs/lmb-function';
import type { ScheduledFunction } from '../../infra/constructs/scheduled-function';
import { COVERAGE_WARNING_DAYS } from '../../shared/domain/calendar';
import { CALENDAR_COVERAGE_METRIC, type ScheduleDef, schedules } from '../../shared/schedules';
import { actionsByResource, asArray, type Json, logicalIdOf, statementsOfRole, synthCity, templateOf } from './city';

const city = synthCity();
const platformTemplate = templateOf(city.platform);
const topicRef = { Ref: logicalIdOf(city.platform.alertsTopic) };

const fnProps = (template: Template, job: ScheduledFunction): Json => (template.findResources('AWS::Lambda::Function')[logicalIdOf(job.fn)] as Json).Properties;
const ruleProps = (template: Template, job: ScheduledFunction): Json => (template.findResources('AWS::Events::Rule')[logicalIdOf(job.rule)] as Json).Properties;
const alarmProps = (template: Template, alarm: IConstruct): Json => (template.findResources('AWS::CloudWatch::Alarm')[logicalIdOf(alarm)] as Json).Properties;

/** `cron(M H * * ? *)`: once a day, at a fixed minute and hour. */
const DAILY = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;

describe('the schedule table', () => {
  it('has unique names per stack kind and handler modules that exist', () => {
    const names = schedules.map((s) => `${s.stack}/${s.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const s of schedules) expect(() => require.resolve(`../../functions/${s.handler}`)).not.toThrow();
  });

  it('builds each platform job once, and nothing of a district job in the platform stack', () => {
    expect([...city.platform.scheduled.keys()].sort()).toEqual(schedules.filter((s) => s.stack === 'platform').map((s) => s.name).sort());
    for (const d of city.districts) expect([...d.scheduled.keys()].sort()).toEqual(schedules.filter((s) => s.stack === 'district').map((s) => s.name).sort());
  });
});

describe('calendar coverage check (platform stack)', () => {
  const job = city.platform.scheduled.get('CheckCalendar')!;

  it('is the shared LmbFunction bundling functions/check-calendar.ts', () => {
    expect(job).toBeDefined();
    const props = fnProps(platformTemplate, job);
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.Handler).toBe('index.handler');
    expect(props.Description).toContain('functions/check-calendar.ts');
    expect(props.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'lmb-shanghai-platform',
      POWERTOOLS_METRICS_NAMESPACE: 'LawyerMeetings',
      LMB_CONFIG_DIR: '/var/task/config',
    });
    expect(props.LoggingConfig.LogGroup.Ref).toMatch(/Logs/);
  });

  it('touches no table and no user pool: its role writes its own logs and traces only', () => {
    const env = fnProps(platformTemplate, job).Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).filter((k) => k.endsWith('_TABLE') || k.endsWith('_TABLES') || k.startsWith('USER_POOL'))).toEqual([]);
    const grants = actionsByResource(statementsOfRole(platformTemplate, logicalIdOf(job.fn.role!)));
    const actions = [...grants.values()].flatMap((s) => [...s]);
    expect(actions.filter((a) => a.startsWith('dynamodb:') || a.startsWith('cognito-idp:'))).toEqual([]);
    for (const [resource, acts] of grants) if (resource === '"*"') expect([...acts].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('runs once a day, targeting the function, with EventBridge allowed to invoke it', () => {
    const rule = ruleProps(platformTemplate, job);
    expect(rule.State).toBe('ENABLED');
    expect(rule.ScheduleExpression).toMatch(DAILY);
    const [, minute, hour] = DAILY.exec(rule.ScheduleExpression)!;
    // 09:00 in Shanghai (UTC+8): office hours, so the alarm reaches someone who can act.
    expect(`${hour}:${minute.padStart(2, '0')}`).toBe('1:00');
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(job.fn), 'Arn'] });
    expect(rule.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    platformTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf(job.fn), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logicalIdOf(job.rule), 'Arn'] },
    });
  });

  it(`alarms on ${CALENDAR_COVERAGE_METRIC} <= ${COVERAGE_WARNING_DAYS} to the ops alert topic`, () => {
    const alarm = alarmProps(platformTemplate, job.metricAlarms.get(CALENDAR_COVERAGE_METRIC)!);
    const env = fnProps(platformTemplate, job).Environment.Variables;
    expect(alarm).toMatchObject({
      MetricName: 'CalendarCoverageDaysLeft',
      // What Powertools in the function publishes under: its namespace and its `service` dimension.
      Namespace: env.POWERTOOLS_METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Minimum',
      Period: 86400,
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      Threshold: 60,
      TreatMissingData: 'ignore',
      AlarmActions: [topicRef],
    });
    expect(alarm.Threshold).toBe(COVERAGE_WARNING_DAYS);
    expect(alarm.AlarmDescription).toContain('config/calendar/');
  });

  it('alarms to the ops topic when a run fails', () => {
    const alarm = alarmProps(platformTemplate, job.errorsAlarm);
    expect(alarm).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(job.fn) } }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    });
  });

  it('has exactly these two alarms in the platform stack, both notifying ops', () => {
    const alarms = Object.values(platformTemplate.findResources('AWS::CloudWatch::Alarm')) as Json[];
    expect(alarms).toHaveLength(2);
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([topicRef]);
  });
});

describe('a district job (how the no-show sweeper plugs in)', () => {
  const sweeper: ScheduleDef = {
    name: 'ProbeSweep',
    // Any existing module: bundling is skipped here, only the wiring is under test.
    handler: 'health',
    stack: 'district',
    schedule: { rate: { minutes: 15 } },
    access: { district: 'RW', platform: 'RW' },
    alarms: [{ metricName: 'ProbeBacklog', statistic: 'Maximum', comparison: '>=', threshold: 10, periodMinutes: 15, description: 'probe backlog' }],
    summary: 'probe',
  };
  const grown = synthCity({ schedules: [...schedules, sweeper] });

  it('is built once per district, bound to that district table and the platform table', () => {
    for (const district of grown.districts) {
      const job = district.scheduled.get('ProbeSweep')!;
      expect(job).toBeDefined();
      const template = templateOf(district);
      const props = fnProps(template, job);
      expect(props.Environment.Variables.DISTRICT_TABLES).toEqual({ 'Fn::Join': ['', [`${district.districtId}=`, { Ref: logicalIdOf(district.districtTable) }]] });
      expect(props.Environment.Variables.PLATFORM_TABLE).toBeDefined();
      expect(props.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(`lmb-shanghai-${district.districtId}`);
      const grants = actionsByResource(statementsOfRole(template, logicalIdOf(job.fn.role!)));
      const onDistrict = [...grants].filter(([r]) => r.includes(`"${logicalIdOf(district.districtTable)}"`)).flatMap(([, a]) => [...a]);
      expect(onDistrict).toEqual(expect.arrayContaining([...TABLE_ACTIONS.RO, ...TABLE_ACTIONS.WRITE]));
      expect(onDistrict).not.toContain('dynamodb:Scan');
      expect(ruleProps(template, job).ScheduleExpression).toBe('rate(15 minutes)');
      // The alarm notifies the platform's topic across stacks.
      const alarm = alarmProps(template, job.metricAlarms.get('ProbeBacklog')!);
      expect(alarm).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 10, Period: 900, Statistic: 'Maximum' });
      expect(JSON.stringify(alarm.AlarmActions)).toContain(`ExportsOutputRef${logicalIdOf(grown.platform.alertsTopic)}`);
    }
  });

  it('keeps cdk-nag clean with the extra job', () => {
    expect(() => grown.app.synth()).not.toThrow();
  });

  it('refuses district access for a platform job', () => {
    const bad: ScheduleDef = { ...sweeper, name: 'BadPlatformJob', stack: 'platform', access: { district: 'RO' } };
    expect(() => synthCity({ schedules: [bad] })).toThrow(/no district table/);
  });

  it('refuses two jobs of one name in a stack', () => {
    expect(() => synthCity({ schedules: [...schedules, sweeper, sweeper] })).toThrow(/appears twice/);
  });
});

describe('no scheduled job scans', () => {
  it('grants no dynamodb:Scan to any scheduled function', () => {
    for (const stack of [city.platform, ...city.districts]) {
      const template = templateOf(stack);
      for (const job of stack.scheduled.values()) {
        const actions = statementsOfRole(template, logicalIdOf(job.fn.role!)).flatMap((s) => asArray<string>(s.Action));
        expect(actions).not.toContain('dynamodb:Scan');
      }
    }
  });
});
