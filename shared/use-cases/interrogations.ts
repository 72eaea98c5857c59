// What case-handling units (investigators) may do (R7, B9): see when a detainee is taken — times and
// kinds only, never who booked or why — and book an interrogation. An interrogation takes the same
// per-detainee guard as a lawyer meeting, so neither can take the other's period; it draws the next
// queue number of the session (R6, first come first served) without using a lawyer's place; and it
// needs a free interrogation room, whose guards are the interrogation capacity of the session.
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { addDays, daysBetween } from '../domain/calendar';
import { nextQueueNumber, resolveSlot, type Slot } from '../domain/sessions';
import { InvalidState, NotFound, ValidationFailed, SlotUnavailable, SlotFull, DetaineeBusy } from '../errors';
import { detaineeSlotKey, interrogationDayIndex, interrogationKey, roomKey, slotIdOfGuard } from '../adapters/district-keys';
import { profileKey } from '../adapters/platform-keys';
import { getDetainee, planDetaineeAvailable } from '../adapters/custody-repository';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, platformTableName, queryAll } from '../adapters/dynamo';
import { planNotification } from '../notifications/outbox';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { noteAudit } from '../audit';
import { staffCenter } from '../centers';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiIso } from '../time';
import { planTake, readSession } from '../adapters/session-ledger';

export type AppointmentKind = 'lawyer-meeting' | 'interrogation';

/** B9: exactly these fields leave the server — nothing that names a lawyer, a booking or a case. */
export interface Appointment {
  slotId: string;
  date: string;
  start: string;
  end: string;
  kind: AppointmentKind;
}

export interface InterrogationView {
  interrogationId: string;
  status: 'booked';
  centerId: string;
  detaineeId: string;
  slotId: string;
  date: string;
  start: string;
  end: string;
  queueNumber: number;
  roomNo: string;
  createdAt: string;
}

export const DEFAULT_SCHEDULE_DAYS = 14;
export const MAX_SCHEDULE_DAYS = 62;
/** Optimistic rounds: each lost one means another appointment of the session committed first. */
const MAX_ATTEMPTS = 40;

/** The date range a schedule read covers: today (Shanghai) + 14 days by default, at most 62 days. */
export function scheduleRange(query: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const from = query.from ?? shanghaiDate(now);
  const to = query.to ?? addDays(from, DEFAULT_SCHEDULE_DAYS);
  if (to < from) throw new ValidationFailed('to 不能早于 from');
  if (daysBetween(from, to) > MAX_SCHEDULE_DAYS) throw new ValidationFailed(`一次最多查询 ${MAX_SCHEDULE_DAYS} 天`);
  return { from, to };
}

/**
 * The detainee's appointments between two dates, read from the per-detainee slot guards (one Query,
 * no scan). Each guard is mapped field by field, so nothing else stored on it can leak (B9).
 */
export async function detaineeSchedule(principal: Principal, centerId: string, detaineeId: string, range: { from: string; to: string }): Promise<Appointment[]> {
  const { center, table } = staffCenter(principal, centerId);
  if (!(await getDetainee(table, center.centerId, detaineeId))) throw new NotFound('在押人员不存在');
  const guards = await queryAll<{ SK: string; kind?: string; centerId?: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': detaineeSlotKey(detaineeId, '').PK,
      ':from': detaineeSlotKey(detaineeId, range.from).SK,
      ':to': detaineeSlotKey(detaineeId, `${range.to}.~`).SK,
    },
    ConsistentRead: true,
  });
  const appointments: Appointment[] = [];
  for (const guard of guards) {
    if (guard.centerId !== undefined && guard.centerId !== center.centerId) continue;
    // A session removed from the center's config has no times to show; its guard stays until freed.
    const slot = resolveSlot(center, slotIdOfGuard(guard.SK));
    if (!slot) continue;
    appointments.push({
      slotId: slot.slotId,
      date: slot.date,
      start: shanghaiIso(slot.start),
      end: shanghaiIso(slot.end),
      kind: guard.kind === 'interrogation' ? 'interrogation' : 'lawyer-meeting',
    });
  }
  return appointments.sort((a, b) => a.start.localeCompare(b.start));
}

/** What staff see of an interrogation in the day's queue: it holds a queue number of its session (R6). */
export interface QueuedInterrogation {
  interrogationId: string;
  status: string;
  detaineeId: string;
  slotId: string;
  queueNumber: number;
  roomNo: string;
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

/** Why a session cannot take an interrogation: the lawyers' booking window and online flag do not apply. */
function interrogationSlot(center: CenterEntry, slotId: string, now: Date): Slot {
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  if (!workCalendar().isWorkday(slot.date)) throw new SlotUnavailable(`${slot.date} 不是工作日，看守所不安排提讯`);
  if (now.getTime() >= slot.start.getTime()) throw new SlotUnavailable('该时段已开始，不能再预约提讯');
  return slot;
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

export async function bookInterrogation(principal: Principal, centerId: string, request: { detaineeId: string; slotId: string }, now: Date): Promise<InterrogationView> {
  const { center, table } = staffCenter(principal, centerId);
  const detainee = await getDetainee(table, center.centerId, request.detaineeId);
  if (!detainee) throw new NotFound('在押人员不存在');
  if (detainee.status !== 'active') throw new InvalidState('该在押人员已释放或移送');
  const slot = interrogationSlot(center, request.slotId, now);
  const interrogationId = newDistrictId('iq', center.districtId);
  const createdAt = shanghaiIso(now);
  const sessionStart = shanghaiIso(slot.start);

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [session, held] = await Promise.all([readSession(table, center.centerId, slot.slotId), heldRooms(table, center.centerId, slot.slotId)]);
    if (session.closed) throw new SlotUnavailable('该时段已被看守所关闭');
    // Rooms in config order: the first free one is taken, so the rooms are the session's capacity.
    const roomNo = center.rooms.interrogation.find((r) => !held.has(r));
    if (!roomNo) throw new SlotFull('该时段讯问室已满');
    const queueNumber = nextQueueNumber(session);

    const plan = new TransactionPlan();
    planTake(plan, table, center, slot, session, { kind: 'queue' });
    plan.add(
      {
        Put: {
          TableName: table,
          Item: { ...detaineeSlotKey(request.detaineeId, slot.slotId), interrogationId, kind: 'interrogation', centerId: center.centerId, date: slot.date },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      () => new DetaineeBusy(),
    );
    planDetaineeAvailable(plan, table, request.detaineeId, center.centerId, slot.slotId);
    plan.add(
      {
        Put: {
          TableName: table,
          Item: { ...roomKey(center.centerId, slot.slotId, roomNo), holderId: interrogationId, holderKind: 'interrogation', roomType: 'interrogation' },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // Taken since we read the rooms: read again, the next free room (or none) decides.
      () => 'retry',
    );
    plan.add({
      Put: {
        TableName: table,
        Item: {
          ...interrogationKey(interrogationId),
          interrogationId,
          status: 'booked',
          centerId: center.centerId,
          detaineeId: request.detaineeId,
          slotId: slot.slotId,
          date: slot.date,
          sessionStart,
          queueNumber,
          roomNo,
          investigatorId: principal.userId,
          createdAt,
          // Reports count a center's interrogations per day from here.
          ...interrogationDayIndex(center.centerId, slot.date, sessionStart, queueNumber),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
    noteAudit({ centerId: center.centerId, target: interrogationId, after: { detaineeId: request.detaineeId, slotId: slot.slotId, queueNumber, roomNo } });
    if ((await plan.commit()) === 'committed') {
      return {
        interrogationId,
        status: 'booked',
        centerId: center.centerId,
        detaineeId: request.detaineeId,
        slotId: slot.slotId,
        date: slot.date,
        start: sessionStart,
        end: shanghaiIso(slot.end),
        queueNumber,
        roomNo,
        createdAt,
      };
    }
    await backoff(attempt);
  }
  throw new InvalidState('该时段提讯预约过于拥挤，请稍后重试');
}

/**
 * The center cancels an interrogation (R4, B4, B6: the detainee cannot attend, the session is
 * closed, the detainee left): its detainee guard and its room are freed and the investigator is
 * told, in one transaction. False when it was no longer booked, or its session is over.
 */
export async function cancelInterrogationByCenter(
  table: string,
  interrogationId: string,
  action: { actionId: string; reason: string; createdBy: string },
  now: Date,
): Promise<boolean> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: interrogationKey(interrogationId), ConsistentRead: true }));
  const item = out.Item as
    | { status: string; centerId: string; detaineeId: string; slotId: string; sessionStart: string; roomNo: string; investigatorId: string; date: string; queueNumber: number }
    | undefined;
  if (!item || item.status !== 'booked' || new Date(item.sessionStart).getTime() <= now.getTime()) return false;
  const at = shanghaiIso(now);
  const plan = new TransactionPlan()
    .audit({ centerId: item.centerId, target: interrogationId, before: { status: 'booked' }, after: { status: 'cancelled_by_center', reason: action.reason } })
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
            ':at': at,
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
        Key: detaineeSlotKey(item.detaineeId, item.slotId),
        ConditionExpression: 'attribute_not_exists(PK) OR interrogationId = :id',
        ExpressionAttributeValues: { ':id': interrogationId },
      },
    })
    .add({
      Delete: {
        TableName: table,
        Key: roomKey(item.centerId, item.slotId, item.roomNo),
        ConditionExpression: 'attribute_not_exists(PK) OR holderId = :id',
        ExpressionAttributeValues: { ':id': interrogationId },
      },
    });
  // Investigator accounts need not have a phone or e-mail: a message nobody can receive would only dead-letter.
  const investigator = (await ddb.send(new GetCommand({ TableName: platformTableName(), Key: profileKey(item.investigatorId), ConsistentRead: true }))).Item;
  if (investigator?.phone || investigator?.email)
    planNotification(plan, table, {
      recipientId: item.investigatorId,
      kind: 'interrogation-cancelled',
      createdAt: at,
      params: {
        centerId: item.centerId,
        date: item.date,
        start: item.sessionStart,
        slotId: item.slotId,
        queueNumber: item.queueNumber,
        detaineeId: item.detaineeId,
        reason: action.reason,
      },
    });
  try {
    return (await plan.commit()) === 'committed';
  } catch (e) {
    if (e instanceof InvalidState) return false;
    throw e;
  }
}
