// shared/adapters/binding-repository.ts against a mocked DocumentClient: the binding transaction,
// its error mapping by failed index, and how release splits many bindings over transactions.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createBinding, releaseDetainee, revokeBinding } from '../../shared/adapters/binding-repository';
import { getDetainee } from '../../shared/adapters/custody-repository';
import { AppError } from '../../shared/errors';
import { type Binding, type Detainee } from '../../shared/domain/custody';

const TABLE = 'unit-minhang-district';
const NOW = new Date('2026-03-02T02:00:00.000Z');

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const binding: Binding = {
  bindingId: 'bd_1',
  centerId: 'minhang-kss',
  detaineeId: 'dt_1',
  licenseNo: '13101202011000001',
  verification: 'documents',
  status: 'active',
  createdAt: '2026-03-02T10:00:00.000+08:00',
};
const detainee = (over: Partial<Detainee> = {}): Detainee => ({
  detaineeId: 'dt_1',
  centerId: 'minhang-kss',
  name: '张三',
  sex: 'M',
  status: 'active',
  createdAt: '2026-03-01T10:00:00.000+08:00',
  ...over,
});
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('createBinding', () => {
  it("checks the detainee, puts the guard, the binding and the detainee's pointer to it in one transaction", async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await createBinding(TABLE, binding);
    const items = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(4);
    expect(items[0].ConditionCheck).toMatchObject({
      TableName: TABLE,
      Key: { PK: 'DETAINEE#dt_1', SK: 'PROFILE' },
      ExpressionAttributeValues: { ':center': 'minhang-kss', ':active': 'active' },
    });
    expect(items[1].Put).toMatchObject({
      Item: { PK: 'DETAINEE#dt_1', SK: 'BOUND#13101202011000001', bindingId: 'bd_1' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(items[2].Put?.Item).toMatchObject({
      PK: 'BINDING#bd_1',
      SK: 'BINDING',
      GSI1PK: 'LICENSE#13101202011000001',
      GSI1SK: '2026-03-02T10:00:00.000+08:00#bd_1',
      status: 'active',
    });
    // Permanent, whatever the binding's status later: staff's detainee page lists every binding (SPEC 7.2).
    expect(items[3].Put).toEqual({ TableName: TABLE, Item: { PK: 'DETAINEE#dt_1', SK: 'BINDING#bd_1', bindingId: 'bd_1' } });
  });

  it('failure at index 1 (the pair is already bound) → ALREADY_EXISTS', async () => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const e = await appErrorOf(createBinding(TABLE, binding));
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS', status: 409 });
    expect(ddbMock).not.toHaveReceivedCommand(GetCommand);
  });

  it('failure at index 0 with the detainee missing → NOT_FOUND', async () => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    ddbMock.on(GetCommand).resolves({});
    const e = await appErrorOf(createBinding(TABLE, binding));
    expect(e).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(ddbMock).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: { PK: 'DETAINEE#dt_1', SK: 'PROFILE' }, ConsistentRead: true });
  });

  it('failure at index 0 with the detainee in another center → NOT_FOUND', async () => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    ddbMock.on(GetCommand).resolves({ Item: detainee({ centerId: 'minhang-kss2' }) });
    expect((await appErrorOf(createBinding(TABLE, binding))).code).toBe('NOT_FOUND');
  });

  it.each(['released', 'transferred'] as const)('failure at index 0 with the detainee %s → INVALID_STATE', async (status) => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    ddbMock.on(GetCommand).resolves({ Item: detainee({ status }) });
    expect((await appErrorOf(createBinding(TABLE, binding))).code).toBe('INVALID_STATE');
  });

  it('failure at index 2 (binding id collision) is not a contract error', async () => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    await expect(createBinding(TABLE, binding)).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe('getDetainee', () => {
  it.each([
    ['its own center', 'minhang-kss', true],
    ['another center', 'jiading-kss', false],
  ])('in %s', async (_label, centerId, found) => {
    ddbMock.on(GetCommand).resolves({ Item: detainee() });
    const result = await getDetainee(TABLE, centerId, 'dt_1');
    expect(result === undefined).toBe(!found);
  });
});

describe('revokeBinding', () => {
  it.each([
    ['unknown binding', 'NOT_FOUND', undefined],
    ['a binding of another center', 'NOT_FOUND', { ...binding, centerId: 'jiading-kss' }],
    ['a revoked binding', 'INVALID_STATE', { ...binding, status: 'revoked' }],
    ['an ended binding', 'INVALID_STATE', { ...binding, status: 'ended' }],
  ])('%s → %s without writing', async (_label, code, item) => {
    ddbMock.on(GetCommand).resolves({ Item: item });
    expect((await appErrorOf(revokeBinding(TABLE, 'minhang-kss', 'bd_1', NOW))).code).toBe(code);
    expect(ddbMock).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('a binding ended concurrently (a condition fails) → INVALID_STATE', async () => {
    ddbMock.on(GetCommand).resolves({ Item: binding });
    ddbMock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    expect((await appErrorOf(revokeBinding(TABLE, 'minhang-kss', 'bd_1', NOW))).code).toBe('INVALID_STATE');
  });

  it('deletes the guard and ends the binding together', async () => {
    ddbMock.on(GetCommand).resolves({ Item: binding });
    ddbMock.on(TransactWriteCommand).resolves({});
    await revokeBinding(TABLE, 'minhang-kss', 'bd_1', NOW);
    const items = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];
    expect(items[0].Delete).toMatchObject({ Key: { PK: 'DETAINEE#dt_1', SK: 'BOUND#13101202011000001' }, ExpressionAttributeValues: { ':id': 'bd_1' } });
    expect(items[1].Update).toMatchObject({
      Key: { PK: 'BINDING#bd_1', SK: 'BINDING' },
      ExpressionAttributeValues: { ':status': 'revoked', ':reason': 'revoked', ':at': '2026-03-02T10:00:00.000+08:00', ':active': 'active' },
    });
  });
});

const guards = (n: number) => Array.from({ length: n }, (_, i) => ({ PK: 'DETAINEE#dt_1', SK: `BOUND#LIC${String(i).padStart(4, '0')}`, bindingId: `bd_${i}` }));

/**
 * Guards as the table would hold them: the query pages through what is left (two pages, to exercise
 * pagination) and each transaction deletes the guards it ends, as DynamoDB would.
 */
function statefulGuards(initial: ReturnType<typeof guards>) {
  let remaining = [...initial];
  let page = 0;
  ddbMock.on(QueryCommand).callsFake(() => {
    const half = Math.ceil(remaining.length / 2);
    if (page++ % 2 === 0 && remaining.length > 1) return { Items: remaining.slice(0, half), LastEvaluatedKey: { PK: 'x', SK: 'y' } };
    return { Items: remaining.length > 1 ? remaining.slice(half) : remaining };
  });
  ddbMock.on(TransactWriteCommand).callsFake((input: { TransactItems: { Delete?: { Key: { SK: string } } }[] }) => {
    const ended = new Set(input.TransactItems.map((i) => i.Delete?.Key.SK).filter(Boolean));
    remaining = remaining.filter((g) => !ended.has(g.SK));
    page = 0;
    return {};
  });
}

describe('releaseDetainee', () => {
  it.each([
    [0, [1]],
    [1, [3]],
    [48, [97]],
    [49, [97, 2]],
    [120, [97, 96, 48]],
  ])('%i active bindings → transactions of %j items (at most 98 each: room for the audit record and what rides along)', async (n, sizes) => {
    ddbMock.on(GetCommand).resolves({ Item: detainee() });
    const all = guards(n);
    statefulGuards(all);
    const { endedBindingIds } = await releaseDetainee(TABLE, 'minhang-kss', 'dt_1', 'released', NOW);
    expect(endedBindingIds).toEqual(all.map((g) => g.bindingId));
    const sent = ddbMock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);
    expect(sent.map((items) => items.length)).toEqual(sizes);
    // The detainee's status changes in the first transaction only.
    expect(sent[0][0].Update?.Key).toEqual({ PK: 'DETAINEE#dt_1', SK: 'PROFILE' });
    expect(sent.slice(1).every((items) => items.every((i) => i.Update?.Key?.PK !== 'DETAINEE#dt_1'))).toBe(true);
  });

  it('an unknown detainee → NOT_FOUND', async () => {
    ddbMock.on(GetCommand).resolves({});
    expect((await appErrorOf(releaseDetainee(TABLE, 'minhang-kss', 'dt_1', 'released', NOW))).code).toBe('NOT_FOUND');
  });

  it('a detainee already released with nothing left to end → INVALID_STATE', async () => {
    ddbMock.on(GetCommand).resolves({ Item: detainee({ status: 'released' }) });
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    expect((await appErrorOf(releaseDetainee(TABLE, 'minhang-kss', 'dt_1', 'transferred', NOW))).code).toBe('INVALID_STATE');
    expect(ddbMock).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('finishes an interrupted release: bindings left behind are ended without touching the detainee', async () => {
    ddbMock.on(GetCommand).resolves({ Item: detainee({ status: 'released' }) });
    statefulGuards(guards(2));
    const { endedBindingIds } = await releaseDetainee(TABLE, 'minhang-kss', 'dt_1', 'released', NOW);
    expect(endedBindingIds).toEqual(['bd_0', 'bd_1']);
    const items = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(4);
  });

  it('a condition failing mid-release → INVALID_STATE', async () => {
    ddbMock.on(GetCommand).resolves({ Item: detainee() });
    ddbMock.on(QueryCommand).resolves({ Items: guards(1) });
    ddbMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect((await appErrorOf(releaseDetainee(TABLE, 'minhang-kss', 'dt_1', 'released', NOW))).code).toBe('INVALID_STATE');
  });
});
