// Scheduled jobs come from shared/schedules.ts like routes come from shared/routes.ts: the calendar
// coverage check runs daily in the platform stack, publishes the metric its alarm watches, and the
// alarm (and one on the job's errors) notifies the ops alert topic. A district job — the no-show
// sweeper — is derived the same way, one per district, bound to its own table and the platform's.
// Every rule target has an encrypted dead-letter queue for runs EventBridge could not start, and every
// such queue an alarm to ops: a scheduled job never fails silently.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { TABLE_ACTIONS } from '../../infra/constructs/lmb-function';
import { SCHEDULE_TARGET, type ScheduledFunction } from '../../infra/constructs/scheduled-function';
import { COVERAGE_WARNING_DAYS } from '../../shared/domain/calendar';
import { CALENDAR_COVERAGE_METRIC, type ScheduleDef, schedules } from '../../shared/schedules';
import { actionsByResource, asArray, type Json, logicalIdOf, statementsOfRole, synthCity, templateOf } from './city';

const city = synthCity();
const platformTemplate = templateOf(city.platform);
const topicRef = { Ref: logicalIdOf(city.platform.alertsTopic) };

const fnProps = (template: Template, job: ScheduledFunction): Json => template.findResources('AWS::Lambda::Function')[logicalIdOf(job.fn)].Properties;
const ruleProps = (template: Template, job: ScheduledFunction): Json => template.findResources('AWS::Events::Rule')[logicalIdOf(job.rule)].Properties;
const alarmProps = (template: Template, alarm: IConstruct): Json => template.findResources('AWS::CloudWatch::Alarm')[logicalIdOf(alarm)].Properties;

/** `cron(M H * * ? *)`: once a day, at a fixed minute and hour. */
const DAILY = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;

describe('the schedule table', () => {
  it('has unique names per stack kind and handler modules that exist', () => {
    const names = schedules.map((s) => `${s.stack}/${s.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const s of schedules) expect(() => require.resolve(`../../functions/${s.handler}`)).not.toThrow();
  });

  it('builds each platform job once, and nothing of a district job in the platform stack', () => {
    expect([...city.platform.scheduled.keys()].sort()).toEqual(
      schedules
        .filter((s) => s.stack === 'platform')
        .map((s) => s.name)
        .sort(),
    );
    for (const d of city.districts)
      expect([...d.scheduled.keys()].sort()).toEqual(
        schedules
          .filter((s) => s.stack === 'district')
          .map((s) => s.name)
          .sort(),
      );
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

  it("has exactly these two alarms besides the notifier's in the platform stack, all notifying ops", () => {
    const alarms = platformTemplate.findResources('AWS::CloudWatch::Alarm');
    const { notifier } = city.platform;
    const notifierAlarms = [notifier.failedBatchesAlarm, notifier.deadLettersAlarm, notifier.retry.errorsAlarm, notifier.retry.notRunAlarm!, notifier.retry.deadLettersAlarm];
    expect(Object.keys(alarms).sort()).toEqual([job.errorsAlarm, job.deadLettersAlarm, job.metricAlarms.get(CALENDAR_COVERAGE_METRIC)!, ...notifierAlarms].map(logicalIdOf).sort());
    for (const a of Object.values(alarms) as Json[]) expect(a.Properties.AlarmActions).toEqual([topicRef]);
  });

  it('has no not-run alarm (a daily job: its metric alarm ignores gaps, its errors alarm catches failures)', () => {
    expect(job.notRunAlarm).toBeUndefined();
  });
});

describe.each(city.districts.map((d) => [d.districtId, d] as const))('no-show sweeper of district %s', (districtId, district) => {
  const template = templateOf(district);
  const job = district.scheduled.get('Sweep')!;
  const platformTableId = logicalIdOf(city.platform.platformTable);
  const grants = () => actionsByResource(statementsOfRole(template, logicalIdOf(job.fn.role!)));
  const on = (marker: string) => [...grants()].filter(([r]) => r.includes(marker)).flatMap(([, a]) => [...a]);

  it('is the shared LmbFunction bundling functions/sweep.ts, with a timeout below its 5-minute interval', () => {
    expect(job).toBeDefined();
    const props = fnProps(template, job);
    expect(props.Description).toContain('functions/sweep.ts');
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.Timeout).toBe(120);
    expect(props.Timeout).toBeLessThan(5 * 60);
    expect(props.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe(`lmb-shanghai-${districtId}`);
  });

  it('runs every 5 minutes, targeting the sweep function, with EventBridge allowed to invoke it', () => {
    const rule = ruleProps(template, job);
    expect(rule.State).toBe('ENABLED');
    expect(rule.ScheduleExpression).toBe('rate(5 minutes)');
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(job.fn), 'Arn'] });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf(job.fn), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [logicalIdOf(job.rule), 'Arn'] },
    });
  });

  it('sees its own district table and the platform table (violations, lockouts), read-write, by name', () => {
    const env = fnProps(template, job).Environment.Variables;
    expect(env.DISTRICT_TABLES).toEqual({ 'Fn::Join': ['', [`${districtId}=`, { Ref: logicalIdOf(district.districtTable) }]] });
    expect(JSON.stringify(env.PLATFORM_TABLE)).toContain(`ExportsOutputRef${platformTableId}`);
    const rw = [...TABLE_ACTIONS.RO, ...TABLE_ACTIONS.WRITE].sort();
    expect([...new Set(on(`"${logicalIdOf(district.districtTable)}","Arn"`))].sort()).toEqual(rw);
    expect([...new Set(on(`ExportsOutputFnGetAtt${platformTableId}Arn`))].sort()).toEqual(rw);
    // Its queries go to GSI2 (live bookings by last admission), granted by index name.
    expect([...grants().keys()].some((r) => r.includes('/index/GSI2'))).toBe(true);
  });

  it('may run its cross-table transactions (booking Update + violation Put + profile Update/ConditionCheck)', () => {
    expect(on(`"${logicalIdOf(district.districtTable)}","Arn"`)).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    expect(on(`ExportsOutputFnGetAtt${platformTableId}Arn`)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem']),
    );
  });

  it('never scans, never sends (messages go through the outbox), and uses "*" for X-Ray only', () => {
    const all = [...grants().values()].flatMap((a) => [...a]);
    expect(all).not.toContain('dynamodb:Scan');
    expect(all.filter((a) => a.startsWith('sns:') || a.startsWith('ses:'))).toEqual([]);
    expect([...(grants().get('"*"') ?? [])].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('alarms ops when an urgent request (B2) is unplaced 12 hours before its 48-hour deadline', () => {
    const env = fnProps(template, job).Environment.Variables;
    const alarm = alarmProps(template, job.metricAlarms.get('UrgentRequestAlerts')!);
    expect(alarm).toMatchObject({
      MetricName: 'UrgentRequestAlerts',
      Namespace: env.POWERTOOLS_METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [{ 'Fn::ImportValue': expect.stringContaining(`ExportsOutputRef${logicalIdOf(city.platform.alertsTopic)}`) }],
    });
    expect(alarm.AlarmDescription).toContain('urgent-requests');
  });

  it('alarms ops on its errors and when it has not run for 15 minutes', () => {
    const topic = [{ 'Fn::ImportValue': expect.stringContaining(`ExportsOutputRef${logicalIdOf(city.platform.alertsTopic)}`) }];
    expect(alarmProps(template, job.errorsAlarm)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(job.fn) } }],
      Threshold: 1,
      AlarmActions: topic,
    });
    expect(alarmProps(template, job.notRunAlarm!)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(job.fn) } }],
      Statistic: 'Sum',
      Period: 15 * 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
      AlarmActions: topic,
    });
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

  it('gets its dead-letter queue and alarm like every job', () => {
    for (const district of grown.districts) {
      const job = district.scheduled.get('ProbeSweep')!;
      const template = templateOf(district);
      const target = ruleProps(template, job).Targets[0];
      expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(job.deadLetters), 'Arn'] });
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 15 * 60 });
      expect(alarmProps(template, job.deadLettersAlarm)).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 });
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

/** Every scheduled job of a stack: its schedule-table jobs and its notifier's retry job. */
const jobsOf = (stack: typeof city.platform | (typeof city.districts)[number]): ScheduledFunction[] => [...stack.scheduled.values(), stack.notifier.retry];
const stacks = [city.platform, ...city.districts];
const alertsTopicIn = (stack: (typeof stacks)[number]) =>
  stack === city.platform ? [topicRef] : [{ 'Fn::ImportValue': expect.stringContaining(`ExportsOutputRef${logicalIdOf(city.platform.alertsTopic)}`) }];

describe.each(stacks.map((s) => [s.stackName, s] as const))('scheduled runs that could not start, %s', (_name, stack) => {
  const template = templateOf(stack);
  const rules = Object.entries(template.findResources('AWS::Events::Rule')) as [string, Json][];
  const queues = template.findResources('AWS::SQS::Queue');
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Json[];
  const queueIdOf = (target: Json): string => target.DeadLetterConfig.Arn['Fn::GetAtt'][0];

  it('has a rule for each of its jobs (the schedule table and the notifier retry job) and no other', () => {
    expect(rules.map(([id]) => id).sort()).toEqual(
      jobsOf(stack)
        .map((j) => logicalIdOf(j.rule))
        .sort(),
    );
    expect(rules.length).toBeGreaterThan(0);
  });

  it('gives every target of every rule its own dead-letter queue and a bounded retry policy', () => {
    const seen = new Set<string>();
    for (const [, rule] of rules) {
      for (const target of rule.Properties.Targets as Json[]) {
        expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
        const queueId = queueIdOf(target);
        expect(queues[queueId]).toBeDefined();
        expect(seen.has(queueId)).toBe(false);
        seen.add(queueId);
        expect(target.RetryPolicy.MaximumRetryAttempts).toBe(SCHEDULE_TARGET.retryAttempts);
        // EventBridge accepts 60 s to 24 h; within an hour, an older run has been superseded by the next one.
        expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
        expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeLessThanOrEqual(3600);
      }
    }
    expect(seen.size).toBe(jobsOf(stack).length);
  });

  it('retries a run no longer than its own interval (at most an hour)', () => {
    const ageOf = (job: ScheduledFunction) => template.findResources('AWS::Events::Rule')[logicalIdOf(job.rule)].Properties.Targets[0].RetryPolicy.MaximumEventAgeInSeconds;
    for (const job of jobsOf(stack)) {
      const expression = template.findResources('AWS::Events::Rule')[logicalIdOf(job.rule)].Properties.ScheduleExpression as string;
      const rate = /^rate\((\d+) minutes?\)$/.exec(expression);
      expect(ageOf(job)).toBe(rate ? Math.min(Number(rate[1]), 60) * 60 : 3600);
    }
    expect(ageOf(stack.notifier.retry)).toBe(60);
    if (stack !== city.platform) expect(ageOf(stack.scheduled.get('Sweep')!)).toBe(300);
    else expect(ageOf(stack.scheduled.get('CheckCalendar')!)).toBe(3600);
  });

  it('keeps each dead-letter queue encrypted, TLS-only, for 14 days, writable by its own rule only', () => {
    for (const job of jobsOf(stack)) {
      const queueId = logicalIdOf(job.deadLetters);
      expect(queues[queueId].Properties).toEqual({ MessageRetentionPeriod: 14 * 24 * 3600, KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(stack.dataKey), 'Arn'] } });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(job.rule), 'Arn'] } } },
            }),
          ]),
        },
      });
    }
  });

  it('alarms ops as soon as any queue of the stack holds a message (dead-letter queues and the stream failure queue)', () => {
    expect(Object.keys(queues).length).toBe(jobsOf(stack).length + 1);
    for (const queueId of Object.keys(queues)) {
      const depth = alarms.filter(
        (a) =>
          a.Properties.Namespace === 'AWS/SQS' &&
          a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
      );
      expect(depth).toHaveLength(1);
      expect(depth[0].Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: alertsTopicIn(stack),
      });
    }
  });

  it("names the job in each dead-letter alarm and is the job's deadLettersAlarm", () => {
    for (const job of jobsOf(stack)) {
      const alarm = alarmProps(template, job.deadLettersAlarm);
      expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(job.deadLetters), 'QueueName'] } }]);
      const handler = /functions\/[a-z-]+\.ts/.exec(fnProps(template, job).Description)![0];
      expect(alarm.AlarmDescription).toContain(handler);
      expect(alarm.AlarmDescription).toContain('ERROR_CODE');
    }
  });
});

describe('no scheduled job scans', () => {
  it('grants no dynamodb:Scan to any scheduled function (including the notifier retry jobs)', () => {
    for (const stack of [city.platform, ...city.districts]) {
      const template = templateOf(stack);
      for (const job of [...stack.scheduled.values(), stack.notifier.retry]) {
        const actions = statementsOfRole(template, logicalIdOf(job.fn.role!)).flatMap((s) => asArray<string>(s.Action));
        expect(actions).not.toContain('dynamodb:Scan');
      }
    }
  });
});
