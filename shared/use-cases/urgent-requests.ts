// The 48-hour guarantee (B2; Criminal Procedure Law art. 39: a meeting must be arranged within 48
// hours of the request). A bound lawyer who finds no free place files an urgent request; staff place
// it in a session — beyond the session's places if need be, in a meeting room or, with the lawyer's
// consent (R8), an interrogation room; requests still open 12 hours before their deadline alert the
// center's staff and the admins, once. Every step is one conditional transaction: one open request
// per lawyer and detainee, a request is placed once, an alert is sent once.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { noteAudit } from '../audit';
import { servedCenter, staffCenter, tableOfId } from '../centers';
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { addDays } from '../domain/calendar';
import { nextQueueNumber, resolveSlot, slotsBetween, type Slot } from '../domain/sessions';
import { AlreadyExists, AppError, InvalidState, NotFound, SlotUnavailable, NotBound, CenterNotOnline, LawyerBusy, RoomTaken } from '../errors';
import { newDistrictId } from '../ids';
import { licenseOf, type Principal } from '../principal';
import { shanghaiDate, shanghaiIso } from '../time';
import {
  detaineeSlotKey,
  lawyerSlotKey,
  lawyerUrgentKey,
  roomKey,
  urgentRequestKey,
  bindingGuardKey,
  detaineeKey,
  openUrgentGuardKey,
  urgentDeadlineIndex,
  urgentOpenIndex,
} from '../adapters/district-keys';
import { planBookingItems, planStandingCheck, readPairs } from '../adapters/booking-repository';
import { alertRecipients } from '../adapters/account-repository';
import { ddb, platformTableName, queryAll } from '../adapters/dynamo';
import { readPage, type PageQuery } from '../adapters/paging';
import { loadParties } from '../adapters/lawyer-directory';
import { backoff, MAX_TRANSACTION_ITEMS, TransactionPlan, type Key } from '../adapters/transaction';
import { planNotification } from '../notifications/outbox';
import { logger } from '../observability';
import { planTake, readSession } from '../adapters/session-ledger';
import { unknownRoom } from './rooms';
import { planCloseMeetingRequest, readOpenMeetingRequest } from './meeting-requests';
import { type Booking, type RoomType } from '../domain/booking';
import { type UrgentRequest } from '../domain/urgent-requests';

const HOUR_MS = 3600 * 1000;
/** B2: the meeting must be arranged within 48 hours of the request. */
export const GUARANTEE_MS = 48 * HOUR_MS;
/** Unplaced this long before the deadline: at risk, staff and admins are alerted. */
export const ALERT_BEFORE_MS = 12 * HOUR_MS;
/** How far ahead staff placing without a slot look for the first possible session. */
const SEARCH_DAYS = 14;
const MAX_ATTEMPTS = 30;

export interface UrgentRequestView {
  requestId: string;
  centerId: string;
  detaineeId: string;
  lawyerId: string;
  status: 'open' | 'placed' | 'closed';
  createdAt: string;
  deadline: string;
  atRisk: boolean;
  overdue: boolean;
  alertedAt: string | null;
  placedAt: string | null;
  placedOnTime: boolean | null;
  bookingId: string | null;
}

// ---- pure rules ----

export const deadlineOf = (filedAt: Date): Date => new Date(filedAt.getTime() + GUARANTEE_MS);

/** Open and within 12 hours of the deadline (or past it). */
export const isAtRisk = (r: Pick<UrgentRequest, 'status' | 'deadline'>, now: Date): boolean =>
  r.status === 'open' && new Date(r.deadline).getTime() - ALERT_BEFORE_MS <= now.getTime();

export const isOverdue = (r: Pick<UrgentRequest, 'status' | 'deadline'>, now: Date): boolean => r.status === 'open' && now.getTime() > new Date(r.deadline).getTime();

/** A placement keeps the guarantee when the meeting starts by the deadline. */
export const startsByDeadline = (slot: Pick<Slot, 'start'>, deadline: string): boolean => slot.start.getTime() <= new Date(deadline).getTime();

/** The latest deadline the alert pass reads at `now`: everything due within 12 hours. */
export const alertHorizon = (now: Date): Date => new Date(now.getTime() + ALERT_BEFORE_MS);

export function urgentRequestView(r: UrgentRequest, now: Date): UrgentRequestView {
  return {
    requestId: r.requestId,
    centerId: r.centerId,
    detaineeId: r.detaineeId,
    lawyerId: r.lawyerId,
    status: r.status,
    createdAt: r.createdAt,
    deadline: r.deadline,
    atRisk: isAtRisk(r, now),
    overdue: isOverdue(r, now),
    alertedAt: r.alertedAt ?? null,
    placedAt: r.placedAt ?? null,
    placedOnTime: r.status === 'placed' ? Boolean(r.placedOnTime) : null,
    bookingId: r.bookingId ?? null,
  };
}

function toRequest(item: Record<string, unknown>): UrgentRequest {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...request } = item;
  return request as unknown as UrgentRequest;
}

async function getUrgentRequest(table: string, requestId: string): Promise<UrgentRequest | undefined> {
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

// ---- POST /urgent-requests ----

export async function fileUrgentRequest(
  principal: Principal,
  input: { centerId: string; detaineeId: string },
  now: Date,
): Promise<{ requestId: string; deadline: string; status: 'open'; centerId: string; detaineeId: string }> {
  const { center, table } = servedCenter(input.centerId);
  if (!center.onlineBooking) throw new CenterNotOnline(center.name);
  const licenseNo = licenseOf(principal);
  const requestId = newDistrictId('ur', center.districtId);
  const createdAt = shanghaiIso(now);
  const deadline = shanghaiIso(deadlineOf(now));
  const request: UrgentRequest = { requestId, centerId: center.centerId, detaineeId: input.detaineeId, lawyerId: principal.userId, licenseNo, status: 'open', createdAt, deadline };
  noteAudit({ centerId: center.centerId, target: requestId, after: { status: 'open', deadline } });

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan()
      .add(
        {
          ConditionCheck: {
            TableName: table,
            Key: bindingGuardKey(input.detaineeId, licenseNo),
            ConditionExpression: 'attribute_exists(PK) AND centerId = :center',
            ExpressionAttributeValues: { ':center': center.centerId },
          },
        },
        () => new NotBound(),
      )
      .add(
        { Put: { TableName: table, Item: { ...openUrgentGuardKey(principal.userId, input.detaineeId), requestId }, ConditionExpression: 'attribute_not_exists(PK)' } },
        () => new AlreadyExists('您对该在押人员已有尚未安排的紧急会见申请'),
      )
      .add({
        Put: {
          TableName: table,
          Item: {
            ...urgentRequestKey(requestId),
            ...request,
            ...urgentDeadlineIndex(center.centerId, deadline, requestId),
            ...urgentOpenIndex(center.centerId, deadline, requestId),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    // The lockout is deliberately not checked: the 48-hour meeting is a legal right (B2). The
    // licence's suspension is (R1a): its holder is not practising.
    planStandingCheck(plan, platformTableName(), principal.userId, undefined);
    // GET /me/urgent-requests reads the lawyer's requests through this pointer (SPEC 7.2).
    plan.add({ Put: { TableName: table, Item: { ...lawyerUrgentKey(principal.userId, createdAt, requestId), requestId } } });
    if ((await plan.commit()) === 'committed') return { requestId, deadline, status: 'open', centerId: center.centerId, detaineeId: input.detaineeId };
    await backoff(attempt);
  }
  throw new InvalidState('请求冲突，请稍后重试');
}

// ---- GET /centers/{c}/urgent-requests ----

export async function listUrgentRequests(
  principal: Principal,
  centerId: string,
  query: PageQuery & { status: 'open' | 'placed' | 'all' },
  now: Date,
): Promise<{ requests: UrgentRequestView[]; nextCursor: string | null }> {
  const { table } = staffCenter(principal, centerId);
  // By deadline: open ones through the sparse open index; placed and all through the center's index.
  const source = query.status === 'open' ? { index: 'GSI2', pk: urgentOpenIndex(centerId, '', '').GSI2PK } : { index: 'GSI1', pk: urgentDeadlineIndex(centerId, '', '').GSI1PK };
  const placedOnly = query.status === 'placed' ? { FilterExpression: '#status = :placed', ExpressionAttributeNames: { '#status': 'status' } } : {};
  const page = await readPage({
    list: `GET /centers/{centerId}/urgent-requests|${centerId}|${query.status}`,
    sources: [
      {
        id: query.status,
        query: {
          TableName: table,
          IndexName: source.index,
          KeyConditionExpression: `${source.index}PK = :pk`,
          ExpressionAttributeValues: { ':pk': source.pk, ...(query.status === 'placed' ? { ':placed': 'placed' } : {}) },
          ...placedOnly,
        },
        keyAttributes: ['PK', 'SK', `${source.index}PK`, `${source.index}SK`],
      },
    ],
    limit: query.limit,
    cursor: query.cursor,
  });
  return { requests: page.items.map((item) => urgentRequestView(toRequest(item), now)), nextCursor: page.nextCursor };
}

// ---- POST /urgent-requests/{id}/place ----

export interface PlaceInput {
  slotId?: string;
  roomType: RoomType;
  roomNo: string;
}

export interface PlaceResult {
  requestId: string;
  status: 'placed';
  bookingId: string;
  slotId: string;
  roomType: RoomType;
  roomNo: string;
  consentRequired: boolean;
  placedOnTime: boolean;
}

/** A session staff named: of this center, on a workday, not started yet. */
function namedSlot(center: CenterEntry, slotId: string, now: Date): Slot {
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  if (!workCalendar().isWorkday(slot.date)) throw new SlotUnavailable(`${slot.date} 不是工作日，看守所不安排律师会见`);
  if (slot.start.getTime() <= now.getTime()) throw new SlotUnavailable('该时段已开始');
  return slot;
}

/**
 * The first session after `now` where the detainee has no appointment and is not marked
 * unavailable, the session is not closed, and the lawyer and the room are free. Reads only; the
 * placement transaction re-checks every one of these.
 */
async function firstFreeSlot(table: string, center: CenterEntry, request: UrgentRequest, roomNo: string, now: Date): Promise<Slot> {
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

/** Messages of the booking transaction speak to the lawyer ("您"); here staff read them. */
function forStaff(e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  if (e.code === 'NOT_BOUND') return new NotBound('申请律师');
  if (e.code === 'LAWYER_BUSY') return new LawyerBusy('申请律师');
  return e;
}

export async function placeUrgentRequest(principal: Principal, requestId: string, input: PlaceInput, now: Date): Promise<PlaceResult> {
  const table = tableOfId(requestId, 'ur', '紧急会见申请');
  const request = await getUrgentRequest(table, requestId);
  if (!request) throw new NotFound('紧急会见申请不存在');
  const { center } = staffCenter(principal, request.centerId);
  if (request.status !== 'open') throw new InvalidState('该紧急会见申请已安排');
  if (!center.rooms[input.roomType].includes(input.roomNo)) throw unknownRoom(center, input.roomType, input.roomNo);
  const slot = input.slotId ? namedSlot(center, input.slotId, now) : await firstFreeSlot(table, center, request, input.roomNo, now);
  const lead = (await loadParties([request.lawyerId])).get(request.lawyerId)!;
  const parties = { lead, coCounsel: [], interns: [] };
  const tables = { district: table, platform: platformTableName() };
  const bookingId = newDistrictId('bk', center.districtId);
  const placedOnTime = startsByDeadline(slot, request.deadline);
  const consentRequired = input.roomType === 'interrogation';
  noteAudit({
    centerId: center.centerId,
    target: requestId,
    before: { status: 'open' },
    after: { status: 'placed', bookingId, slotId: slot.slotId, roomType: input.roomType, roomNo: input.roomNo, placedOnTime },
  });

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [session, pairs, openMeetingRequest] = await Promise.all([
      readSession(table, center.centerId, slot.slotId),
      readPairs(table, [request.lawyerId], request.detaineeId),
      readOpenMeetingRequest(table, request.detaineeId),
    ]);
    if (session.closed) throw new SlotUnavailable('该时段已被看守所关闭');
    const at = shanghaiIso(now);
    const booking: Booking = {
      bookingId,
      status: 'booked',
      centerId: center.centerId,
      detaineeId: request.detaineeId,
      slotId: slot.slotId,
      date: slot.date,
      sessionStart: shanghaiIso(slot.start),
      lastAdmission: shanghaiIso(slot.lastAdmission),
      queueNumber: nextQueueNumber(session),
      leadLawyerId: request.lawyerId,
      coCounselLawyerIds: [],
      internLawyerIds: [],
      lawyerIds: [request.lawyerId],
      createdAt: at,
      urgentRequestId: requestId,
      // An interrogation room is handed over only once the lawyer signed the consent notice (R8).
      room: { roomType: input.roomType, roomNo: input.roomNo, assignedAt: at, assignedBy: principal.userId, consentPending: consentRequired },
    };
    const plan = new TransactionPlan();
    planTake(plan, table, center, slot, session, 'over-capacity');
    planBookingItems(plan, tables, booking, parties, pairs, slot, now, {
      urgent: {
        notification: {
          kind: 'urgent-request-placed',
          params: {
            centerId: center.centerId,
            date: slot.date,
            start: booking.sessionStart,
            slotId: slot.slotId,
            queueNumber: booking.queueNumber,
            roomType: input.roomType,
            roomNo: input.roomNo,
          },
        },
      },
    });
    plan.add(
      {
        Put: {
          TableName: table,
          Item: { ...roomKey(center.centerId, slot.slotId, input.roomNo), holderId: bookingId, holderKind: 'booking', roomType: input.roomType },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      () => new RoomTaken(),
    );
    plan.add(
      {
        Update: {
          TableName: table,
          Key: urgentRequestKey(requestId),
          UpdateExpression: 'SET #status = :placed, placedAt = :at, placedBy = :by, bookingId = :booking, slotId = :slot, placedOnTime = :onTime REMOVE GSI2PK, GSI2SK',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':placed': 'placed',
            ':at': at,
            ':by': principal.userId,
            ':booking': bookingId,
            ':slot': slot.slotId,
            ':onTime': placedOnTime,
            ':open': 'open',
          },
        },
      },
      () => new InvalidState('该紧急会见申请已安排'),
    );
    plan.add(
      {
        Delete: {
          TableName: table,
          Key: openUrgentGuardKey(request.lawyerId, request.detaineeId),
          ConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': requestId },
        },
      },
      () => new InvalidState('该紧急会见申请已安排'),
    );
    // A detainee's own request to meet (R15) is answered by this meeting too.
    if (openMeetingRequest) planCloseMeetingRequest(plan, table, request.detaineeId, openMeetingRequest, bookingId, at);
    let outcome: 'committed' | 'retry';
    try {
      outcome = await plan.commit();
    } catch (e) {
      throw forStaff(e);
    }
    if (outcome === 'committed') {
      return { requestId, status: 'placed', bookingId, slotId: slot.slotId, roomType: input.roomType, roomNo: input.roomNo, consentRequired, placedOnTime };
    }
    await backoff(attempt);
  }
  throw new InvalidState('该时段预约过于拥挤，请稍后重试');
}

// ---- sweep pass: alerts (B2) ----

/** Open requests of a center whose deadline is within 12 hours (or past), from the sparse open index. */
async function dueForAlert(table: string, centerId: string, now: Date): Promise<UrgentRequest[]> {
  const items = await queryAll({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :to',
    ExpressionAttributeValues: { ':pk': urgentOpenIndex(centerId, '', '').GSI2PK, ':to': `${shanghaiIso(alertHorizon(now))}#~` },
  });
  return items.map(toRequest);
}

/** The alert of one request: marked alerted and its messages queued together, once (conditional). */
async function alertOne(table: string, request: UrgentRequest, recipients: string[], now: Date): Promise<boolean> {
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
      () => new InvalidState('already alerted or placed'),
    );
  // One item is the request, one the audit record.
  const reached = recipients.slice(0, MAX_TRANSACTION_ITEMS - 2);
  if (reached.length < recipients.length) logger.warn('urgent alert truncated to the transaction limit', { requestId: request.requestId, recipients: recipients.length });
  for (const recipientId of reached) {
    planNotification(plan, table, {
      recipientId,
      kind: 'urgent-request-alert',
      createdAt: at,
      params: { requestId: request.requestId, centerId: request.centerId, detaineeId: request.detaineeId, deadline: request.deadline },
    });
  }
  try {
    return (await plan.commit()) === 'committed';
  } catch (e) {
    if (e instanceof InvalidState) return false;
    throw e;
  }
}

async function stillBound(table: string, request: UrgentRequest): Promise<boolean> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: bindingGuardKey(request.detaineeId, request.licenseNo), ConsistentRead: true }));
  return out.Item?.centerId === request.centerId;
}

/** Closes an open request whose binding ended; its lawyer may file again once bound again. */
async function closeUnbound(table: string, request: UrgentRequest, now: Date): Promise<void> {
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
      () => new InvalidState('already placed or closed'),
    )
    .add({ Delete: { TableName: table, Key: openUrgentGuardKey(request.lawyerId, request.detaineeId) } });
  try {
    await plan.commit();
  } catch (e) {
    if (!(e instanceof InvalidState)) throw e;
  }
}

/** Sweep pass of one center: alert staff and admins about open requests 12 hours before their deadline. */
export async function alertUrgentRequests(table: string, center: Pick<CenterEntry, 'centerId'>, now: Date, report: { urgentAlerts: string[]; failed: string[] }): Promise<void> {
  const due = (await dueForAlert(table, center.centerId, now)).filter((r) => r.status === 'open' && !r.alertedAt);
  if (due.length === 0) return;
  const recipients = await alertRecipients(center.centerId);
  for (const request of due) {
    try {
      // A lawyer no longer bound (the detainee released or transferred, the binding withdrawn) can
      // no longer be placed: the request closes instead of alarming anyone.
      if (!(await stillBound(table, request))) {
        await closeUnbound(table, request, now);
        continue;
      }
      if (await alertOne(table, request, recipients, now)) report.urgentAlerts.push(request.requestId);
    } catch (error) {
      report.failed.push(request.requestId);
      logger.error('urgent request alert failed; the next run retries it', { requestId: request.requestId, error: error as Error });
    }
  }
}
