// Interrogations (R7) in a district table: the record (`INTERROGATION#<id>`, in the center's day
// index GSI1 `INTERROGATIONS#<c>#<date>`), the per-detainee slot guard it shares with lawyer
// meetings, and the interrogation-room guard of its session; their reads (the detainee's guards
// between two dates, the rooms held in a session, a center's day) and the writes of booking and of a
// center's cancellation as plan fragments. The keys are in ./district-keys.ts, the record and views
// in shared/domain/interrogations.ts, the use cases in shared/use-cases/interrogations.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DetaineeGuard, Interrogation, QueuedInterrogation } from '../domain/interrogations';
import { DetaineeBusy, InvalidState } from '../errors';
import { planDetaineeAvailable } from './custody-repository';
import { detaineeSlotKey, interrogationDayIndex, interrogationKey, roomKey, slotIdOfGuard } from './district-keys';
import { ddb, queryAll } from './dynamo';
import type { TransactionPlan } from './transaction';

/** The detainee's slot guards from `from` to `to` (dates), one Query on the detainee's partition, no scan. */
export async function detaineeGuardsBetween(table: string, detaineeId: string, from: string, to: string): Promise<DetaineeGuard[]> {
  const guards = await queryAll<{ SK: string; kind?: string; centerId?: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': detaineeSlotKey(detaineeId, '').PK,
      ':from': detaineeSlotKey(detaineeId, from).SK,
      ':to': detaineeSlotKey(detaineeId, `${to}.~`).SK,
    },
    ConsistentRead: true,
  });
  return guards.map((g) => ({ slotId: slotIdOfGuard(g.SK), kind: g.kind, centerId: g.centerId }));
}

/** A center's interrogations of one day, by session then queue number (GSI1, no scan). */
export async function listDayInterrogations(table: string, centerId: string, date: string): Promise<QueuedInterrogation[]> {
  const items = await queryAll<QueuedInterrogation>({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': interrogationDayIndex(centerId, date, '', 0).GSI1PK },
  });
  return items.map(({ interrogationId, status, detaineeId, slotId, queueNumber, roomNo }) => ({ interrogationId, status, detaineeId, slotId, queueNumber, roomNo }));
}

/** The rooms held in a session (any kind of holder), read strongly consistent before the transaction. */
export async function heldRooms(table: string, centerId: string, slotId: string): Promise<Set<string>> {
  const items = await queryAll<{ SK: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': roomKey(centerId, slotId, '').PK },
    ConsistentRead: true,
  });
  return new Set(items.map((i) => i.SK));
}

export async function getInterrogation(table: string, interrogationId: string): Promise<Interrogation | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: interrogationKey(interrogationId), ConsistentRead: true }));
  return out.Item as Interrogation | undefined;
}

/**
 * A new interrogation's items: the detainee's slot guard (taken by a meeting or another
 * interrogation: busy), the detainee's availability (R4), the room's guard and the record with its
 * day index (reports count a center's interrogations per day from there).
 */
export function planInterrogationItems(plan: TransactionPlan, table: string, interrogation: Interrogation): void {
  const { interrogationId, centerId, detaineeId, slotId, date, roomNo } = interrogation;
  plan.add(
    {
      Put: {
        TableName: table,
        Item: { ...detaineeSlotKey(detaineeId, slotId), interrogationId, kind: 'interrogation', centerId, date },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    () => new DetaineeBusy(),
  );
  planDetaineeAvailable(plan, table, detaineeId, centerId, slotId);
  plan.add(
    {
      Put: {
        TableName: table,
        Item: { ...roomKey(centerId, slotId, roomNo), holderId: interrogationId, holderKind: 'interrogation', roomType: 'interrogation' },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    // Taken since we read the rooms: read again, the next free room (or none) decides.
    () => 'retry',
  );
  plan.add({
    Put: {
      TableName: table,
      Item: { ...interrogationKey(interrogationId), ...interrogation, ...interrogationDayIndex(centerId, date, interrogation.sessionStart, interrogation.queueNumber) },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
}

/** The center cancels a booked interrogation: the record says why and by which action; its detainee guard and room are freed. */
export function planCancelInterrogation(
  plan: TransactionPlan,
  table: string,
  interrogation: Pick<Interrogation, 'interrogationId' | 'centerId' | 'detaineeId' | 'slotId' | 'roomNo'>,
  action: { actionId: string; reason: string; createdBy: string },
  nowIso: string,
): void {
  const { interrogationId } = interrogation;
  plan
    .add(
      {
        Update: {
          TableName: table,
          Key: interrogationKey(interrogationId),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, cancelReason = :reason, cancelledByActionId = :action, cancelledBy = :by',
          ConditionExpression: '#status = :booked',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':cancelled': 'cancelled_by_center',
            ':at': nowIso,
            ':reason': action.reason,
            ':action': action.actionId,
            ':by': action.createdBy,
            ':booked': 'booked',
          },
        },
      },
      () => new InvalidState('该提讯已不在预约状态'),
    )
    .add({
      Delete: {
        TableName: table,
        Key: detaineeSlotKey(interrogation.detaineeId, interrogation.slotId),
        ConditionExpression: 'attribute_not_exists(PK) OR interrogationId = :id',
        ExpressionAttributeValues: { ':id': interrogationId },
      },
    })
    .add({
      Delete: {
        TableName: table,
        Key: roomKey(interrogation.centerId, interrogation.slotId, interrogation.roomNo),
        ConditionExpression: 'attribute_not_exists(PK) OR holderId = :id',
        ExpressionAttributeValues: { ':id': interrogationId },
      },
    });
}
