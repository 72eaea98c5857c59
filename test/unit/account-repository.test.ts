// shared/adapters/account-repository.ts against a mocked DocumentClient: the transaction it sends
// and how a cancelled transaction maps to the contract's errors by the index of the failed item.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { UNCONFIRMED_HOLD_MS, confirmAccount, createStaffAccount, findLawyerIdByLicense, releaseLawyerReservation, reserveLawyer } from '../../shared/adapters/account-repository';
import { AppError } from '../../shared/errors';
import { shanghaiIso } from '../../shared/time';
import { type UserProfile } from '../../shared/domain/accounts';

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const NOW = new Date('2026-03-02T02:00:00.000Z');
const profile: UserProfile & { licenseNo: string } = {
  userId: 'lw_1',
  username: 'Zhao.Lawyer',
  role: 'lawyer',
  status: 'unconfirmed',
  createdAt: shanghaiIso(NOW),
  name: '赵律师',
  phone: '+8613812345678',
  licenseNo: '13101202011000001',
  lawFirm: '测试律师事务所',
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('reserveLawyer', () => {
  it('puts profile, username index and licence index in one transaction', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await reserveLawyer(profile, NOW);
    expect(ddbMock).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Put?.Item && { PK: i.Put.Item.PK, SK: i.Put.Item.SK })).toEqual([
      { PK: 'USER#lw_1', SK: 'PROFILE' },
      { PK: 'USERNAME#zhao.lawyer', SK: 'USERNAME' }, // usernames are unique case-insensitively
      { PK: 'LICENSE#13101202011000001', SK: 'LICENSE' },
    ]);
    expect(items.every((i) => i.Put?.TableName === 'unit-platform')).toBe(true);
    expect(items[0].Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    // The indexes can be taken over only from a stale unconfirmed reservation.
    for (const i of items.slice(1)) {
      expect(i.Put?.ConditionExpression).toContain('attribute_not_exists(PK)');
      expect(i.Put?.ExpressionAttributeValues).toEqual({
        ':unconfirmed': 'unconfirmed',
        ':staleBefore': shanghaiIso(new Date(NOW.getTime() - UNCONFIRMED_HOLD_MS)),
      });
      expect(i.Put?.Item).toMatchObject({ userId: 'lw_1', status: 'unconfirmed', createdAt: profile.createdAt });
    }
  });

  it.each([
    [['None', 'ConditionalCheckFailed', 'None'], '用户名已被注册'],
    [['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'], '用户名已被注册'],
    [['None', 'None', 'ConditionalCheckFailed'], '该执业证号已注册账号'],
  ])('cancellation %j → ALREADY_EXISTS %s', async (codes, message) => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled(...codes));
    const e = await rejection(reserveLawyer(profile, NOW));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS', status: 409, message });
  });

  it.each([
    ['a failure on the profile item', cancelled('ConditionalCheckFailed', 'None', 'None')],
    ['a throttled request', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
  ])('rethrows %s unchanged', async (_label, error) => {
    ddbMock.on(TransactWriteCommand).rejects(error);
    const e = await rejection(reserveLawyer(profile, NOW));
    expect(e).not.toBeInstanceOf(AppError);
    expect((e as Error).name).toBe(error.name);
  });
});

describe('releaseLawyerReservation', () => {
  it('deletes only index entries still owned by this user, and the profile', async () => {
    ddbMock.on(DeleteCommand).resolves({});
    await releaseLawyerReservation(profile);
    expect(ddbMock).toHaveReceivedCommandTimes(DeleteCommand, 3);
    const inputs = ddbMock.commandCalls(DeleteCommand).map((c) => c.args[0].input);
    const byPk = Object.fromEntries(inputs.map((i) => [i.Key?.PK, i]));
    expect(byPk['USERNAME#zhao.lawyer']).toMatchObject({ ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':id': 'lw_1' } });
    expect(byPk['LICENSE#13101202011000001']).toMatchObject({ ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':id': 'lw_1' } });
    expect(byPk['USER#lw_1'].ConditionExpression).toBeUndefined();
  });

  it('ignores an index entry someone else has taken over', async () => {
    ddbMock.on(DeleteCommand).resolves({});
    ddbMock
      .on(DeleteCommand, { Key: { PK: 'LICENSE#13101202011000001', SK: 'LICENSE' } })
      .rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));
    await expect(releaseLawyerReservation(profile)).resolves.toBeUndefined();
  });

  it('propagates any other failure', async () => {
    ddbMock.on(DeleteCommand).resolves({});
    ddbMock.on(DeleteCommand, { Key: { PK: 'USERNAME#zhao.lawyer', SK: 'USERNAME' } }).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    await expect(releaseLawyerReservation(profile)).rejects.toMatchObject({ name: 'InternalServerError' });
  });
});

describe('confirmAccount', () => {
  it('confirms profile, username and licence entries owned by the user', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await confirmAccount(profile);
    const items = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Update?.Key?.PK)).toEqual(['USER#lw_1', 'USERNAME#zhao.lawyer', 'LICENSE#13101202011000001']);
    for (const i of items) expect(i.Update).toMatchObject({ ConditionExpression: 'userId = :id', ExpressionAttributeValues: { ':confirmed': 'confirmed', ':id': 'lw_1' } });
  });

  it('has no licence entry to confirm for an account without one', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await confirmAccount({ userId: 'us_2', username: 'clerk' });
    expect(ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems).toHaveLength(2);
  });
});

describe('createStaffAccount', () => {
  it('maps a taken username to ALREADY_EXISTS', async () => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const e = await rejection(
      createStaffAccount({ userId: 'us_3', username: 'clerk', role: 'staff', status: 'confirmed', createdAt: profile.createdAt, centerIds: ['minhang-kss'] }),
    );
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});

describe('findLawyerIdByLicense', () => {
  it.each([
    [{ userId: 'lw_1', status: 'confirmed' }, 'lw_1'],
    [{ userId: 'lw_1', status: 'unconfirmed' }, null],
    [undefined, null],
  ])('licence entry %j → %j', async (item, expected) => {
    ddbMock.on(GetCommand).resolves({ Item: item });
    await expect(findLawyerIdByLicense('13101202011000001')).resolves.toBe(expected);
    expect(ddbMock).toHaveReceivedCommandWith(GetCommand, { Key: { PK: 'LICENSE#13101202011000001', SK: 'LICENSE' }, ConsistentRead: true });
  });
});
