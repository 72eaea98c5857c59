// Urgent requests (B2) in a district table: the record, its reads (by id, the open ones due for an
// alert, the first session a placement without a slot can take) and the conditional writes of the request's life after filing and placing: reopened when
// the center cancels its booking, alerted once, closed when the lawyer's binding ended. The keys are
// in ./district-keys.ts, the rules in shared/domain/urgent-requests.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CenterEntry } from '../config';
import { addDays } from '../domain/calendar';
import { slotsBetween, type Slot } from '../domain/sessions';
import { alertHorizon, type UrgentRequest } from '../domain/urgent-requests';
import { InvalidState, SlotUnavailable } from '../errors';
import { planNotification } from '../notifications/outbox';
import { logger } from '../observability';
import { shanghaiDate, shanghaiIso } from '../time';
import { workCalendar } from '../work-calendar';
import { bindingGuardKey, detaineeKey, detaineeSlotKey, lawyerSlotKey, openUrgentGuardKey, roomKey, urgentOpenIndex, urgentRequestKey } from './district-keys';
import { ddb, queryAll } from './dynamo';
import { readSession } from './session-ledger';
import { MAX_TRANSACTION_ITEMS, TransactionPlan, type Key } from './transaction';

export function toRequest(item: Record<string, unknown>): UrgentRequest {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...request } = item;
  return request as unknown as UrgentRequest;
}

export async function getUrgentRequest(table: string, requestId: string): Promise<UrgentRequest | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: urgentRequestKey(requestId), ConsistentRead: true }));
  return out.Item ? toRequest(out.Item) : undefined;
}

/**
 * The center cancelled the booking an urgent request was placed with (R4, B4, B6): the request is
 * open again, in the same transaction — the 48 hours still run, staff must place it anew and the
 * alert fires again if they do not.
 */
export async function planReopenUrgentRequest(plan: TransactionPlan, table: string, requestId: string, bookingId: string, nowIso: string): Promise<void> {
  const request = await getUrgentRequest(table, requestId);
  if (!request || request.status !== 'placed' || request.bookingId !== bookingId) return;
  const index = urgentOpenIndex(request.centerId, request.deadline, requestId);
  plan.add(
    {
      Update: {
        TableName: table,
        Key: urgentRequestKey(requestId),
        UpdateExpression: 'SET #status = :open, reopenedAt = :at, GSI2PK = :pk, GSI2SK = :sk REMOVE bookingId, slotId, placedAt, placedBy, placedOnTime, alertedAt',
        ConditionExpression: '#status = :placed AND bookingId = :booking',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': 'open', ':at': nowIso, ':pk': index.GSI2PK, ':sk': index.GSI2SK, ':placed': 'placed', ':booking': bookingId },
      },
    },
    () => 'retry',
  );
  plan.add({ Put: { TableName: table, Item: { ...openUrgentGuardKey(request.lawyerId, request.detaineeId), requestId } } });
}

/** Open requests of a center whose deadline is within 12 hours (or past), from the sparse open index. */
export async function dueForAlert(table: string, centerId: string, now: Date): Promise<UrgentRequest[]> {
  const items = await queryAll({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :to',
    ExpressionAttributeValues: { ':pk': urgentOpenIndex(centerId, '', '').GSI2PK, ':to': `${shanghaiIso(alertHorizon(now))}#~` },
  });
  return items.map(toRequest);
}

/** The alert of one request: marked alerted and its messages queued together, once (conditional). */
export async function markAlerted(
  table: string,
  request: UrgentRequest,
  recipients: string[],
  now: Date,
  /** Who the request is for and from, so the alert names them (never the ids). */
  names: { detaineeName?: string; lawyerName?: string } = {},
): Promise<boolean> {
  const at = shanghaiIso(now);
  const plan = new TransactionPlan()
    .audit({ centerId: request.centerId, target: request.requestId, before: { alertedAt: null }, after: { alertedAt: at, alerted: recipients.length } })
    .add(
      {
        Update: {
          TableName: table,
          Key: urgentRequestKey(request.requestId),
          UpdateExpression: 'SET alertedAt = :at',
          ConditionExpression: 'attribute_not_exists(alertedAt) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':open': 'open' },
        },
      },
      () => new InvalidState('该紧急会见申请已提醒或已安排'),
    );
  // One item is the request, one the audit record.
  const reached = recipients.slice(0, MAX_TRANSACTION_ITEMS - 2);
  if (reached.length < recipients.length) logger.warn('urgent alert truncated to the transaction limit', { requestId: request.requestId, recipients: recipients.length });
  for (const recipientId of reached) {
    planNotification(plan, table, {
      recipientId,
      kind: 'urgent-request-alert',
      createdAt: at,
      params: {
        requestId: request.requestId,
        centerId: request.centerId,
        detaineeId: request.detaineeId,
        deadline: request.deadline,
        ...(names.detaineeName ? { detaineeName: names.detaineeName } : {}),
        ...(names.lawyerName ? { lawyerName: names.lawyerName } : {}),
      },
    });
  }
  try {
    return (await plan.commit()) === 'committed';
  } catch (e) {
    if (e instanceof InvalidState) return false;
    throw e;
  }
}

export async function stillBound(table: string, request: UrgentRequest): Promise<boolean> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: bindingGuardKey(request.detaineeId, request.licenseNo), ConsistentRead: true }));
  return out.Item?.centerId === request.centerId;
}

/** Closes an open request whose binding ended; its lawyer may file again once bound again. */
export async function closeUnbound(table: string, request: UrgentRequest, now: Date): Promise<void> {
  const plan = new TransactionPlan()
    .audit({ centerId: request.centerId, target: request.requestId, before: { status: 'open' }, after: { status: 'closed', reason: 'binding-ended' } })
    .add(
      {
        Update: {
          TableName: table,
          Key: urgentRequestKey(request.requestId),
          UpdateExpression: 'SET #status = :closed, closedAt = :at REMOVE GSI2PK, GSI2SK',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'closed', ':at': shanghaiIso(now), ':open': 'open' },
        },
      },
      () => new InvalidState('该紧急会见申请已安排或已关闭'),
    )
    .add({ Delete: { TableName: table, Key: openUrgentGuardKey(request.lawyerId, request.detaineeId) } });
  try {
    await plan.commit();
  } catch (e) {
    if (!(e instanceof InvalidState)) throw e;
  }
}

/** How far ahead staff placing without a slot look for the first possible session. */
const SEARCH_DAYS = 14;

/**
 * The first session after `now` where the detainee has no appointment and is not marked
 * unavailable, the session is not closed, and the lawyer and the room are free. Reads only; the
 * placement transaction re-checks every one of these.
 */
export async function firstFreeSlot(table: string, center: CenterEntry, request: UrgentRequest, roomNo: string, now: Date): Promise<Slot> {
  const detainee = await ddb.send(new GetCommand({ TableName: table, Key: detaineeKey(request.detaineeId), ConsistentRead: true }));
  const unavailable = (detainee.Item?.unavailableSlots as Set<string> | undefined) ?? new Set<string>();
  const today = shanghaiDate(now);
  const candidates = slotsBetween(center, workCalendar(), today, addDays(today, SEARCH_DAYS)).filter((s) => s.start.getTime() > now.getTime() && !unavailable.has(s.slotId));
  const exists = async (key: Key) => Boolean((await ddb.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item);
  for (const slot of candidates) {
    const [busy, session, roomTaken, lawyerBusy] = await Promise.all([
      exists(detaineeSlotKey(request.detaineeId, slot.slotId)),
      readSession(table, center.centerId, slot.slotId),
      exists(roomKey(center.centerId, slot.slotId, roomNo)),
      exists(lawyerSlotKey(request.lawyerId, center.centerId, slot.slotId)),
    ]);
    if (!busy && !session.closed && !roomTaken && !lawyerBusy) return slot;
  }
  throw new SlotUnavailable(`${SEARCH_DAYS} 天内没有可为该在押人员安排的时段，请指定时段`);
}
