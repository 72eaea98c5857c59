// Detainees in a district table: the record (with its list index keys and name-search items), the
// conditions every appointment checks on it, and the unavailable slots staff mark (R4). Bindings,
// and the release that ends them, are in ./binding-repository.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { transactWrite } from './audit-repository';
import { DetaineeNotAvailable, InvalidState } from '../errors';
import type { OnFailure, TransactionPlan } from './transaction';
import { ddb } from './dynamo';
import { detaineeListIndex, nameIndexItems } from './detainee-index';
import { detaineeKey } from './district-keys';
import { type Detainee } from '../domain/custody';

/** The record with its list index keys, and the name-search items, in one transaction (shared/adapters/detainee-index.ts). */
export async function createDetainee(table: string, detainee: Detainee): Promise<void> {
  await transactWrite([
    { Put: { TableName: table, Item: { ...detaineeKey(detainee.detaineeId), ...detainee, ...detaineeListIndex(detainee) }, ConditionExpression: 'attribute_not_exists(PK)' } },
    // A name's search form is at most 50 characters (shared/api/schemas.ts counts it after NFKC
    // and lower case, which can make a name longer): at most 50 items, with the record and the
    // audit record well inside a transaction's 100.
    ...nameIndexItems(detainee).map((Item) => ({ Put: { TableName: table, Item } })),
  ]);
}

/** The detainee if it belongs to `centerId`; a detainee of another center is not found. */
export async function getDetainee(table: string, centerId: string, detaineeId: string): Promise<Detainee | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: detaineeKey(detaineeId), ConsistentRead: true }));
  const item = out.Item as Detainee | undefined;
  return item && item.centerId === centerId ? item : undefined;
}

/**
 * Checked inside every transaction that gives a detainee an appointment (meeting, interrogation,
 * placement): the detainee is in custody at this center and not marked unavailable for the slot
 * (R4). Unavailability is a string set of slot ids on the detainee's record, so the check is one
 * condition however many periods were marked.
 */
export function planDetaineeAvailable(plan: TransactionPlan, table: string, detaineeId: string, centerId: string, slotId: string): void {
  plan.add(
    {
      ConditionCheck: {
        TableName: table,
        Key: detaineeKey(detaineeId),
        ConditionExpression: 'centerId = :center AND #status = :active AND NOT contains(unavailableSlots, :slot)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':center': centerId, ':active': 'active', ':slot': slotId },
      },
    },
    (current) => {
      if (!current || current.centerId !== centerId) return new DetaineeNotAvailable('NOT_FOUND', '在押人员不存在');
      if (current.status !== 'active') return new DetaineeNotAvailable('INVALID_STATE', '该在押人员已释放或移送');
      return new DetaineeNotAvailable('SLOT_UNAVAILABLE', '该在押人员此时段不能会见（看守所已登记其不能会见的原因）');
    },
  );
}

/** Checked inside a transaction that needs the detainee still in custody at this center (a release racing it wins or loses as a whole). */
export function planDetaineeInCustody(plan: TransactionPlan, table: string, detaineeId: string, centerId: string, onFailure: OnFailure): void {
  plan.add(
    {
      ConditionCheck: {
        TableName: table,
        Key: detaineeKey(detaineeId),
        ConditionExpression: 'centerId = :center AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':center': centerId, ':active': 'active' },
      },
    },
    onFailure,
  );
}

/** The detainee's unavailable slots (R4) and the version that guards changing them (0: never marked). */
export async function readUnavailability(table: string, detaineeId: string): Promise<{ version: number; slotIds: Set<string> }> {
  const current = (await ddb.send(new GetCommand({ TableName: table, Key: detaineeKey(detaineeId), ConsistentRead: true }))).Item;
  return { version: (current?.unavailableVersion as number | undefined) ?? 0, slotIds: (current?.unavailableSlots as Set<string> | undefined) ?? new Set<string>() };
}

/**
 * Replaces the detainee's unavailable slots, on the version read (a detainee no longer in custody
 * here refuses; a version that moved retries). An empty set is not written (DynamoDB refuses one).
 */
export function planUnavailableSlots(plan: TransactionPlan, table: string, detaineeId: string, centerId: string, seenVersion: number, slots: Set<string>): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: detaineeKey(detaineeId),
        UpdateExpression: `SET unavailableVersion = :next${slots.size ? ', unavailableSlots = :slots' : ''}`,
        ConditionExpression: `centerId = :center AND #status = :active AND ${seenVersion === 0 ? 'attribute_not_exists(unavailableVersion)' : 'unavailableVersion = :seen'}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': seenVersion + 1,
          ':center': centerId,
          ':active': 'active',
          ...(slots.size ? { ':slots': slots } : {}),
          ...(seenVersion === 0 ? {} : { ':seen': seenVersion }),
        },
      },
    },
    (item) => (item?.status !== 'active' ? new InvalidState('该在押人员已释放或移送') : 'retry'),
  );
}
