// Detainee meeting requests (R15, notice 二.2): staff relay a detainee's wish to meet their lawyers;
// every registered lawyer actively bound to the detainee is told at once, told again once if nobody
// booked within a day, and the request closes in the very transaction of the booking that answers
// it. A detainee has at most one open request, named by a pointer item (`DETAINEE#<d>` / `MEETREQ`)
// that a new request replaces and a booking deletes — both conditionally, so a booking and a new
// request racing each other can never leave an open request without its pointer or the reverse.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { noteAudit } from '../audit';
import { staffCenter } from '../centers';
import type { CenterEntry } from '../config';
import { InvalidState, NotFound } from '../errors';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import {
  meetingRequestKey,
  detaineeKey,
  BINDING_GUARD_PREFIX,
  detaineePartition,
  licenseOfGuard,
  meetingRequestDueIndex,
  openMeetingRequestPointer,
} from '../adapters/district-keys';
import { findLawyerIdByLicense } from '../adapters/account-repository';
import { getDetainee } from '../adapters/custody-repository';
import { ddb, queryAll } from '../adapters/dynamo';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { planNotification } from '../notifications/outbox';
import { logger } from '../observability';
import { type MeetingRequest, type MeetingRequestStatus } from '../domain/meeting-requests';

/** A day without a booking, then one reminder (R15). */
export const REMIND_AFTER_MS = 24 * 3600 * 1000;
const MAX_ATTEMPTS = 20;

export const remindAtOf = (createdAt: Date): Date => new Date(createdAt.getTime() + REMIND_AFTER_MS);

/** The lawyers a reminder goes to: those told at first that are still bound now (R15). */
export const reminderRecipients = (notified: string[], boundNow: string[]): string[] => notified.filter((id) => boundNow.includes(id));

/** Registered lawyers of the detainee's active bindings (the binding guards), each once. */
export async function boundLawyerIds(table: string, detaineeId: string): Promise<string[]> {
  const guards = await queryAll<{ SK: string }>({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :bound)',
    ExpressionAttributeValues: { ':pk': detaineePartition(detaineeId), ':bound': BINDING_GUARD_PREFIX },
    ConsistentRead: true,
  });
  const ids = await Promise.all(guards.map((g) => findLawyerIdByLicense(licenseOfGuard(g.SK))));
  return [...new Set(ids.filter((id): id is string => id !== null))].sort();
}

/** The id of the detainee's open request, read before a transaction that may close it. */
export async function readOpenMeetingRequest(table: string, detaineeId: string): Promise<string | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: openMeetingRequestPointer(detaineeId), ConsistentRead: true }));
  return openRequestOf(out.Item);
}

/** The open request's id a pointer item (as read, or missing) names. */
export const openRequestOf = (pointer: Record<string, unknown> | undefined): string | undefined => pointer?.requestId as string | undefined;

/**
 * Closes the open request `requestId` (read before the transaction) inside a booking's transaction:
 * the answer to the request commits with the booking, or neither does. A pointer that moved (a new
 * request replaced it, another booking closed it) means: read again and redo.
 */
export function planCloseMeetingRequest(
  plan: TransactionPlan,
  table: string,
  detaineeId: string,
  requestId: string,
  bookingId: string,
  nowIso: string,
  /** Told which request the pointer names now (none: undefined) when it moved. */
  observe?: (requestId: string | undefined) => void,
): void {
  plan.add(
    {
      Delete: {
        TableName: table,
        Key: openMeetingRequestPointer(detaineeId),
        ConditionExpression: 'requestId = :seen',
        ExpressionAttributeValues: { ':seen': requestId },
      },
    },
    (current) => {
      observe?.(openRequestOf(current));
      return 'retry';
    },
  );
  planClose(plan, table, requestId, 'closedByBookingId', bookingId, nowIso);
}

/** Closes an open request, recording what answered it: a booking, or a newer request. */
function planClose(plan: TransactionPlan, table: string, requestId: string, field: 'closedByBookingId' | 'closedByRequestId', by: string, nowIso: string): void {
  const placeholder = field === 'closedByBookingId' ? ':booking' : ':by';
  plan.add(
    {
      Update: {
        TableName: table,
        Key: meetingRequestKey(requestId),
        UpdateExpression: `SET #status = :closed, closedAt = :at, ${field} = ${placeholder} REMOVE GSI2PK, GSI2SK`,
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':at': nowIso, [placeholder]: by, ':open': 'open' },
      },
    },
    () => 'retry',
  );
}

/** POST /centers/{c}/detainees/{d}/meeting-requests */
export async function relayMeetingRequest(
  principal: Principal,
  centerId: string,
  detaineeId: string,
  message: string | undefined,
  now: Date,
): Promise<{ requestId: string; notifiedLawyerIds: string[] }> {
  const { center, table } = staffCenter(principal, centerId);
  const detainee = await getDetainee(table, centerId, detaineeId);
  if (!detainee) throw new NotFound('在押人员不存在');
  if (detainee.status !== 'active') throw new InvalidState('该在押人员已释放或移送');

  const lawyerIds = await boundLawyerIds(table, detaineeId);
  const createdAt = shanghaiIso(now);
  const remindAt = shanghaiIso(remindAtOf(now));
  const requestId = newDistrictId('mr', center.districtId);
  const status: MeetingRequestStatus = lawyerIds.length ? 'open' : 'no-lawyer';
  const request: MeetingRequest = {
    requestId,
    centerId,
    detaineeId,
    ...(message ? { message } : {}),
    notifiedLawyerIds: lawyerIds,
    createdAt,
    remindAt,
    status,
  };
  noteAudit({ centerId, target: requestId, after: { status, notifiedLawyers: lawyerIds.length } });

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan();
    // Still in custody here when the request commits (a release racing it wins or loses as a whole).
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
      () => new InvalidState('该在押人员已释放或移送'),
    );
    plan.add({
      Put: {
        TableName: table,
        Item: { ...meetingRequestKey(requestId), ...request, ...(status === 'open' ? meetingRequestDueIndex(centerId, remindAt, requestId) : {}) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
    if (status === 'open') {
      const older = await readOpenMeetingRequest(table, detaineeId);
      planPointer(plan, table, detaineeId, requestId, older);
      if (older) planSupersede(plan, table, older, requestId, createdAt);
      for (const lawyerId of lawyerIds) {
        planNotification(plan, table, { recipientId: lawyerId, kind: 'meeting-request', createdAt, params: { centerId, detaineeId, ...(message ? { message } : {}) } });
      }
    }
    if ((await plan.commit()) === 'committed') return { requestId, notifiedLawyerIds: lawyerIds };
    await backoff(attempt);
  }
  throw new InvalidState('该在押人员的会见要求正在被同时处理，请稍后重试');
}

/** The pointer names the new request; replacing an older one only if it still names that one. */
function planPointer(plan: TransactionPlan, table: string, detaineeId: string, requestId: string, older: string | undefined): void {
  plan.add(
    {
      Put: {
        TableName: table,
        Item: { ...openMeetingRequestPointer(detaineeId), requestId },
        ConditionExpression: older ? 'requestId = :older' : 'attribute_not_exists(PK)',
        ...(older ? { ExpressionAttributeValues: { ':older': older } } : {}),
      },
    },
    () => 'retry',
  );
}

/** An older open request is closed by the new one: one open request per detainee, one reminder. */
function planSupersede(plan: TransactionPlan, table: string, older: string, requestId: string, nowIso: string): void {
  planClose(plan, table, older, 'closedByRequestId', requestId, nowIso);
}

/** Open requests of a center due for their reminder (GSI2, no scan). */
async function dueMeetingRequests(table: string, centerId: string, now: Date): Promise<MeetingRequest[]> {
  return queryAll<MeetingRequest>({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :to',
    ExpressionAttributeValues: { ':pk': meetingRequestDueIndex(centerId, '', '').GSI2PK, ':to': `${shanghaiIso(now)}#~` },
  });
}

/**
 * One reminder per request (sweep pass): marking it reminded, taking it out of the due index and
 * queueing the messages commit together, guarded by the request still being open and unreminded,
 * so reruns and concurrent sweeps send nothing twice.
 */
async function remindOne(table: string, request: MeetingRequest, now: Date): Promise<boolean> {
  const at = shanghaiIso(now);
  const recipients = reminderRecipients(request.notifiedLawyerIds ?? [], await boundLawyerIds(table, request.detaineeId));
  const plan = new TransactionPlan()
    .audit({ centerId: request.centerId, target: request.requestId, before: { status: 'open' }, after: { status: 'open', remindedLawyers: recipients.length } })
    .add(
      {
        Update: {
          TableName: table,
          Key: meetingRequestKey(request.requestId),
          UpdateExpression: 'SET remindedAt = :at, remindedLawyerIds = :ids REMOVE GSI2PK, GSI2SK',
          ConditionExpression: '#status = :open AND attribute_not_exists(remindedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':ids': recipients, ':open': 'open' },
        },
      },
      () => new InvalidState('already reminded or closed'),
    );
  for (const lawyerId of recipients) {
    planNotification(plan, table, {
      recipientId: lawyerId,
      kind: 'meeting-request-reminder',
      createdAt: at,
      params: { centerId: request.centerId, detaineeId: request.detaineeId, requestedAt: request.createdAt },
    });
  }
  try {
    return (await plan.commit()) === 'committed';
  } catch (e) {
    if (e instanceof InvalidState) return false;
    throw e;
  }
}

/** Sweep pass of one center: reminders of open requests nobody booked for within a day. */
export async function remindMeetingRequests(
  table: string,
  center: Pick<CenterEntry, 'centerId'>,
  now: Date,
  report: { meetingRequestReminders: string[]; failed: string[] },
): Promise<void> {
  for (const request of await dueMeetingRequests(table, center.centerId, now)) {
    if (request.status !== 'open' || request.remindedAt) continue;
    try {
      if (await remindOne(table, request, now)) report.meetingRequestReminders.push(request.requestId);
    } catch (error) {
      report.failed.push(request.requestId);
      logger.error('meeting request reminder failed; the next run retries it', { requestId: request.requestId, error: error as Error });
    }
  }
}
