// Delivers the notification outbox (B7) of one table: the platform table in the platform stack, the
// district table in each district stack. Every state change that must tell someone writes a
// `NOTIFICATION#…` item in its own transaction; this construct turns such items into SMS and e-mail:
//  - a DynamoDB Streams consumer (functions/notify.ts) invoked only for INSERTs of those items, with
//    partial batch failures, bisection, bounded retries and an SQS on-failure destination ops can read;
//  - a retry job every minute (functions/retry-notifications.ts) for backoffs that are due, deliveries
//    that crashed part-way, and anything the stream consumer never got (including its dead batches);
//  - alarms to the ops topic: the on-failure queue is not empty, a message was dead-lettered, the
//    retry job failed or stopped running.
// Both functions are the shared LmbFunction and get only their own outbox table (RW), the platform
// table read-only where it is not their own (recipients' phone and e-mail live there), and the senders.
import { Annotations, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NOTIFICATION_PREFIX } from '../../shared/adapters/district-keys';
import type { ScheduleDef } from '../../shared/schedules';
import { DataKey } from './data-key';
import { type AccessOffer, LmbFunction, METRICS_NAMESPACE } from './lmb-function';
import type { DataTable } from './lmb-table';
import { ScheduledFunction } from './scheduled-function';

/** Items of the outbox: `PK = NOTIFICATION#<id>` (shared/adapters/district-keys.ts notificationKey). */
export const OUTBOX_PK_PREFIX = NOTIFICATION_PREFIX;

/** Which outbox a notifier serves, and therefore what it may touch. */
export type OutboxScope = 'platform' | 'district';

/** Own table RW; the platform table (recipients) RO when it is not the notifier's own. */
export const NOTIFIER_ACCESS: Record<OutboxScope, NonNullable<ScheduleDef['access']>> = {
  platform: { platform: 'RW' },
  district: { district: 'RW', platform: 'RO' },
};

/**
 * Stream consumer tuning. A batch of 10 with ~5 DynamoDB calls and one or two sends per record stays
 * far inside the timeout; both timeouts stay below the delivery lease of shared/notifications/
 * deliver.ts (LEASE_MS, 60 s), so a delivery still running is never taken for a crashed one.
 */
export const STREAM_CONSUMER = { batchSize: 10, retryAttempts: 5, timeoutSeconds: 30 } as const;
export const RETRY_JOB = { rateMinutes: 1, timeoutSeconds: 50, alarmIfNotRunForMinutes: 10 } as const;

/** Powertools metric of shared/notifications/deliver.ts for a record that became a dead letter. */
export const DEAD_NOTIFICATION_METRIC = 'Notification_dead';

export interface OutboxNotifierProps {
  scope: OutboxScope;
  /** What the stack can bind; the outbox is `offer.platformTable` or `offer.district.table` by `scope`. */
  offer: AccessOffer;
  /** Powertools service name of the stack (dimension of the dead-letter metric). */
  serviceName: string;
  removalPolicy: RemovalPolicy;
  alertsTopic: ITopic;
  /** Platform config `notifyEmailFrom`. */
  emailFrom?: string;
  /** `city shanghai` / `district minhang`, for descriptions. */
  label: string;
}

export class OutboxNotifier extends Construct {
  readonly outbox: DataTable;
  readonly consumer: LmbFunction;
  readonly eventSource: DynamoEventSource;
  /** Where Lambda records stream batches it gave up on (metadata: shard and sequence numbers). */
  readonly failedBatches: Queue;
  readonly failedBatchesAlarm: Alarm;
  readonly deadLettersAlarm: Alarm;
  readonly retry: ScheduledFunction;

  constructor(scope: Construct, id: string, props: OutboxNotifierProps) {
    super(scope, id);
    const { offer, serviceName, alertsTopic } = props;
    const outbox = props.scope === 'platform' ? offer.platformTable : offer.district?.table;
    if (!outbox) throw new Error(`${this.node.path}: no ${props.scope} table to deliver the outbox of`);
    this.outbox = outbox;
    const access = NOTIFIER_ACCESS[props.scope];
    const notify = new SnsAction(alertsTopic);
    if (!props.emailFrom) {
      Annotations.of(this).addWarningV2(
        'lmb:notifier-no-email-sender',
        'platform config notifyEmailFrom is not set: no e-mail channel is deployed, and e-mails to lawyers who chose e-mail become dead letters.',
      );
    }

    // Lambda's on-failure destination for stream batches it gave up on. The records themselves stay
    // in the table as `pending` and the retry job delivers them; the queue tells ops it happened.
    // Under the stack's key: the consumer's role gets it through the SqsDlq's grantSendMessages.
    this.failedBatches = new Queue(this, 'FailedBatches', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: DataKey.of(this),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });

    this.consumer = new LmbFunction(this, 'StreamConsumer', {
      handlerModule: 'notify',
      serviceName,
      metricsNamespace: METRICS_NAMESPACE,
      removalPolicy: props.removalPolicy,
      description: `functions/notify.ts, ${props.label} (outbox stream consumer)`,
      timeout: Duration.seconds(STREAM_CONSUMER.timeoutSeconds),
    });
    this.consumer.bindAccess(access, offer);
    this.consumer.bindSenders({ emailFrom: props.emailFrom });
    this.eventSource = new DynamoEventSource(outbox, {
      startingPosition: StartingPosition.LATEST,
      batchSize: STREAM_CONSUMER.batchSize,
      // The handler reports the records it could not record an outcome for; a failing batch is split
      // to isolate a bad record, retried a bounded number of times, then sent to the queue.
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: STREAM_CONSUMER.retryAttempts,
      onFailure: new SqsDlq(this.failedBatches),
      // Only new outbox items invoke the function; every other write of the table is filtered out by Lambda.
      filters: [
        FilterCriteria.filter({
          // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- aws-cdk-lib types every FilterRule as `any`
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: { PK: { S: FilterRule.beginsWith(OUTBOX_PK_PREFIX) } } },
        }),
      ],
    });
    // Binding the source grants DescribeStream, GetRecords and GetShardIterator on this table's stream
    // only (Table.grantStreamRead), plus dynamodb:ListStreams, which has no resource-level permission.
    this.consumer.addEventSource(this.eventSource);

    this.failedBatchesAlarm = new Alarm(this, 'FailedBatchesAlarm', {
      alarmDescription:
        `The outbox stream consumer of ${props.label} gave up on a batch (${serviceName}). The notifications stay pending ` +
        'and the retry job delivers them; read the queue message (shard, sequence numbers) and the consumer log, then purge it.',
      metric: this.failedBatches.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failedBatchesAlarm.addAlarmAction(notify);

    // A message that will not be sent without ops: out of attempts, a permanent error, or an outcome
    // a crash left unknown. Ops list and redrive dead letters through the admin routes of shared/routes.ts.
    this.deadLettersAlarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        `A notification of ${props.label} became a dead letter (${serviceName}): it will not be sent again unless ops redrive it. ` +
        'List them with GET /admin/notifications?status=dead (lastError says why), fix the cause, then POST /admin/notifications/{notificationId}/redrive.',
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: DEAD_NOTIFICATION_METRIC,
        dimensionsMap: { service: serviceName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.deadLettersAlarm.addAlarmAction(notify);

    this.retry = new ScheduledFunction(this, 'Retry', {
      def: {
        name: 'RetryNotifications',
        handler: 'retry-notifications',
        stack: props.scope,
        schedule: { rate: { minutes: RETRY_JOB.rateMinutes } },
        access,
        timeoutSeconds: RETRY_JOB.timeoutSeconds,
        alarmIfNotRunForMinutes: RETRY_JOB.alarmIfNotRunForMinutes,
        summary: '每分钟重试到期的通知、清理中断的投递、补发流事件遗漏的通知',
      },
      serviceName,
      removalPolicy: props.removalPolicy,
      alertsTopic,
      offer,
      description: `functions/retry-notifications.ts, ${props.label} (outbox retry, scheduled)`,
    });
    this.retry.fn.bindSenders({ emailFrom: props.emailFrom });
  }

  /** The two functions that send. */
  get functions(): LmbFunction[] {
    return [this.consumer, this.retry.fn];
  }
}
