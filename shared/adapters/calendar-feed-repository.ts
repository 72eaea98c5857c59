// A lawyer's private calendar feed token (issue 20 item 4). The platform table holds the token's
// SHA-256 only (`CALFEED#<hash>` → lawyer) and the profile names the hash of the current one, so a new
// token replaces the old in one transaction and a revoked or replaced token stops working at once.
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getUser } from './account-repository';
import type { UserProfile } from '../domain/accounts';
import { calendarFeedKey, profileKey } from './platform-keys';
import { ddb, platformTableName } from './dynamo';
import { TransactionPlan } from './transaction';
import { InvalidState, NotFound } from '../errors';
import { shanghaiIso } from '../time';

/** 32 random bytes, base64url: 43 characters, 256 bits — not guessable, safe in a URL path. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const RACED = '日历订阅刚被另一个请求修改，请刷新后重试';

async function profileOf(userId: string): Promise<UserProfile> {
  const profile = await getUser(userId);
  if (!profile) throw new NotFound('账号不存在');
  return profile;
}

export async function feedStatus(userId: string): Promise<{ exists: boolean; createdAt: string | null }> {
  const p = await profileOf(userId);
  return { exists: Boolean(p.calendarFeedHash), createdAt: p.calendarFeedHash ? (p.calendarFeedCreatedAt ?? null) : null };
}

/** The profile's feed attributes as read: the update is conditional on them, so two creates cannot both win. */
function planProfile(plan: TransactionPlan, userId: string, old: string | undefined, set: { hash: string; createdAt: string } | undefined) {
  plan.add(
    {
      Update: {
        TableName: platformTableName(),
        Key: profileKey(userId),
        UpdateExpression: set ? 'SET calendarFeedHash = :new, calendarFeedCreatedAt = :at' : 'REMOVE calendarFeedHash, calendarFeedCreatedAt',
        ConditionExpression: old ? 'calendarFeedHash = :old' : 'attribute_exists(PK) AND attribute_not_exists(calendarFeedHash)',
        ExpressionAttributeValues: { ...(old ? { ':old': old } : {}), ...(set ? { ':new': set.hash, ':at': set.createdAt } : {}) },
      },
    },
    () => new InvalidState(RACED),
  );
}

/** A new token; the old one (if any) stops working in the same transaction. The token is returned once. */
export async function createFeed(userId: string, now: Date): Promise<{ token: string; createdAt: string }> {
  const old = (await profileOf(userId)).calendarFeedHash;
  const token = randomBytes(32).toString('base64url');
  const hash = hashToken(token);
  const createdAt = shanghaiIso(now);
  const plan = new TransactionPlan();
  plan.add(
    { Put: { TableName: platformTableName(), Item: { ...calendarFeedKey(hash), lawyerId: userId, createdAt }, ConditionExpression: 'attribute_not_exists(PK)' } },
    () => 'retry',
  );
  if (old) plan.add({ Delete: { TableName: platformTableName(), Key: calendarFeedKey(old) } });
  planProfile(plan, userId, old, { hash, createdAt });
  if ((await plan.commit()) !== 'committed') throw new InvalidState(RACED);
  return { token, createdAt };
}

export async function revokeFeed(userId: string): Promise<void> {
  const old = (await profileOf(userId)).calendarFeedHash;
  if (!old) throw new NotFound('尚未开通日历订阅');
  const plan = new TransactionPlan();
  plan.add({ Delete: { TableName: platformTableName(), Key: calendarFeedKey(old) } });
  planProfile(plan, userId, old, undefined);
  if ((await plan.commit()) !== 'committed') throw new InvalidState(RACED);
}

/** The lawyer a token belongs to, or undefined for an unknown, replaced or revoked one. */
export async function lawyerOfToken(token: string): Promise<string | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const item = (await ddb.send(new GetCommand({ TableName: platformTableName(), Key: calendarFeedKey(hashToken(token)), ConsistentRead: true }))).Item;
  return item ? String(item.lawyerId) : undefined;
}
