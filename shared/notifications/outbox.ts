// The notification outbox (B7): every state change that must tell someone writes its notification
// record in the same transaction as the change, so a committed change always has its message and a
// failed one never does. The notifier (Streams in the cloud, a poller locally) delivers them.
import { notificationKey, queueIndex } from '../adapters/district-keys';
import type { TransactionPlan } from '../adapters/transaction';
import { scopeOfTable } from '../adapters/dynamo';
import { ulid } from '../ids';
import type { DeliveryStatus } from '../domain/notifications';

export type NotificationKind =
  | 'booking-confirmed'
  | 'booking-named'
  | 'booking-withdrawn'
  | 'booking-cancelled'
  | 'booking-rescheduled'
  | 'waitlist-promoted'
  | 'booking-reminder'
  | 'violation-recorded'
  | 'lockout-applied'
  | 'lockout-lifted'
  | 'appeal-decided'
  | 'booking-cancelled-by-center'
  | 'meeting-request'
  | 'meeting-request-reminder'
  | 'urgent-request-placed'
  | 'urgent-request-alert'
  | 'suggestion-replied'
  | 'interrogation-cancelled'
  | 'waitlist-cancelled'
  | 'booking-called';

export type { DeliveryStatus } from '../domain/notifications';

export interface NotificationRecord {
  recipientId: string;
  kind: NotificationKind;
  bookingId?: string;
  createdAt: string;
  /** Everything the template needs, captured at the time of the change. */
  params?: Record<string, string | number>;
}

export interface StoredNotification extends NotificationRecord {
  notificationId: string;
  status: DeliveryStatus;
  attempts: number;
  /** Channels already delivered: a retry never sends them again. */
  delivered?: Record<string, string>;
  /** Channels handed to a sender that cannot deduplicate, with the attempt, until recorded or answered. */
  inFlight?: Record<string, number>;
  nextAttemptAt?: string;
  leaseUntil?: string;
  lastError?: string;
  sentAt?: string;
}

/** Ids name their table (`nt.<district or platform>.<ulid>`), so ops can redrive one by id. */
export function planNotification(plan: TransactionPlan, table: string, n: NotificationRecord): void {
  const notificationId = `nt.${scopeOfTable(table)}.${ulid()}`;
  plan.add({
    Put: {
      TableName: table,
      Item: { ...notificationKey(notificationId), notificationId, status: 'pending', attempts: 0, ...n, ...queueIndex('pending', n.createdAt, notificationId) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
}

/** Template parameters of a booking. */
export const bookingParams = (b: { centerId: string; date: string; sessionStart: string; queueNumber: number; slotId: string }) => ({
  centerId: b.centerId,
  date: b.date,
  start: b.sessionStart,
  slotId: b.slotId,
  queueNumber: b.queueNumber,
});
