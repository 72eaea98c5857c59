// Detainee meeting requests (R15, notice 二.2): staff relay a detainee's wish to meet their lawyers;
// every registered lawyer actively bound to the detainee is told at once, told again once if nobody
// booked within a day, and the request closes in the very transaction of the booking that answers
// it. A detainee has at most one open request, named by a pointer item (`DETAINEE#<d>` / `MEETREQ`)
// that a new request replaces and a booking deletes — both conditionally, so a booking and a new
// request racing each other can never leave an open request without its pointer or the reverse.
import { noteAudit } from '../audit';
import { staffCenter } from '../centers';
import type { CenterEntry } from '../config';
import { InvalidState, NotFound } from '../errors';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import { findLawyerIdByLicense } from '../adapters/account-repository';
import { activeBindingGuards } from '../adapters/binding-repository';
import { readPairs } from '../adapters/booking-repository';
import { getDetainee, planDetaineeInCustody } from '../adapters/custody-repository';
import { dueMeetingRequests, planMeetingRequestRecord, planPointer, planReminded, planSupersede, readOpenMeetingRequest } from '../adapters/meeting-request-repository';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { planNotification } from '../notifications/outbox';
import { logger } from '../observability';
import { answeredByBooking, remindAtOf, reminderRecipients, type MeetingRequest, type MeetingRequestStatus } from '../domain/meeting-requests';

const MAX_ATTEMPTS = 20;

/** Registered lawyers of the detainee's active bindings (the binding guards), each once. */
export async function boundLawyerIds(table: string, detaineeId: string): Promise<string[]> {
  const guards = await activeBindingGuards(table, detaineeId);
  const ids = await Promise.all(guards.map((g) => findLawyerIdByLicense(g.licenseNo)));
  return [...new Set(ids.filter((id): id is string => id !== null))].sort();
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
    planDetaineeInCustody(plan, table, detaineeId, centerId, () => new InvalidState('该在押人员已释放或移送'));
    planMeetingRequestRecord(plan, table, request);
    if (status === 'open') {
      const older = await readOpenMeetingRequest(table, detaineeId);
      planPointer(plan, table, detaineeId, requestId, older);
      if (older) planSupersede(plan, table, older, requestId, createdAt);
      for (const lawyerId of lawyerIds) {
        planNotification(plan, table, {
          recipientId: lawyerId,
          kind: 'meeting-request',
          createdAt,
          params: { centerId, detaineeId, detaineeName: detainee.name, ...(message ? { message } : {}) },
        });
      }
    }
    if ((await plan.commit()) === 'committed') return { requestId, notifiedLawyerIds: lawyerIds };
    await backoff(attempt);
  }
  throw new InvalidState('该在押人员的会见要求正在被同时处理，请稍后重试');
}

/**
 * One reminder per request (sweep pass): marking it reminded, taking it out of the due index and
 * queueing the messages commit together, guarded by the request still being open and unreminded,
 * so reruns and concurrent sweeps send nothing twice.
 */
async function remindOne(table: string, request: MeetingRequest, now: Date): Promise<boolean> {
  const at = shanghaiIso(now);
  const boundNow = await boundLawyerIds(table, request.detaineeId);
  const [detainee, pairs] = await Promise.all([getDetainee(table, request.centerId, request.detaineeId), readPairs(table, boundNow, request.detaineeId)]);
  // A session already booked answers the request: it is marked reminded with nobody told.
  const booked = answeredByBooking(
    pairs.flatMap((p) => Object.values(p.slots)),
    request.createdAt,
  );
  const recipients = booked ? [] : reminderRecipients(request.notifiedLawyerIds ?? [], boundNow);
  const plan = new TransactionPlan().audit({
    centerId: request.centerId,
    target: request.requestId,
    before: { status: 'open' },
    after: { status: 'open', remindedLawyers: recipients.length, ...(booked ? { answeredByBooking: true } : {}) },
  });
  planReminded(plan, table, request.requestId, recipients, at, () => new InvalidState('该会见要求已提醒或已关闭'));
  for (const lawyerId of recipients) {
    planNotification(plan, table, {
      recipientId: lawyerId,
      kind: 'meeting-request-reminder',
      createdAt: at,
      params: { centerId: request.centerId, detaineeId: request.detaineeId, ...(detainee ? { detaineeName: detainee.name } : {}), requestedAt: request.createdAt },
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
