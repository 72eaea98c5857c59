// Accounts in the platform table: user profiles, the username index and the licence index (the
// lawyer registry). Uniqueness of usernames and licence numbers is decided by conditional writes
// in one transaction, never by a read before the write. Confirmed accounts carry GSI1 keys
// (`ACCOUNTS`, `<role>#<username>`) so the admin's account list is a Query, never a Scan.
import { BatchGetCommand, GetCommand, DeleteCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../routes';
import { AlreadyExists, InvalidState, NotFound } from '../errors';
import { transactWrite } from './audit-repository';
import { ddb, failedConditionIndex, platformTableName, queryAll, retryOnConflict } from './dynamo';
import { shanghaiIso } from '../time';
import { ACCOUNTS_INDEX_PK, ADMINS_PARTITION, accountIndexKeys, adminIndexKey, centerStaffKey, centerStaffPartition, licenseKey, profileKey, usernameKey } from './platform-keys';
import { type UserProfile } from '../domain/accounts';

/**
 * An unconfirmed registration older than this no longer holds its username and licence: whoever
 * registered and never entered the SMS code (or crashed half-way) must not block the real owner.
 * It outlasts the SMS code's 24-hour validity, so an abandoned registration can never be confirmed
 * after someone else took its licence over.
 */
export const UNCONFIRMED_HOLD_MS = 25 * 60 * 60 * 1000;

const TAKEOVER_CONDITION = 'attribute_not_exists(PK) OR (#status = :unconfirmed AND createdAt < :staleBefore)';

export async function reserveLawyer(profile: UserProfile & { licenseNo: string }, now: Date): Promise<void> {
  const TableName = platformTableName();
  const values = { ':unconfirmed': 'unconfirmed', ':staleBefore': shanghaiIso(new Date(now.getTime() - UNCONFIRMED_HOLD_MS)) };
  const index = { userId: profile.userId, status: 'unconfirmed', createdAt: profile.createdAt };
  try {
    await retryOnConflict(() =>
      transactWrite([
        { Put: { TableName, Item: { ...profileKey(profile.userId), ...profile }, ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Put: {
            TableName,
            Item: { ...usernameKey(profile.username), ...index },
            ConditionExpression: TAKEOVER_CONDITION,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          },
        },
        {
          Put: {
            TableName,
            Item: { ...licenseKey(profile.licenseNo), ...index },
            ConditionExpression: TAKEOVER_CONDITION,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          },
        },
      ]),
    );
  } catch (e) {
    const failed = failedConditionIndex(e);
    if (failed === 1) throw new AlreadyExists('用户名已被注册');
    if (failed === 2) throw new AlreadyExists('该执业证号已注册账号');
    throw e;
  }
}

/** Undoes reserveLawyer when the identity provider refused the sign-up. */
export async function releaseLawyerReservation(profile: { userId: string; username: string; licenseNo: string }): Promise<void> {
  const TableName = platformTableName();
  const mine = { ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':id': profile.userId } };
  await Promise.all([
    ddb.send(new DeleteCommand({ TableName, Key: usernameKey(profile.username), ...mine })).catch(ignoreConditionFailure),
    ddb.send(new DeleteCommand({ TableName, Key: licenseKey(profile.licenseNo), ...mine })).catch(ignoreConditionFailure),
    ddb.send(new DeleteCommand({ TableName, Key: profileKey(profile.userId) })),
  ]);
}

function ignoreConditionFailure(e: unknown): void {
  if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
}

/** True while the username and licence entries still belong to this registration (no takeover). */
export async function ownsRegistration(profile: Pick<UserProfile, 'userId' | 'username' | 'licenseNo'>): Promise<boolean> {
  const TableName = platformTableName();
  const [byName, byLicense] = await Promise.all([
    ddb.send(new GetCommand({ TableName, Key: usernameKey(profile.username), ConsistentRead: true })),
    profile.licenseNo ? ddb.send(new GetCommand({ TableName, Key: licenseKey(profile.licenseNo), ConsistentRead: true })) : undefined,
  ]);
  return byName.Item?.userId === profile.userId && (!profile.licenseNo || byLicense?.Item?.userId === profile.userId);
}

/** Marks the profile and its index entries confirmed, and lists the account (GSI1); safe to repeat. */
export async function confirmAccount(profile: Pick<UserProfile, 'userId' | 'username' | 'licenseNo'> & Partial<Pick<UserProfile, 'role'>>): Promise<void> {
  const TableName = platformTableName();
  const confirm = (Key: Record<string, string>, listed = false) => ({
    Update: {
      TableName,
      Key,
      UpdateExpression: listed ? 'SET #status = :confirmed, GSI1PK = :gpk, GSI1SK = :gsk' : 'SET #status = :confirmed',
      ConditionExpression: 'userId = :id',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':confirmed': 'confirmed',
        ':id': profile.userId,
        ...(listed && profile.role ? { ':gpk': ACCOUNTS_INDEX_PK, ':gsk': accountIndexKeys({ role: profile.role, username: profile.username }).GSI1SK } : {}),
      },
    },
  });
  const items = [confirm(profileKey(profile.userId), profile.role !== undefined), confirm(usernameKey(profile.username))];
  if (profile.licenseNo) items.push(confirm(licenseKey(profile.licenseNo)));
  await transactWrite(items);
}

function alertIndexKeys(profile: Pick<UserProfile, 'userId' | 'role' | 'centerIds'>): Record<string, string>[] {
  if (profile.role === 'staff') return [...new Set(profile.centerIds ?? [])].map((c) => centerStaffKey(c, profile.userId));
  if (profile.role === 'admin') return [adminIndexKey(profile.userId)];
  return [];
}

export async function createStaffAccount(profile: UserProfile): Promise<void> {
  const TableName = platformTableName();
  try {
    await transactWrite([
      { Put: { TableName, Item: { ...profileKey(profile.userId), ...profile, ...accountIndexKeys(profile) }, ConditionExpression: 'attribute_not_exists(PK)' } },
      {
        Put: {
          TableName,
          Item: { ...usernameKey(profile.username), userId: profile.userId, status: profile.status, createdAt: profile.createdAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...alertIndexKeys(profile).map((key) => ({ Put: { TableName, Item: { ...key, userId: profile.userId, role: profile.role } } })),
    ]);
  } catch (e) {
    if (failedConditionIndex(e) === 1) throw new AlreadyExists('用户名已被使用');
    throw e;
  }
}

export async function deleteStaffAccount(profile: Pick<UserProfile, 'userId' | 'username'> & Partial<Pick<UserProfile, 'role' | 'centerIds'>>): Promise<void> {
  const TableName = platformTableName();
  await transactWrite([
    { Delete: { TableName, Key: profileKey(profile.userId) } },
    { Delete: { TableName, Key: usernameKey(profile.username), ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':id': profile.userId } } },
    ...(profile.role ? alertIndexKeys({ userId: profile.userId, role: profile.role, centerIds: profile.centerIds }).map((Key) => ({ Delete: { TableName, Key } })) : []),
  ]);
}

/**
 * Who an urgent request about to miss its deadline alerts (B2): the center's staff and every admin,
 * as far as their profile has a phone or an e-mail to reach them by.
 */
export async function alertRecipients(centerId: string): Promise<string[]> {
  const TableName = platformTableName();
  const indexed = await Promise.all(
    [centerStaffPartition(centerId), ADMINS_PARTITION].map((pk) =>
      queryAll<{ userId: string }>({ TableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
    ),
  );
  const ids = [...new Set(indexed.flat().map((i) => i.userId))];
  const reachable: string[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map(profileKey);
    while (keys?.length) {
      const out: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of out.Responses?.[TableName] ?? []) if (item.phone || item.email) reachable.push(item.userId as string);
      keys = out.UnprocessedKeys?.[TableName]?.Keys;
    }
  }
  return reachable.sort();
}

export async function getUser(userId: string): Promise<UserProfile | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: profileKey(userId), ConsistentRead: true }));
  return out.Item as UserProfile | undefined;
}

/**
 * How the account is notified (B7), in one conditional write with the request's audit record:
 * e-mail only for someone who gave an address at registration. False when that (or the profile)
 * is missing: nothing was written.
 */
export async function setNotifyBy(userId: string, notifyBy: 'sms' | 'email' | 'both'): Promise<boolean> {
  try {
    await transactWrite([
      {
        Update: {
          TableName: platformTableName(),
          Key: profileKey(userId),
          UpdateExpression: 'SET notifyBy = :by',
          ConditionExpression: notifyBy === 'sms' ? 'attribute_exists(PK)' : 'attribute_exists(PK) AND attribute_exists(email)',
          ExpressionAttributeValues: { ':by': notifyBy },
        },
      },
    ]);
    return true;
  } catch (e) {
    if (failedConditionIndex(e) >= 0) return false;
    throw e;
  }
}

export async function findUserByUsername(username: string): Promise<UserProfile | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: usernameKey(username), ConsistentRead: true }));
  return out.Item ? getUser(out.Item.userId as string) : undefined;
}

/** The registered (confirmed) lawyer holding a licence number, if any. */
export async function findLawyerIdByLicense(licenseNo: string): Promise<string | null> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: licenseKey(licenseNo), ConsistentRead: true }));
  return out.Item && out.Item.status === 'confirmed' ? (out.Item.userId as string) : null;
}

/** One page of the account list, as the profiles hold it. */
export interface AccountPage {
  accounts: UserProfile[];
  /** The GSI1 key to continue after, or undefined at the end. */
  next?: Record<string, string>;
}

/**
 * Confirmed accounts in (role, username) order, `limit` at a time, continuing after `after` (a key
 * from a previous page). One more item than asked is read, so the last page says it is the last.
 */
export async function listAccounts(input: { role?: Role; limit: number; after?: Record<string, string> }): Promise<AccountPage> {
  const out = await ddb.send(
    new QueryCommand({
      TableName: platformTableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: input.role ? 'GSI1PK = :pk AND begins_with(GSI1SK, :role)' : 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': ACCOUNTS_INDEX_PK, ...(input.role ? { ':role': `${input.role}#` } : {}) },
      ExclusiveStartKey: input.after,
      Limit: input.limit + 1,
    }),
  );
  const items = (out.Items ?? []) as (UserProfile & Record<'PK' | 'SK' | 'GSI1PK' | 'GSI1SK', string>)[];
  const accounts = items.slice(0, input.limit);
  const last = accounts[accounts.length - 1];
  // Past `limit` there is more; short of it, DynamoDB stopped at its 1 MB page and may have more.
  const more = items.length > input.limit || out.LastEvaluatedKey !== undefined;
  return { accounts, next: more && last ? { PK: last.PK, SK: last.SK, GSI1PK: last.GSI1PK, GSI1SK: last.GSI1SK } : undefined };
}

/** The account behind a userId, as long as it still owns its username (an abandoned registration does not). */
export async function findAccount(userId: string): Promise<UserProfile | undefined> {
  const profile = await getUser(userId);
  if (!profile) return undefined;
  const byName = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: usernameKey(profile.username), ConsistentRead: true }));
  return byName.Item?.userId === userId ? profile : undefined;
}

/** Records the account's disabled flag (with the request's audit record); the profile must exist. */
export async function setAccountDisabled(userId: string, disabled: boolean): Promise<void> {
  await transactWrite([
    {
      Update: {
        TableName: platformTableName(),
        Key: profileKey(userId),
        UpdateExpression: 'SET disabled = :disabled',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':disabled': disabled },
      },
    },
  ]);
}

/**
 * Disables an admin's profile only if the acting admin is, in the same transaction, still an
 * enabled admin: the actor's profile is written (not just condition-checked), so two admins
 * disabling each other at once touch the same two items and DynamoDB lets only one of them commit
 * even under snapshot-style isolation. After every disable that commits, its actor is an enabled
 * admin, and disabling oneself is refused before this — so the city always keeps one.
 */
export async function disableAdminAccount(targetId: string, actorId: string, now: Date): Promise<void> {
  const TableName = platformTableName();
  const notDisabled = '(attribute_not_exists(disabled) OR disabled = :no)';
  try {
    await retryOnConflict(() =>
      transactWrite([
        {
          Update: {
            TableName,
            Key: profileKey(targetId),
            UpdateExpression: 'SET disabled = :yes',
            ConditionExpression: 'attribute_exists(PK) AND #role = :admin',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':yes': true, ':admin': 'admin' },
          },
        },
        {
          Update: {
            TableName,
            Key: profileKey(actorId),
            UpdateExpression: 'SET adminActedAt = :now',
            ConditionExpression: `attribute_exists(PK) AND #role = :admin AND ${notDisabled}`,
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':now': shanghaiIso(now), ':admin': 'admin', ':no': false },
          },
        },
      ]),
    );
  } catch (e) {
    const failed = failedConditionIndex(e);
    if (failed === 0) throw new NotFound('账号不存在');
    if (failed === 1) throw new InvalidState('您的管理员账号已被停用，不能再停用其他管理员；平台须始终保留至少一名启用的管理员');
    throw e;
  }
}
