// Per-lawyer throttle of booking attempts (B5), on top of API Gateway's route throttles: one
// conditional counter per lawyer and minute, so the limit holds across concurrent Lambdas.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimited } from '../errors';
import { rateKey } from './district-keys';
import { ddb, isConditionFailure } from './dynamo';

export const bookingAttemptsPerMinute = (): number => Number(process.env.BOOKING_ATTEMPTS_PER_MINUTE ?? 10);

/** Counts one attempt; throws 429 RATE_LIMITED past the limit. Real time: this is about load, not rules. */
export async function countBookingAttempt(table: string, userId: string, limit = bookingAttemptsPerMinute()): Promise<void> {
  const nowMs = Date.now();
  const window = new Date(nowMs).toISOString().slice(0, 16);
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: rateKey(userId, window),
        UpdateExpression: 'ADD attempts :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': Math.floor(nowMs / 1000) + 120 },
      }),
    );
  } catch (e) {
    // The window is the calendar minute: the next attempt counts once it has turned.
    if (isConditionFailure(e)) throw new RateLimited(`预约操作过于频繁（每分钟最多 ${limit} 次），请稍后再试`, (60_000 - (nowMs % 60_000)) / 1000);
    throw e;
  }
}
