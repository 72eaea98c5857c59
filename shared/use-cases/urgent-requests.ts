// The 48-hour guarantee (B2; Criminal Procedure Law art. 39: a meeting must be arranged within 48
// hours of the request). A bound lawyer who finds no free place files an urgent request; staff place
// it in a session — beyond the session's places if need be, in a meeting room or, with the lawyer's
// consent (R8), an interrogation room; requests still open 12 hours before their deadline alert the
// center's staff and the admins, once. Every step is one conditional transaction: one open request
// per lawyer and detainee, a request is placed once, an alert is sent once.
import { noteAudit } from '../audit';
import { servedCenter, staffCenter, tableOfId } from '../centers';
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { nextQueueNumber, resolveSlot, type Slot } from '../domain/sessions';
import { AlreadyExists, AppError, InvalidState, NotFound, SlotUnavailable, NotBound, CenterNotOnline, LawyerBusy, RoomTaken } from '../errors';
import { newDistrictId } from '../ids';
import { licenseOf, type Principal } from '../principal';
import { shanghaiIso } from '../time';
import { lawyerUrgentKey, roomKey, urgentRequestKey, bindingGuardKey, openUrgentGuardKey, urgentDeadlineIndex, urgentOpenIndex } from '../adapters/district-keys';
import { planBookingItems, planStandingCheck, readPairs } from '../adapters/booking-repository';
import { alertRecipients, getUser } from '../adapters/account-repository';
import { getDetainee } from '../adapters/custody-repository';
import { platformTableName } from '../adapters/dynamo';
import { readPage, type PageQuery } from '../adapters/paging';
import { loadParties } from '../adapters/lawyer-directory';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { logger } from '../observability';
import { planTake, readSession } from '../adapters/session-ledger';
import { unknownRoom } from './rooms';
import { planCloseMeetingRequest, readOpenMeetingRequest } from '../adapters/meeting-request-repository';
import { type Booking, type RoomType } from '../domain/booking';
import { type UrgentRequest, type UrgentRequestView, deadlineOf, startsByDeadline, urgentRequestView } from '../domain/urgent-requests';
import { closeUnbound, dueForAlert, getUrgentRequest, markAlerted, stillBound, toRequest, firstFreeSlot } from '../adapters/urgent-request-repository';

const MAX_ATTEMPTS = 30;

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
    planTake(plan, table, center, slot, session, { kind: 'over-capacity', bookingId });
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
      const [detainee, lawyer] = await Promise.all([getDetainee(table, request.centerId, request.detaineeId), getUser(request.lawyerId)]);
      if (await markAlerted(table, request, recipients, now, { detaineeName: detainee?.name, lawyerName: lawyer?.name })) report.urgentAlerts.push(request.requestId);
    } catch (error) {
      report.failed.push(request.requestId);
      logger.error('urgent request alert failed; the next run retries it', { requestId: request.requestId, error: error as Error });
    }
  }
}
