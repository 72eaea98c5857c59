// The writes of queue calling (叫号, issue 20): each is one conditional update of the booking, planned
// into a transaction that also carries the outbox notification, so a call that commits always has
// its message and two staff members calling at once can never take the same booking (the second
// update finds `callState` already set and moves on to the next in line).
import type { CalledBooking } from '../domain/queue-calling';
import { InvalidState } from '../errors';
import { bookingKey } from './district-keys';
import type { TransactionPlan } from './transaction';

/**
 * Calls a booking still waiting (booked, never called nor skipped). `taken` hears when the condition
 * failed (somebody else called or moved it first): the caller then tries the next in line.
 */
export function planCall(plan: TransactionPlan, table: string, booking: CalledBooking, calledAt: string, by: string, taken: () => void): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: bookingKey(booking.bookingId),
        UpdateExpression: 'SET callState = :called, calledAt = :at, calledBy = :by, callCount = :one',
        ConditionExpression: '#status = :booked AND attribute_not_exists(callState)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':called': 'called', ':at': calledAt, ':by': by, ':one': 1, ':booked': 'booked' },
      },
    },
    () => {
      taken();
      return 'retry';
    },
  );
}

/** A recall: a called (or skipped) booking that is still booked is called again, its count one up. */
export function planRecall(
  plan: TransactionPlan,
  table: string,
  booking: CalledBooking,
  calledAt: string,
  by: string,
  refusal: (current: Record<string, unknown> | undefined) => Error,
): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: bookingKey(booking.bookingId),
        UpdateExpression: 'SET callState = :called, calledAt = :at, calledBy = :by, callCount = :count REMOVE skippedAt, skipReason, skippedBy',
        // The count read must still be the stored one: two recalls at once give two different counts.
        ConditionExpression: '#status = :booked AND attribute_exists(callState) AND callCount = :was',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':called': 'called', ':at': calledAt, ':by': by, ':count': (booking.callCount ?? 0) + 1, ':was': booking.callCount ?? 0, ':booked': 'booked' },
      },
    },
    (current) => (current && current.status === 'booked' && current.callState !== undefined && current.callCount !== booking.callCount ? 'retry' : refusal(current)),
  );
}

/** A skip (过号) with its reason: the booking stays booked (the sweeper's no-show still applies). */
export function planSkip(
  plan: TransactionPlan,
  table: string,
  booking: CalledBooking,
  reason: string,
  at: string,
  by: string,
  refusal: (current: Record<string, unknown> | undefined) => Error,
): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: bookingKey(booking.bookingId),
        UpdateExpression: 'SET callState = :skipped, skippedAt = :at, skipReason = :reason, skippedBy = :by',
        ConditionExpression: '#status = :booked AND (attribute_not_exists(callState) OR callState = :called)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':skipped': 'skipped', ':at': at, ':reason': reason, ':by': by, ':booked': 'booked', ':called': 'called' },
      },
    },
    refusal,
  );
}

export const callBusy = () => new InvalidState('叫号操作繁忙，请稍后重试');
