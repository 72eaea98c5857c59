// Lawyer bindings in a district table, and the release or transfer that ends them (B4).
//
// A binding is stored once under its id (strongly consistent reads by id) and guarded by one item
// per (detainee, licence) that exists exactly while the binding is active. Bookings check the guard
// inside their transaction (R2), creating a binding puts it conditionally (no duplicates), and
// release/revoke delete it in the same transaction that ends the binding. The detainee records are
// in ./custody-repository.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { transactWrite, type TxItem } from './audit-repository';
import { AlreadyExists, InvalidState, NotFound } from '../errors';
import { ddb, failedConditionIndex, queryAll, retryOnConflict } from './dynamo';
import { batchGetAll, itemKey } from './batch-read';
import { shanghaiIso } from '../time';
import { getDetainee } from './custody-repository';
import {
  detaineeStatusPartition,
  BINDING_GUARD_PREFIX,
  BINDING_PREFIX,
  bindingGuardKey,
  bindingKey,
  bindingLicenseIndex,
  bindingLicensePartition,
  detaineeBindingKey,
  detaineeKey,
  detaineePartition,
  licenseOfGuard,
} from './district-keys';
import { type Binding, type BindingStatus } from '../domain/custody';

/** Transactions take at most 100 items (one kept for the audit record, R14, one for what rides along); each ended binding needs two. */
const BINDINGS_PER_TRANSACTION = 48;

export async function getBinding(table: string, bindingId: string): Promise<Binding | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: bindingKey(bindingId), ConsistentRead: true }));
  return out.Item as Binding | undefined;
}

function bindingItem(binding: Binding) {
  return {
    ...bindingKey(binding.bindingId),
    ...binding,
    ...bindingLicenseIndex(binding.licenseNo, binding.createdAt, binding.bindingId),
  };
}

export async function createBinding(table: string, binding: Binding): Promise<void> {
  try {
    await retryOnConflict(() =>
      transactWrite([
        {
          ConditionCheck: {
            TableName: table,
            Key: detaineeKey(binding.detaineeId),
            ConditionExpression: 'centerId = :center AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':center': binding.centerId, ':active': 'active' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName: table,
            Item: { ...bindingGuardKey(binding.detaineeId, binding.licenseNo), bindingId: binding.bindingId, centerId: binding.centerId },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        { Put: { TableName: table, Item: bindingItem(binding), ConditionExpression: 'attribute_not_exists(PK)' } },
        { Put: { TableName: table, Item: { ...detaineeBindingKey(binding.detaineeId, binding.bindingId), bindingId: binding.bindingId } } },
      ]),
    );
  } catch (e) {
    const failed = failedConditionIndex(e);
    if (failed === 0) {
      const detainee = await getDetainee(table, binding.centerId, binding.detaineeId);
      if (!detainee) throw new NotFound('在押人员不存在');
      throw new InvalidState('该在押人员已释放或移送，不能办理绑定');
    }
    if (failed === 1) throw new AlreadyExists('该律师与该在押人员已存在有效绑定');
    throw e;
  }
}

function endBindingItems(table: string, guard: { detaineeId: string; licenseNo: string; bindingId: string }, endReason: Binding['endReason'], status: BindingStatus, at: string) {
  return [
    {
      Delete: {
        TableName: table,
        Key: bindingGuardKey(guard.detaineeId, guard.licenseNo),
        ConditionExpression: 'bindingId = :id',
        ExpressionAttributeValues: { ':id': guard.bindingId },
      },
    },
    {
      Update: {
        TableName: table,
        Key: bindingKey(guard.bindingId),
        UpdateExpression: 'SET #status = :status, endedAt = :at, endReason = :reason',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': at, ':reason': endReason, ':active': 'active' },
      },
    },
  ];
}

/**
 * Ends an active binding of this center. `alongside(binding)` is written in the same transaction
 * (e.g. the record of the cancellations that follow, B4). Returns the binding as it was.
 */
export async function revokeBinding(
  table: string,
  centerId: string,
  bindingId: string,
  now: Date,
  alongside: (binding: Binding) => Promise<TxItem[]> = async () => [],
): Promise<Binding> {
  const binding = await getBinding(table, bindingId);
  if (!binding || binding.centerId !== centerId) throw new NotFound('绑定不存在');
  if (binding.status !== 'active') throw new InvalidState('该绑定已失效');
  const extra = await alongside(binding);
  try {
    await retryOnConflict(() => transactWrite([...endBindingItems(table, binding, 'revoked', 'revoked', shanghaiIso(now)), ...extra]));
  } catch (e) {
    // Someone ended it between our read and our write: the conditions kept the state consistent.
    if (failedConditionIndex(e) >= 0) throw new InvalidState('该绑定已失效');
    throw e;
  }
  return binding;
}

/** The detainee's active bindings, through their guards (one per licence, strongly consistent). */
export async function activeBindingGuards(table: string, detaineeId: string) {
  const items = await queryAll<{ SK: string; bindingId: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :bound)',
    ExpressionAttributeValues: { ':pk': detaineePartition(detaineeId), ':bound': BINDING_GUARD_PREFIX },
    ConsistentRead: true,
  });
  return items.map((item) => ({ detaineeId, licenseNo: licenseOfGuard(item.SK), bindingId: item.bindingId }));
}

/**
 * Release or transfer (B4): the detainee leaves `active`, then every active binding ends. Once the
 * status has changed no binding can be created (createBinding checks it in its transaction), so
 * re-reading the guards until none is left also ends a binding that committed while we started.
 * Calling again finishes a release that a crash interrupted.
 */
export async function releaseDetainee(
  table: string,
  centerId: string,
  detaineeId: string,
  reason: 'released' | 'transferred',
  now: Date,
  /** Written in the transaction that changes the detainee's status (e.g. the record of what follows). */
  alongside: TxItem[] = [],
): Promise<{ endedBindingIds: string[]; statusChanged: boolean }> {
  const detainee = await getDetainee(table, centerId, detaineeId);
  if (!detainee) throw new NotFound('在押人员不存在');
  const at = shanghaiIso(now);
  let guards = await activeBindingGuards(table, detaineeId);
  if (detainee.status !== 'active' && guards.length === 0) throw new InvalidState('该在押人员已释放或移送');

  const ended: string[] = [];
  const statusChanged = detainee.status === 'active';
  const send = async (items: TxItems, ids: string[]) => {
    try {
      await retryOnConflict(() => transactWrite(items));
    } catch (e) {
      if (failedConditionIndex(e) >= 0) throw new InvalidState('在押人员或其绑定状态已变化，请重试');
      throw e;
    }
    ended.push(...ids);
  };

  if (detainee.status === 'active') {
    const first = guards.slice(0, BINDINGS_PER_TRANSACTION);
    await send(
      [
        {
          Update: {
            TableName: table,
            Key: detaineeKey(detaineeId),
            // GSI2 moves the detainee from the center's "in custody" list to "left" (detainee-index.ts).
            UpdateExpression: 'SET #status = :reason, releasedAt = :at, GSI2PK = :left',
            ConditionExpression: '#status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':reason': reason, ':at': at, ':active': 'active', ':left': detaineeStatusPartition(centerId, reason) },
          },
        },
        ...first.flatMap((g) => endBindingItems(table, g, reason, 'ended', at)),
        ...alongside,
      ],
      first.map((g) => g.bindingId),
    );
    guards = await activeBindingGuards(table, detaineeId);
  }
  while (guards.length) {
    for (let i = 0; i < guards.length; i += BINDINGS_PER_TRANSACTION) {
      const chunk = guards.slice(i, i + BINDINGS_PER_TRANSACTION);
      await send(
        chunk.flatMap((g) => endBindingItems(table, g, reason, 'ended', at)),
        chunk.map((g) => g.bindingId),
      );
    }
    guards = await activeBindingGuards(table, detaineeId);
  }
  return { endedBindingIds: ended, statusChanged };
}

type TxItems = TxItem[];

/**
 * Every binding of a detainee, oldest first: through the permanent pointers, plus the active guards
 * (bindings made before the pointers existed are found through their guard while active).
 */
export async function listDetaineeBindings(table: string, detaineeId: string): Promise<Binding[]> {
  const [pointers, guards] = await Promise.all([
    queryAll<{ bindingId: string }>({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :binding)',
      ExpressionAttributeValues: { ':pk': detaineePartition(detaineeId), ':binding': BINDING_PREFIX },
      ConsistentRead: true,
    }),
    activeBindingGuards(table, detaineeId),
  ]);
  const ids = [...new Set([...pointers, ...guards].map((p) => p.bindingId))];
  const found = await batchGetAll(table, ids.map(bindingKey));
  return ids
    .map((id) => found.get(itemKey(bindingKey(id))) as Binding | undefined)
    .filter((b): b is Binding => Boolean(b))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.bindingId.localeCompare(b.bindingId));
}

export async function listBindingsByLicense(table: string, licenseNo: string): Promise<Binding[]> {
  return queryAll<Binding>({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': bindingLicensePartition(licenseNo) },
  });
}
