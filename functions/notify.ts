// DynamoDB Streams consumer of the platform and district tables: delivers each new outbox record
// (B7). Failures are recorded on the record itself (retry with backoff, then dead letter), so a
// batch only fails — and is retried by Lambda — when the table itself could not be reached.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { awsSenders } from '../shared/adapters/aws-senders';
import { clock } from '../shared/clock';
import { deliver } from '../shared/notifications/deliver';
import { logger } from '../shared/observability';
import { defineJob } from '../shared/scheduled';
import { NOTIFICATION_PREFIX } from '../shared/adapters/district-keys';

/** arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label> → <name> */
export const tableOfStreamArn = (arn: string): string => arn.split(':table/')[1]?.split('/stream/')[0] ?? '';

export const handler = defineJob('notify', async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const pk = record.dynamodb?.Keys?.PK?.S ?? '';
    if (record.eventName !== 'INSERT' || !pk.startsWith(NOTIFICATION_PREFIX)) continue;
    try {
      await deliver(tableOfStreamArn(record.eventSourceARN ?? ''), pk.slice(NOTIFICATION_PREFIX.length), awsSenders, clock.now());
    } catch (error) {
      logger.error('notification delivery could not be recorded', error as Error);
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
});
