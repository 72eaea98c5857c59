// One entry of shared/schedules.ts in the cloud: the shared LmbFunction, the EventBridge rule that
// runs it, an alarm on its own errors, optionally one on its not running at all, and the entry's
// metric alarms, all notifying the ops alert topic. Like RouteApi for routes, it derives everything
// from the entry and never names a job.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ScheduleAlarm, ScheduleDef, ScheduleExpression } from '../../shared/schedules';
import { type AccessOffer, LmbFunction, METRICS_NAMESPACE } from './lmb-function';

export const scheduleOf = (expression: ScheduleExpression): Schedule =>
  'cron' in expression
    ? Schedule.cron({ minute: expression.cron.minute, hour: expression.cron.hour })
    : Schedule.rate(Duration.minutes(expression.rate.minutes));

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

    this.rule = new Rule(this, 'Schedule', {
      description: `Runs functions/${def.handler}.ts: ${def.summary}`,
      schedule: scheduleOf(def.schedule),
      // A missed run is retried a little, then dropped: the next scheduled run comes anyway.
      targets: [new LambdaFunction(this.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

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
