// Delivers one outbox notification (B7) and records what happened. A delivery first claims the
// record (pending → sending) with a conditional write, so two notifiers never both send it; each
// channel is marked delivered as soon as it is, so a retry never sends it twice. Every send carries
// a sender key derived from the record (`<notificationId>.<channel>`, the same on every attempt and
// redrive). Transient failures (throttling, 5xx, timeouts) are retried with exponential backoff.
// A delivery interrupted by a crash (its lease ran out) is retried automatically (issue 23 F2) when
// the retry cannot deliver twice: the channel was never handed to the sender, or the sender
// deduplicates by the key (the local outbox does). Only a channel handed to a sender that cannot
// deduplicate (SNS SMS and SES e-mail have no idempotency key for a direct send) and not recorded
// has an unknown outcome: that, MAX_ATTEMPTS and permanent failures make a dead letter ops see and
// can redrive. Nothing is lost: every record ends `sent` or `dead`.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { notificationKey, queueIndex, leaseIndex, notifyPartition } from '../adapters/district-keys';
import { profileKey } from '../adapters/platform-keys';
import { transactWrite } from '../adapters/audit-repository';
import { ddb, districtTableName, failedConditionIndex, isConditionFailure, platformTableName, queryAll, servedDistricts } from '../adapters/dynamo';
import { readPage, type Page, type PageQuery } from '../adapters/paging';
import { logger, metrics } from '../observability';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { shanghaiIso } from '../time';
import { cityConfig } from '../config';
import { expiresAfter } from '../domain/retention';
import { type DeliveryStatus, type StoredNotification } from './outbox';
import { render } from './templates';
import type { Senders } from '../use-cases/ports/senders';

export type Channel = 'sms' | 'email';

export type { MessageMeta, Senders } from '../use-cases/ports/senders';

/** The idempotent sender key of one channel of one outbox record. */
export const sendKeyOf = (notificationId: string, channel: Channel): string => `${notificationId}.${channel}`;

export const MAX_ATTEMPTS = 5;
/** How long a claimed delivery may take before it counts as crashed. */
export const LEASE_MS = 60_000;
const BASE_BACKOFF_MS = 30_000;

/** Throttling, server errors and timeouts are worth retrying; anything else will fail again. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return (
    status >= 500 ||
    status === 429 ||
    Boolean(e?.$retryable) ||
    /Throttl|TooManyRequests|Timeout|TimedOut|ServiceUnavailable|InternalError|InternalFailure|ECONNRESET|ETIMEDOUT|EAI_AGAIN/i.test(`${e?.name} ${e?.code}`)
  );
}

interface Recipient {
  phone?: string;
  email?: string;
  notifyBy: 'sms' | 'email' | 'both';
}

async function recipient(userId: string): Promise<Recipient | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: profileKey(userId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  return { phone: out.Item.phone as string | undefined, email: out.Item.email as string | undefined, notifyBy: (out.Item.notifyBy as Recipient['notifyBy']) ?? 'sms' };
}

function channelsFor(r: Recipient): Channel[] {
  const wanted: Channel[] = r.notifyBy === 'both' ? ['sms', 'email'] : [r.notifyBy];
  const possible = wanted.filter((c) => (c === 'sms' ? r.phone : r.email));
  // Someone who chose e-mail but has none still hears by SMS, and vice versa.
  if (possible.length) return possible;
  return r.phone ? ['sms'] : r.email ? ['email'] : [];
}

/** A delivered notification's end (PIPL Art. 19, docs/data-retention.md): its clock starts at delivery. */
const deliveredAt = (now: Date) => ({ sentAt: shanghaiIso(now), expiresAt: expiresAfter(now, cityConfig().platform.retention.notificationDaysAfterDelivery) });

async function finish(table: string, n: StoredNotification, attempt: number, status: DeliveryStatus, now: Date, extra: Record<string, unknown> = {}): Promise<DeliveryStatus> {
  const values: Record<string, unknown> = {
    ':status': status,
    ':sending': 'sending',
    ':attempt': attempt,
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`:${k}`, v])),
  };
  const sets = ['#status = :status', ...Object.keys(extra).map((k) => `${k} = :${k}`)];
  const index = queueIndex(status, n.createdAt, n.notificationId);
  if ('GSI1PK' in index) {
    sets.push('GSI1PK = :gpk', 'GSI1SK = :gsk');
    values[':gpk'] = index.GSI1PK;
    values[':gsk'] = index.GSI1SK;
  }
  await ddb.send(
    new UpdateCommand({
      TableName: table,
      Key: notificationKey(n.notificationId),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE leaseUntil${'GSI1PK' in index ? '' : ', GSI1PK, GSI1SK'}`,
      ConditionExpression: '#status = :sending AND attempts = :attempt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    }),
  );
  metrics.addMetric(`Notification_${status}`, MetricUnit.Count, 1);
  if (status === 'dead') logger.error('notification dead-lettered', { notificationId: n.notificationId, kind: n.kind, attempts: attempt, reason: extra.lastError });
  return status;
}

/** Delivers one notification if it is due; 'skipped' when another notifier has it or it is done. */
export async function deliver(table: string, notificationId: string, senders: Senders, now: Date): Promise<DeliveryStatus | 'skipped'> {
  try {
    return await deliverClaimed(table, notificationId, senders, now);
  } catch (e) {
    // Our lease ran out mid-send and another notifier settled the record: it is theirs now.
    if (isConditionFailure(e)) return 'skipped';
    throw e;
  }
}

async function deliverClaimed(table: string, notificationId: string, senders: Senders, now: Date): Promise<DeliveryStatus | 'skipped'> {
  let n: StoredNotification;
  try {
    const claimed = await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: notificationKey(notificationId),
        // While sending, the record sits in the index by lease end: a crash mid-delivery is found there.
        UpdateExpression: 'SET #status = :sending, attempts = attempts + :one, leaseUntil = :lease, GSI1PK = :gpk, GSI1SK = :gsk',
        ConditionExpression: '#status = :pending OR (#status = :failed AND nextAttemptAt <= :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':failed': 'failed',
          ':one': 1,
          ':now': shanghaiIso(now),
          ':lease': shanghaiIso(new Date(now.getTime() + LEASE_MS)),
          ':gpk': leaseIndex(shanghaiIso(new Date(now.getTime() + LEASE_MS)), notificationId).GSI1PK,
          ':gsk': leaseIndex(shanghaiIso(new Date(now.getTime() + LEASE_MS)), notificationId).GSI1SK,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    n = claimed.Attributes as StoredNotification;
  } catch (e) {
    if (isConditionFailure(e)) return 'skipped';
    throw e;
  }
  const attempt = n.attempts;
  const to = await recipient(n.recipientId);
  const channels = to ? channelsFor(to) : [];
  if (!to || channels.length === 0) return finish(table, n, attempt, 'dead', now, { lastError: 'recipient has no phone or e-mail' });

  const message = render(n);
  const delivered = { ...(n.delivered ?? {}) };
  const inFlight = { ...(n.inFlight ?? {}) };
  const record = (update: string, values: Record<string, unknown>) =>
    ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: notificationKey(notificationId),
        UpdateExpression: update,
        ConditionExpression: '#status = :sending AND attempts = :attempt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...values, ':sending': 'sending', ':attempt': attempt },
      }),
    );
  for (const channel of channels.filter((c) => !delivered[c])) {
    if (!senders.deduplicates) {
      // Before the handover: a crash from here until the channel is recorded has an unknown outcome.
      inFlight[channel] = attempt;
      await record('SET inFlight = :inFlight', { ':inFlight': inFlight });
    }
    try {
      const meta = { notificationId: n.notificationId, kind: n.kind, sendKey: sendKeyOf(n.notificationId, channel) };
      if (channel === 'sms') await senders.sms(to.phone!, message.sms, meta);
      else await senders.email(to.email!, message.subject, message.email, meta);
    } catch (error) {
      const lastError = `${channel}: ${(error as Error).name ?? 'Error'}`;
      // The sender answered: the outcome is known, the channel is no longer in flight.
      const known = senders.deduplicates ? {} : { inFlight: withoutChannel(inFlight, channel) };
      if (!isTransient(error) || attempt >= MAX_ATTEMPTS) return finish(table, n, attempt, 'dead', now, { lastError, ...known });
      const nextAttemptAt = shanghaiIso(new Date(now.getTime() + BASE_BACKOFF_MS * 2 ** (attempt - 1)));
      return finish(table, n, attempt, 'failed', now, { lastError, nextAttemptAt, ...known });
    }
    delivered[channel] = shanghaiIso(now);
    // Recorded before anything else can fail: this channel is never sent again.
    await record('SET delivered = :delivered', { ':delivered': delivered });
  }
  return finish(table, n, attempt, 'sent', now, deliveredAt(now));
}

/** Notifications of one table in a queue state, oldest first (GSI1, no scan). */
export async function queuedNotifications(table: string, status: DeliveryStatus, upTo?: string): Promise<StoredNotification[]> {
  return queryAll<StoredNotification>({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: upTo ? 'GSI1PK = :pk AND GSI1SK <= :upTo' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': notifyPartition(status), ...(upTo ? { ':upTo': `${upTo}~` } : {}) },
  });
}

/**
 * GET /admin/notifications: one page of the notifications in a queue state in the platform table and
 * every district served, oldest first (each table's GSI1 is sorted `<createdAt>#<id>`).
 */
export async function queuedNotificationsPage(status: DeliveryStatus, page: PageQuery): Promise<Page<StoredNotification>> {
  const tables = [{ id: 'platform', table: platformTableName() }, ...servedDistricts().map((d) => ({ id: d, table: districtTableName(d) }))];
  return readPage<StoredNotification>({
    list: `GET /admin/notifications|${status}`,
    sources: tables.map(({ id, table }) => ({
      id,
      query: { TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': notifyPartition(status) } },
      keyAttributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    })),
    limit: page.limit,
    cursor: page.cursor,
    orderBy: (item) => String(item.GSI1SK),
  });
}

const withoutChannel = (map: Record<string, number>, channel: Channel) => Object.fromEntries(Object.entries(map).filter(([c]) => c !== channel));

/**
 * A delivery whose lease ran out crashed part-way. Channels it recorded as delivered were sent and
 * are never sent again. The others are retried at once (due now) when a retry cannot deliver twice:
 * the sender deduplicates by the sender key, or the channel was never handed to it. A channel handed
 * to a sender without deduplication and not recorded may or may not have gone out: sending again
 * could send twice, so ops decide (dead letter). Out of attempts: dead letter too.
 */
async function settleCrashed(table: string, n: StoredNotification, senders: Senders, now: Date): Promise<DeliveryStatus> {
  const r = await recipient(n.recipientId);
  const wanted = r ? channelsFor(r) : [];
  const missing = wanted.filter((c) => !n.delivered?.[c]);
  const unknown = senders.deduplicates ? [] : missing.filter((c) => n.inFlight?.[c] !== undefined);
  const settle = (): Promise<DeliveryStatus> => {
    if (wanted.length > 0 && missing.length === 0) return finish(table, n, n.attempts, 'sent', now, deliveredAt(now));
    if (unknown.length) return finish(table, n, n.attempts, 'dead', now, { lastError: `delivery interrupted, outcome unknown (${unknown.join(', ')})` });
    if (n.attempts >= MAX_ATTEMPTS) return finish(table, n, n.attempts, 'dead', now, { lastError: 'delivery interrupted' });
    logger.warn('interrupted delivery retried', { notificationId: n.notificationId, kind: n.kind, attempts: n.attempts, channels: missing });
    return finish(table, n, n.attempts, 'failed', now, { lastError: 'delivery interrupted', nextAttemptAt: shanghaiIso(now) });
  };
  try {
    return await settle();
  } catch (e) {
    if (isConditionFailure(e)) return 'sending';
    throw e;
  }
}

/** Pending and due retries of one table (the local poller, and the cloud's retry schedule). */
export async function deliverDue(table: string, senders: Senders, now: Date): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  const nowIso = shanghaiIso(now);
  for (const n of await queuedNotifications(table, 'sending', nowIso)) {
    if ((n.leaseUntil ?? '') > nowIso) continue;
    const status = await settleCrashed(table, n, senders, now);
    tally[status] = (tally[status] ?? 0) + 1;
  }
  const due = [...(await queuedNotifications(table, 'pending')), ...(await queuedNotifications(table, 'failed')).filter((n) => (n.nextAttemptAt ?? '') <= nowIso)];
  for (const n of due) {
    const status = await deliver(table, n.notificationId, senders, now);
    tally[status] = (tally[status] ?? 0) + 1;
  }
  return tally;
}

/** Dead letters, for ops. */
export const deadLetters = (table: string): Promise<StoredNotification[]> => queuedNotifications(table, 'dead');

/** Ops: give a dead letter a fresh set of attempts. */
export async function redrive(table: string, notificationId: string, now: Date): Promise<'redriven' | 'missing' | 'not-dead'> {
  const item = await ddb.send(new GetCommand({ TableName: table, Key: notificationKey(notificationId), ConsistentRead: true }));
  const n = item.Item as StoredNotification | undefined;
  if (!n) return 'missing';
  if (n.status !== 'dead') return 'not-dead';
  try {
    await transactWrite([
      {
        Update: {
          TableName: table,
          Key: notificationKey(notificationId),
          // Delivered channels stay recorded (never sent again); an unknown one is ops' call: clear it.
          UpdateExpression: 'SET #status = :pending, attempts = :zero, GSI1PK = :pk, GSI1SK = :sk, redrivenAt = :at REMOVE inFlight',
          ConditionExpression: '#status = :dead',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':zero': 0,
            ':dead': 'dead',
            ':at': shanghaiIso(now),
            ...prefixed(queueIndex('pending', n.createdAt, n.notificationId)),
          },
        },
      },
    ]);
  } catch (e) {
    if (failedConditionIndex(e) >= 0) return 'not-dead';
    throw e;
  }
  return 'redriven';
}

const prefixed = (index: { GSI1PK?: string; GSI1SK?: string }) => ({ ':pk': index.GSI1PK, ':sk': index.GSI1SK });
