// The local outbox: where SMS and e-mail land in local mode (GET /_local/outbox). Messages are kept
// in DynamoDB Local, so they survive a restart when the database is persisted.
import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure } from '../shared/adapters/dynamo';
import { CN_MOBILE, normalizePhone } from '../shared/domain/accounts';
import { ulid } from '../shared/ids';
import { LOCAL_OUTBOX_TABLE } from './local-tables';

export interface OutboxMessage {
  channel: 'sms' | 'email';
  to: string;
  kind: string;
  body: string;
  sentAt: string;
}

/** Phone numbers are stored in E.164 so `?to=13800000000` and `?to=+8613800000000` both match. */
const addressKey = (to: string) => (CN_MOBILE.test(to) ? normalizePhone(to) : to.toLowerCase());

/**
 * Lands one message. With a sender key (the notifier's `<notificationId>.<channel>`) the message is
 * stored under it with a conditional put, so the same key never lands twice: a repeat (a retry after
 * a crash, a redrive) returns as if sent — what a provider's deduplication does.
 */
export async function deliverToOutbox(message: OutboxMessage, sendKey?: string): Promise<void> {
  const to = addressKey(message.to);
  const SK = sendKey ? `KEY#${sendKey}` : `${message.sentAt}#${ulid()}`;
  try {
    await ddb.send(
      new PutCommand({
        TableName: LOCAL_OUTBOX_TABLE,
        Item: { PK: `TO#${to}`, SK, ...message, to, ...(sendKey ? { sendKey } : {}) },
        ...(sendKey ? { ConditionExpression: 'attribute_not_exists(PK)' } : {}),
      }),
    );
  } catch (e) {
    if (!(sendKey && isConditionFailure(e))) throw e;
  }
}

const view = (item: Record<string, unknown>): OutboxMessage => ({
  channel: item.channel as OutboxMessage['channel'],
  to: item.to as string,
  kind: item.kind as string,
  body: item.body as string,
  sentAt: item.sentAt as string,
});

/** Messages to one address, oldest first; without an address every message (local mode only). */
export async function readOutbox(to?: string): Promise<OutboxMessage[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = to
      ? await ddb.send(
          new QueryCommand({
            TableName: LOCAL_OUTBOX_TABLE,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': `TO#${addressKey(to)}` },
            ExclusiveStartKey,
          }),
        )
      : await ddb.send(new ScanCommand({ TableName: LOCAL_OUTBOX_TABLE, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.map(view).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
