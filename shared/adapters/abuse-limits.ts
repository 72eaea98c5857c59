// The abuse limits of B11 in the platform table, so they hold across Lambda instances and districts
// and behave the same locally: failed logins per username, tries per confirmation or reset code, SMS
// codes per phone. Every decision is a conditional write (a counter ADDed under a condition, a slot
// claimed under a condition); reads only compute the Retry-After of a refusal already decided, or
// refuse early before a password is even checked. Records expire by the table's TTL (`expiresAt`),
// which only tidies up: the rules compare stored times with `now` and never wait for TTL.
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  CODE_ATTEMPT_LIMIT,
  CODE_BUDGET_TTL_MS,
  type CodePurpose,
  LOGIN_FAILURE_LIMIT,
  LOGIN_FAILURE_MEMORY_MS,
  LOGIN_LOCK_MS,
  type LoginFailures,
  SMS_CODES_PER_HOUR,
  SMS_SLOTS,
  SMS_WINDOW_MS,
  lockOverBefore,
  loginLockedUntil,
  nextSmsSlotAt,
  retryAfterSeconds,
  smsSlotFreeBefore,
} from '../domain/abuse-limits';
import { RateLimited, ValidationFailed } from '../errors';
import { transactWrite, type TxItem } from './audit-repository';
import { ddb, failedConditionIndex, isConditionFailure, platformTableName, retryOnConflict } from './dynamo';
import { codeBudgetKey, loginFailuresKey, smsLimitKey } from './platform-keys';

const epochSeconds = (ms: number) => Math.floor(ms / 1000);

function lockedOut(until: number, now: Date): RateLimited {
  // A parallel request may have set the lock a moment after this one's `now`: never say more than the lock's length.
  return new RateLimited('连续登录失败次数过多，账号已暂时锁定 15 分钟，请稍后再试', retryAfterSeconds(Math.min(until, now.getTime() + LOGIN_LOCK_MS), now));
}

async function readLoginFailures(username: string): Promise<LoginFailures | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: loginFailuresKey(username), ConsistentRead: true }));
  return out.Item as LoginFailures | undefined;
}

/** Refuses a locked username before its password is checked (so a lock also stops the right one). */
export async function assertLoginAllowed(username: string, now: Date): Promise<void> {
  const until = loginLockedUntil(await readLoginFailures(username), now);
  if (until) throw lockedOut(until, now);
}

/**
 * Counts one failed login of `username`, known or not (a lock that only known names got would tell
 * which names exist). The count only grows while below the limit, so a burst of parallel guesses can
 * never be counted past it unnoticed: those that find the streak full are refused with the lock.
 */
export async function recordLoginFailure(username: string, now: Date): Promise<void> {
  const TableName = platformTableName();
  const Key = loginFailuresKey(username);
  const nowMs = now.getTime();
  const expires = epochSeconds(nowMs + LOGIN_FAILURE_MEMORY_MS);
  try {
    await ddb.send(
      new UpdateCommand({
        TableName,
        Key,
        UpdateExpression: 'ADD failures :one SET lastFailureAt = :now, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit',
        ExpressionAttributeValues: { ':one': 1, ':now': nowMs, ':expires': expires, ':limit': LOGIN_FAILURE_LIMIT },
      }),
    );
    return;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
  // The streak is full. If its lock is over, this failure starts a new streak; otherwise the lock holds.
  try {
    await ddb.send(
      new UpdateCommand({
        TableName,
        Key,
        UpdateExpression: 'SET failures = :one, lastFailureAt = :now, expiresAt = :expires',
        ConditionExpression: 'failures >= :limit AND lastFailureAt <= :over',
        ExpressionAttributeValues: { ':one': 1, ':now': nowMs, ':expires': expires, ':limit': LOGIN_FAILURE_LIMIT, ':over': lockOverBefore(now) },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    // Lost the race with the failure that reached the limit: the lock is on, answer with it.
    await assertLoginAllowed(username, now);
  }
}

/**
 * A successful login resets the streak — unless the streak reached the limit meanwhile (a parallel
 * burst): then the lock wins and the caller must not hand out the token.
 */
export async function recordLoginSuccess(username: string, now: Date): Promise<void> {
  try {
    await ddb.send(
      new DeleteCommand({
        TableName: platformTableName(),
        Key: loginFailuresKey(username),
        ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit OR lastFailureAt <= :over',
        ExpressionAttributeValues: { ':limit': LOGIN_FAILURE_LIMIT, ':over': lockOverBefore(now) },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    // Lost the race with the failure that reached the limit: the lock is on, answer with it.
    await assertLoginAllowed(username, now);
  }
}

/** Forgets the failure streak (a password reset proved possession of the phone): a transaction item. */
export const planClearLoginFailures = (username: string): TxItem => ({ Delete: { TableName: platformTableName(), Key: loginFailuresKey(username) } });

/** Ends a code's budget once the code was used: a transaction item. */
export const planConsumeCode = (userId: string, purpose: CodePurpose): TxItem => ({ Delete: { TableName: platformTableName(), Key: codeBudgetKey(userId, purpose) } });

/**
 * Admits one SMS code to `phone` for `userId`'s `purpose`, before the code is sent: claims a free
 * slot of the phone's sliding hour and, in the same transaction, gives the code about to be sent a
 * fresh attempt budget (a new code is a new budget). Throws 429 RATE_LIMITED with the time until a
 * slot frees up when the phone had its five codes this hour. Being a state change, the transaction
 * carries the request's audit record when it is the request's first (resend, forgot).
 */
export async function admitCodeMessage(input: { phone: string; userId: string; purpose: CodePurpose }, now: Date): Promise<void> {
  const TableName = platformTableName();
  const nowMs = now.getTime();
  const budget: TxItem = {
    Put: {
      TableName,
      Item: {
        ...codeBudgetKey(input.userId, input.purpose),
        userId: input.userId,
        purpose: input.purpose,
        attempts: 0,
        issuedAt: nowMs,
        expiresAt: epochSeconds(nowMs + CODE_BUDGET_TTL_MS),
      },
    },
  };
  for (const slot of SMS_SLOTS) {
    try {
      await retryOnConflict(() =>
        transactWrite([
          {
            Update: {
              TableName,
              Key: smsLimitKey(input.phone),
              UpdateExpression: 'SET #slot = :now, expiresAt = :expires',
              ConditionExpression: 'attribute_not_exists(#slot) OR #slot <= :freeBefore',
              ExpressionAttributeNames: { '#slot': slot },
              ExpressionAttributeValues: { ':now': nowMs, ':expires': epochSeconds(nowMs + SMS_WINDOW_MS), ':freeBefore': smsSlotFreeBefore(now) },
            },
          },
          budget,
        ]),
      );
      return;
    } catch (e) {
      if (failedConditionIndex(e) !== 0) throw e;
    }
  }
  const out = await ddb.send(new GetCommand({ TableName, Key: smsLimitKey(input.phone), ConsistentRead: true }));
  const held = SMS_SLOTS.map((slot) => out.Item?.[slot] as number | undefined);
  // A parallel request may have claimed a slot a moment after this one's `now`: never say more than the hour.
  throw new RateLimited(
    `该手机号 1 小时内已获取 ${SMS_CODES_PER_HOUR} 次验证码，请稍后再试`,
    retryAfterSeconds(Math.min(nextSmsSlotAt(held, now), now.getTime() + SMS_WINDOW_MS), now),
  );
}

/**
 * Counts one try of the current code before the identity provider checks it: only CODE_ATTEMPT_LIMIT
 * tries ever reach the provider, however many arrive at once, and then even the right code fails
 * until a new one is requested. `mustBeIssued`: a reset code exists only after POST /auth/forgot
 * admitted it; a sign-up budget may be missing for registrations older than this rule.
 */
export async function claimCodeAttempt(input: { userId: string; purpose: CodePurpose; mustBeIssued: boolean; voidMessage: string }, now: Date): Promise<void> {
  try {
    await ddb.send(
      new UpdateCommand({
        TableName: platformTableName(),
        Key: codeBudgetKey(input.userId, input.purpose),
        UpdateExpression: 'ADD attempts :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: input.mustBeIssued ? 'attempts < :limit' : 'attribute_not_exists(attempts) OR attempts < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': CODE_ATTEMPT_LIMIT, ':expires': epochSeconds(now.getTime() + CODE_BUDGET_TTL_MS) },
      }),
    );
  } catch (e) {
    if (isConditionFailure(e)) throw new ValidationFailed(input.voidMessage);
    throw e;
  }
}
