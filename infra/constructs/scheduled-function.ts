// One entry of shared/schedules.ts in the cloud: the shared LmbFunction, the EventBridge rule that
// runs it with a dead-letter queue for runs EventBridge could not start, an alarm on that queue, one
// on the job's own errors, optionally one on its not running at all, and the entry's metric alarms,
// all notifying the ops alert topic. Like RouteApi for routes, it derives everything from the entry
// and never names a job.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleAlarm, ScheduleDef, ScheduleExpression } from '../../shared/schedules';
import { DataKey } from './data-key';
import { type AccessOffer, LmbFunction, METRICS_NAMESPACE } from './lmb-function';

export const scheduleOf = (expression: ScheduleExpression): Schedule =>
  'cron' in expression ? Schedule.cron({ minute: expression.cron.minute, hour: expression.cron.hour }) : Schedule.rate(Duration.minutes(expression.rate.minutes));

/**
 * How EventBridge retries a run it could not start (Lambda throttled, a missing permission, a deleted
 * function): a few attempts within the job's own interval, at most an hour. Past that the next
 * scheduled run has come, and the event goes to the dead-letter queue, whose alarm tells ops.
 */
export const SCHEDULE_TARGET = { retryAttempts: 2, maxEventAgeCapMinutes: 60, deadLetterRetentionDays: 14 } as const;

/** The oldest a scheduled event may get before it is dead-lettered (EventBridge allows 1 minute to 24 hours). */
export const maxEventAgeOf = (expression: ScheduleExpression): Duration =>
  Duration.minutes('rate' in expression ? Math.max(1, Math.min(expression.rate.minutes, SCHEDULE_TARGET.maxEventAgeCapMinutes)) : SCHEDULE_TARGET.maxEventAgeCapMinutes);

const COMPARISON: Record<ScheduleAlarm['comparison'], ComparisonOperator> = {
  '<=': ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
  '>=': ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
};

export interface ScheduledFunctionProps {
  def: ScheduleDef;
  /** Powertools service name: the `service` dimension of the job's metrics and of its alarms. */
  serviceName: string;
  removalPolicy: RemovalPolicy;
  alertsTopic: ITopic;
  offer: AccessOffer;
  description: string;
}

export class ScheduledFunction extends Construct {
  readonly fn: LmbFunction;
  readonly rule: Rule;
  /** Scheduled events EventBridge gave up delivering to the function (each is a run that never happened). */
  readonly deadLetters: Queue;
  readonly deadLettersAlarm: Alarm;
  readonly errorsAlarm: Alarm;
  /** When the entry sets `alarmIfNotRunForMinutes`. */
  readonly notRunAlarm?: Alarm;
  /** By metric name. */
  readonly metricAlarms = new Map<string, Alarm>();

  constructor(scope: Construct, id: string, props: ScheduledFunctionProps) {
    super(scope, id);
    const { def, serviceName, alertsTopic } = props;
    const notify = new SnsAction(alertsTopic);

    this.fn = new LmbFunction(this, 'Function', {
      handlerModule: def.handler,
      serviceName,
      metricsNamespace: METRICS_NAMESPACE,
      removalPolicy: props.removalPolicy,
      description: props.description,
      timeout: def.timeoutSeconds === undefined ? undefined : Duration.seconds(def.timeoutSeconds),
    });
    if (def.access) this.fn.bindAccess(def.access, props.offer);

    // Under the stack's key; EventBridge may use it for this account's rules (infra/constructs/data-key.ts).
    const dataKey = DataKey.of(this);
    dataKey.allowEventBridgeDeadLetters();
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(SCHEDULE_TARGET.deadLetterRetentionDays),
      removalPolicy: props.removalPolicy,
    });
    this.rule = new Rule(this, 'Schedule', {
      description: `Runs functions/${def.handler}.ts: ${def.summary}`,
      schedule: scheduleOf(def.schedule),
      // The target grants EventBridge sqs:SendMessage on the queue for this rule only (queue policy).
      targets: [
        new LambdaFunction(this.fn, {
          retryAttempts: SCHEDULE_TARGET.retryAttempts,
          maxEventAge: maxEventAgeOf(def.schedule),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });

    // A run EventBridge could not start fails nowhere else: no invocation, no error, no log line.
    this.deadLettersAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        `EventBridge could not start a scheduled run of functions/${def.handler}.ts (${serviceName}) after its retries; that run was skipped. ` +
        'The queue message says why (message attributes ERROR_CODE, ERROR_MESSAGE: throttling, a missing permission, a deleted function); fix it, then purge the queue.',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLettersAlarm.addAlarmAction(notify);

    // A job that fails silently is no job: any error of its runs reaches ops.
    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `functions/${def.handler}.ts (${serviceName}) failed; see its log group.`,
      metric: this.fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm.addAlarmAction(notify);

    if (def.alarmIfNotRunForMinutes !== undefined) {
      // No invocation at all in the period: Lambda publishes no datapoint, and missing data breaches.
      this.notRunAlarm = new Alarm(this, 'NotRunAlarm', {
        alarmDescription:
          `functions/${def.handler}.ts (${serviceName}) has not run for ${def.alarmIfNotRunForMinutes} minutes: ` +
          'check that its EventBridge rule is enabled and the function is not throttled.',
        metric: this.fn.metricInvocations({ period: Duration.minutes(def.alarmIfNotRunForMinutes), statistic: 'Sum' }),
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      });
      this.notRunAlarm.addAlarmAction(notify);
    }

    for (const spec of def.alarms ?? []) {
      if (this.metricAlarms.has(spec.metricName)) throw new Error(`schedule ${def.name} has two alarms on ${spec.metricName}`);
      const alarm = new Alarm(this, `${spec.metricName}Alarm`, {
        alarmDescription: spec.description,
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: spec.metricName,
          dimensionsMap: { service: serviceName },
          statistic: spec.statistic,
          period: Duration.minutes(spec.periodMinutes),
        }),
        comparisonOperator: COMPARISON[spec.comparison],
        threshold: spec.threshold,
        evaluationPeriods: 1,
        // The job reports once per period; a gap (a late or failed run, caught by the errors alarm)
        // keeps the alarm where it was instead of flapping it back to OK.
        treatMissingData: TreatMissingData.IGNORE,
      });
      alarm.addAlarmAction(notify);
      this.metricAlarms.set(spec.metricName, alarm);
    }
  }
}
