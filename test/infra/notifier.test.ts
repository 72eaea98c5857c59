// The notification outbox in the cloud (B7): per outbox table (the platform's and each district's) a
// DynamoDB Streams consumer that only new NOTIFICATION# items invoke, with partial batch failures,
// bisection, bounded retries and an encrypted on-failure queue ops are alarmed about; a retry job
// every minute; senders (SNS SMS, SES e-mail) granted to these two functions and to nothing else.
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { TABLE_ACTIONS } from '../../infra/constructs/lmb-function';
import type { LmbFunction } from '../../infra/constructs/lmb-function';
import { OUTBOX_PK_PREFIX, type OutboxNotifier, RETRY_JOB, STREAM_CONSUMER } from '../../infra/constructs/outbox-notifier';
import type { DistrictStack } from '../../infra/district-stack';
import type { PlatformStack } from '../../infra/platform-stack';
import { notificationKey } from '../../shared/adapters/district-keys';
import { loadCityConfig } from '../../shared/config';
import { LEASE_MS } from '../../shared/notifications/deliver';
import { actionsByResource, asArray, type Json, logicalIdOf, type PolicyStatement, statementsOfRole, synthCity, templateOf } from './city';

const config = loadCityConfig();
const city = synthCity({ config });
const platformTableId = logicalIdOf(city.platform.platformTable);
const topicId = logicalIdOf(city.platform.alertsTopic);
const RO_ACTIONS = [...TABLE_ACTIONS.RO].sort();
const RW_ACTIONS = [...TABLE_ACTIONS.RO, ...TABLE_ACTIONS.WRITE].sort();
const STREAM_READ = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

type AnyStack = PlatformStack | DistrictStack;
const isDistrict = (stack: AnyStack): stack is DistrictStack => 'districtTable' in stack;
const stacks: [string, AnyStack][] = [[city.platform.stackName, city.platform], ...city.districts.map((d) => [d.stackName, d] as [string, AnyStack])];

const resourceProps = (stack: AnyStack, type: string, construct: Parameters<typeof logicalIdOf>[0]): Json =>
  templateOf(stack).findResources(type)[logicalIdOf(construct)].Properties;
const envOf = (stack: AnyStack, fn: LmbFunction): Record<string, unknown> => resourceProps(stack, 'AWS::Lambda::Function', fn).Environment.Variables;
const grantsOf = (stack: AnyStack, fn: LmbFunction) => actionsByResource(statementsOfRole(templateOf(stack), logicalIdOf(fn.role!)));

/** Which table a policy resource points at, seen from `stack`. */
function classify(stack: AnyStack, resource: string): string {
  if (resource === '"*"') return '*';
  if (resource.includes(`ExportsOutputFnGetAtt${platformTableId}Arn`) || resource.includes(`"${platformTableId}","Arn"`)) return 'platform';
  if (resource.includes(`"${platformTableId}","StreamArn"`)) return 'platform-stream';
  if (isDistrict(stack) && resource.includes(`"${logicalIdOf(stack.districtTable)}","Arn"`)) return 'district';
  if (isDistrict(stack) && resource.includes(`"${logicalIdOf(stack.districtTable)}","StreamArn"`)) return 'district-stream';
  if (resource.includes(':ses:')) return 'ses';
  return `other:${resource}`;
}

function actionsOn(stack: AnyStack, fn: LmbFunction, target: string, prefix = 'dynamodb:'): string[] {
  const out = new Set<string>();
  for (const [resource, actions] of grantsOf(stack, fn)) if (classify(stack, resource) === target) for (const a of actions) if (a.startsWith(prefix)) out.add(a);
  return [...out].sort();
}

const topicRefOf = (stack: AnyStack) => (stack === city.platform ? [{ Ref: topicId }] : [{ 'Fn::ImportValue': expect.stringContaining(`ExportsOutputRef${topicId}`) }]);

describe.each(stacks)('%s outbox notifier', (_name, stack) => {
  const notifier: OutboxNotifier = stack.notifier;
  const template = templateOf(stack);
  const outboxId = logicalIdOf(notifier.outbox);
  const own = isDistrict(stack) ? 'district' : 'platform';

  it('delivers the outbox of its own stack table', () => {
    expect(notifier.outbox).toBe(isDistrict(stack) ? stack.districtTable : city.platform.platformTable);
  });

  it('consumes that table stream, invoked only for INSERTs of NOTIFICATION# items', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as Json[];
    expect(mappings).toHaveLength(1);
    const esm = mappings[0].Properties;
    expect(esm.EventSourceArn).toEqual({ 'Fn::GetAtt': [outboxId, 'StreamArn'] });
    expect(esm.FunctionName).toEqual({ Ref: logicalIdOf(notifier.consumer) });
    expect(esm.StartingPosition).toBe('LATEST');
    expect(esm.FilterCriteria.Filters).toHaveLength(1);
    expect(JSON.parse(esm.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { Keys: { PK: { S: [{ prefix: 'NOTIFICATION#' }] } } },
    });
    // The prefix is the key the outbox really writes (and functions/notify.ts checks).
    expect(notificationKey('n1').PK.startsWith(OUTBOX_PK_PREFIX)).toBe(true);
  });

  it('reports partial batch failures, bisects failing batches, retries a bounded number of times, then sends to its queue', () => {
    const esm = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))[0].Properties;
    expect(esm).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_CONSUMER.retryAttempts,
      BatchSize: STREAM_CONSUMER.batchSize,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(notifier.failedBatches), 'Arn'] } } },
    });
    expect(esm.MaximumRetryAttempts).toBe(5);
  });

  it('bundles functions/notify.ts and functions/retry-notifications.ts with timeouts below the delivery lease', () => {
    const consumer = resourceProps(stack, 'AWS::Lambda::Function', notifier.consumer);
    const retry = resourceProps(stack, 'AWS::Lambda::Function', notifier.retry.fn);
    expect(consumer.Description).toContain('functions/notify.ts');
    expect(retry.Description).toContain('functions/retry-notifications.ts');
    for (const fn of [consumer, retry]) {
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.TracingConfig).toEqual({ Mode: 'Active' });
      // A delivery still running must never look crashed to another notifier (shared/notifications/deliver.ts).
      expect(fn.Timeout * 1000).toBeLessThan(LEASE_MS);
    }
    expect(consumer.Timeout).toBe(STREAM_CONSUMER.timeoutSeconds);
    expect(retry.Timeout).toBe(RETRY_JOB.timeoutSeconds);
  });

  it('puts failed batches on an encrypted, SSL-only queue kept 14 days', () => {
    const queue = resourceProps(stack, 'AWS::SQS::Queue', notifier.failedBatches);
    // Under the stack's own key (test/infra/keys.test.ts checks its policy).
    expect(queue.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack.dataKey), 'Arn'] });
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(notifier.failedBatches) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    // Only the consumer (through its event source) may send to it.
    expect(actionsOn(stack, notifier.consumer, `other:${JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(notifier.failedBatches), 'Arn'] })}`, 'sqs:')).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
  });

  it('alarms ops as soon as a failed batch is on the queue', () => {
    const alarm = resourceProps(stack, 'AWS::CloudWatch::Alarm', notifier.failedBatchesAlarm);
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(notifier.failedBatches), 'QueueName'] } }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: topicRefOf(stack),
    });
  });

  it('alarms ops when a notification becomes a dead letter (the metric the notifier publishes)', () => {
    const alarm = resourceProps(stack, 'AWS::CloudWatch::Alarm', notifier.deadLettersAlarm);
    const env = envOf(stack, notifier.consumer);
    expect(envOf(stack, notifier.retry.fn).POWERTOOLS_SERVICE_NAME).toBe(env.POWERTOOLS_SERVICE_NAME);
    expect(alarm).toMatchObject({
      Namespace: env.POWERTOOLS_METRICS_NAMESPACE,
      MetricName: 'Notification_dead',
      Dimensions: [{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: topicRefOf(stack),
    });
  });

  it('runs the retry job every minute, with alarms on its errors and on its not running', () => {
    const rule = resourceProps(stack, 'AWS::Events::Rule', notifier.retry.rule);
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.State).toBe('ENABLED');
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [logicalIdOf(notifier.retry.fn), 'Arn'] });
    expect(resourceProps(stack, 'AWS::CloudWatch::Alarm', notifier.retry.errorsAlarm)).toMatchObject({ MetricName: 'Errors', AlarmActions: topicRefOf(stack) });
    expect(resourceProps(stack, 'AWS::CloudWatch::Alarm', notifier.retry.notRunAlarm!)).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Period: RETRY_JOB.alarmIfNotRunForMinutes * 60,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmActions: topicRefOf(stack),
    });
  });

  it.each([
    ['stream consumer', (n: OutboxNotifier) => n.consumer],
    ['retry job', (n: OutboxNotifier) => n.retry.fn],
  ] as const)('%s: own table RW, platform table RO where not its own, nothing else', (_kind, pick) => {
    const fn = pick(notifier);
    const env = envOf(stack, fn);
    expect(env.PLATFORM_TABLE).toBeDefined();
    expect(env.NOTIFY_EMAIL_FROM).toBe(config.platform.notifyEmailFrom);
    expect(Object.keys(env).filter((k) => k.startsWith('USER_POOL'))).toEqual([]);
    if (isDistrict(stack)) {
      // functions/retry-notifications.ts serves the districts of DISTRICT_TABLES: exactly this one.
      expect(env.DISTRICT_TABLES).toEqual({ 'Fn::Join': ['', [`${stack.districtId}=`, { Ref: logicalIdOf(stack.districtTable) }]] });
      expect(actionsOn(stack, fn, 'district')).toEqual(RW_ACTIONS);
      expect(actionsOn(stack, fn, 'platform')).toEqual(RO_ACTIONS);
    } else {
      // No DISTRICT_TABLES: the platform copy delivers the platform table's outbox.
      expect('DISTRICT_TABLES' in env).toBe(false);
      expect(actionsOn(stack, fn, 'platform')).toEqual(RW_ACTIONS);
    }
    for (const [resource, actions] of grantsOf(stack, fn)) {
      const kind = classify(stack, resource);
      expect(actions.has('dynamodb:Scan')).toBe(false);
      if (kind.startsWith('other:')) expect([...actions].filter((a) => a.startsWith('dynamodb:') || a.startsWith('sns:') || a.startsWith('ses:'))).toEqual([]);
    }
    expect(JSON.stringify(templateOf(stack).toJSON())).not.toContain('/index/*');
  });

  it('reads only its own table stream, and only the consumer does', () => {
    expect(actionsOn(stack, notifier.consumer, `${own}-stream`)).toEqual(STREAM_READ);
    expect(actionsOn(stack, notifier.retry.fn, `${own}-stream`)).toEqual([]);
    const other = own === 'district' ? 'platform-stream' : 'district-stream';
    expect(actionsOn(stack, notifier.consumer, other)).toEqual([]);
  });

  it('uses "*" only for X-Ray, SMS to phone numbers and (consumer) ListStreams', () => {
    const star = (fn: LmbFunction) => [...(grantsOf(stack, fn).get('"*"') ?? [])].sort();
    expect(star(notifier.consumer)).toEqual(['dynamodb:ListStreams', 'sns:Publish', ...XRAY].sort());
    expect(star(notifier.retry.fn)).toEqual(['sns:Publish', ...XRAY].sort());
  });

  it('may send e-mail only from the configured sender, through its SES identities', () => {
    const from = config.platform.notifyEmailFrom!;
    const domain = from.split('@')[1];
    for (const fn of notifier.functions) {
      const ses = statementsOfRole(template, logicalIdOf(fn.role!)).filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('ses:')));
      expect(ses).toHaveLength(1);
      expect(asArray(ses[0].Action)).toEqual(['ses:SendEmail']);
      expect((ses[0] as PolicyStatement & { Condition: unknown }).Condition).toEqual({ StringEquals: { 'ses:FromAddress': from } });
      const arns = asArray(ses[0].Resource).map((r) => JSON.stringify(r));
      expect(arns).toHaveLength(2);
      expect(arns.some((a) => a.endsWith(`:identity/${from}"]]}`))).toBe(true);
      expect(arns.some((a) => a.endsWith(`:identity/${domain}"]]}`))).toBe(true);
      for (const a of arns) expect(a).toContain('{"Ref":"AWS::Partition"},":ses:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"}');
    }
  });
});

describe('senders across the app', () => {
  const notifierRoles = new Set(stacks.flatMap(([, s]) => s.notifier.functions.map((fn) => `${s.stackName}/${logicalIdOf(fn.role!)}`)));
  const cognitoSmsRole = `${city.platform.stackName}/${logicalIdOf(city.platform.userPool.node.findChild('smsRole'))}`;

  /** [stack/role, statement] of every managed-by-CDK policy and every inline role policy. */
  const statements: [string, PolicyStatement][] = stacks.flatMap(([, stack]) => {
    const template = templateOf(stack);
    const fromPolicies = (Object.values(template.findResources('AWS::IAM::Policy')) as Json[]).flatMap((p) =>
      (p.Properties.Roles as Json[]).flatMap((r) =>
        (p.Properties.PolicyDocument.Statement as PolicyStatement[]).map((s) => [`${stack.stackName}/${r.Ref}`, s] as [string, PolicyStatement]),
      ),
    );
    const inline = Object.entries(template.findResources('AWS::IAM::Role')).flatMap(([id, role]) =>
      (role.Properties.Policies ?? []).flatMap((p: Json) =>
        (p.PolicyDocument.Statement as PolicyStatement[]).map((s) => [`${stack.stackName}/${id}`, s] as [string, PolicyStatement]),
      ),
    );
    return [...fromPolicies, ...inline];
  });
  const holders = (prefix: string) => new Set(statements.filter(([, s]) => asArray<string>(s.Action).some((a) => a.startsWith(prefix))).map(([role]) => role));

  it('gives sns:Publish to the notifier functions and Cognito SMS role only: no HTTP handler, sweep or other job', () => {
    expect(holders('sns:')).toEqual(new Set([...notifierRoles, cognitoSmsRole]));
    for (const district of city.districts) {
      for (const fn of [...district.functions.values(), ...[...district.scheduled.values()].map((s) => s.fn)]) {
        expect(notifierRoles.has(`${district.stackName}/${logicalIdOf(fn.role!)}`)).toBe(false);
        expect('NOTIFY_EMAIL_FROM' in envOf(district, fn)).toBe(false);
      }
    }
  });

  it('gives ses:SendEmail to the notifier functions only', () => {
    expect(holders('ses:')).toEqual(notifierRoles);
  });

  it('builds one notifier per stack: two sending functions each', () => {
    expect(notifierRoles.size).toBe(2 * stacks.length);
  });
});

describe('without notifyEmailFrom', () => {
  const { notifyEmailFrom: _unset, ...platform } = config.platform;
  const scratch = synthCity({ config: { ...config, platform } });
  // Synth prints the validation report with the warning; keep it out of the test output, but check it.
  let printed: jest.SpyInstance;
  beforeAll(() => {
    printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => printed.mockRestore());

  it('deploys no e-mail channel: no SES permission, no NOTIFY_EMAIL_FROM, SMS still granted', () => {
    for (const stack of [scratch.platform, ...scratch.districts]) {
      const template = templateOf(stack);
      for (const fn of stack.notifier.functions) {
        const actions = statementsOfRole(template, logicalIdOf(fn.role!)).flatMap((s) => asArray<string>(s.Action));
        expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
        expect(actions).toContain('sns:Publish');
        expect('NOTIFY_EMAIL_FROM' in envOf(stack, fn)).toBe(false);
      }
    }
  });

  it('says so at synth (a warning, not an error) and stays cdk-nag clean', () => {
    expect(Annotations.fromStack(scratch.platform).findWarning('*', Match.stringLikeRegexp('notifyEmailFrom is not set'))).not.toEqual([]);
    expect(() => scratch.app.synth()).not.toThrow();
    expect(printed.mock.calls.flat().join('\n')).toContain('notifyEmailFrom is not set');
  });
});
