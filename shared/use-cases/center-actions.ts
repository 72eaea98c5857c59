// The center's own cancellations (R4, B4, B6): a detainee who cannot meet for a period, sessions
// closed for an emergency, a detainee released or transferred. Each is one action:
//  1. one transaction records the action (pending) together with what stops new bookings at once —
//     the detainee's unavailable slots, the sessions' `closedAt`, the detainee's release — and the
//     request's audit record;
//  2. every live booking it affects is then cancelled as `cancelled_by_center`, each in its own
//     transaction (no violation, its lawyers notified, the place released to the waitlist unless the
//     session is closed);
//  3. the action is marked done with the bookings it cancelled.
// Because step 1 blocks new bookings before step 2 looks for live ones, nothing slips in between; if
// a crash stops step 2, the sweeper finds the pending action and finishes it (finishPendingActions).
import { noteAudit } from '../audit';
import { staffCenter } from '../centers';
import { findCenter } from '../config';
import { planNotification } from '../notifications/outbox';
import { removeFromWaitlist, waitingFor } from '../adapters/waitlist-repository';
import { periodOf, sessionsInPeriod, type CenterAction, requestedSlots, unavailableAfter } from '../domain/center-actions';
import { resolveSlot } from '../domain/sessions';
import { InvalidState, NotFound, ValidationFailed, SlotUnavailable } from '../errors';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiIso } from '../time';
import { workCalendar } from '../work-calendar';
import { findLawyerIdByLicense } from '../adapters/account-repository';
import { logger } from '../observability';
import { cancelInterrogationByCenter } from './interrogations';
import { getDetainee, planUnavailableSlots, readUnavailability } from '../adapters/custody-repository';
import { releaseDetainee, revokeBinding } from '../adapters/binding-repository';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { cancelByCenter } from './cancel-booking';
import { planClose, readSession } from '../adapters/session-ledger';
import { type Detainee } from '../domain/custody';
import { type WaitlistEntry } from '../domain/waitlist';
import { affected, getAction, markActionDone, pendingActions, planActionRecord } from '../adapters/center-action-repository';

const MAX_ATTEMPTS = 20;
/** The sweeper leaves an action this young to the request still carrying it out. */
const PENDING_GRACE_MS = 2 * 60_000;

/** Commits a plan built fresh each round, retrying while an optimistic version moved. */
async function commitWithRetry(build: () => Promise<TransactionPlan>): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if ((await (await build()).commit()) === 'committed') return;
    await backoff(attempt);
  }
  throw new InvalidState('操作繁忙，请稍后重试');
}

/**
 * Steps 2 and 3: cancels what is still live and marks the action done. Safe to repeat. One
 * appointment that cannot be cancelled now does not stop the others; the action then stays pending
 * and the sweeper tries again.
 */
async function carryOut(table: string, action: CenterAction, now: Date): Promise<string[]> {
  const cancelled: string[] = [];
  const cancelledInterrogations: string[] = [];
  let failures = 0;
  const { bookingIds, interrogationIds } = await affected(table, action);
  const attempt = async (id: string, run: () => Promise<boolean>, into: string[]) => {
    try {
      if (await run()) into.push(id);
    } catch (error) {
      failures++;
      logger.error('a center cancellation failed; the action stays pending for the sweeper', { actionId: action.actionId, id, error: error as Error });
    }
  };
  const canceller = { kind: 'center' as const, userId: action.createdBy, reason: action.reason, actionId: action.actionId, promote: action.kind !== 'closure' };
  // A closure or an unavailability is about its sessions: a booking rescheduled out of them is not its.
  const inSlots = action.kind === 'closure' || action.kind === 'unavailability' ? action.slotIds : undefined;
  for (const bookingId of bookingIds) await attempt(bookingId, () => cancelByCenter(table, bookingId, canceller, now, inSlots), cancelled);
  for (const id of interrogationIds) await attempt(id, () => cancelInterrogationByCenter(table, id, action, now), cancelledInterrogations);
  // Nobody waits for a closed session: each waiting lawyer is taken off its list and told why.
  if (action.kind === 'closure') {
    for (const slotId of action.slotIds) {
      for (const entry of await waitingFor(table, action.centerId, slotId)) await attempt(entry.waitlistId, () => dropFromClosedSession(table, entry, action, now), []);
    }
  }
  if (failures > 0) return cancelled;
  await markActionDone(table, action, cancelled, cancelledInterrogations, now);
  return cancelled;
}

async function dropFromClosedSession(table: string, entry: WaitlistEntry, action: CenterAction, now: Date): Promise<boolean> {
  const slot = resolveSlot(findCenter(entry.centerId)!, entry.slotId)!;
  const at = shanghaiIso(now);
  try {
    await removeFromWaitlist(table, entry, (plan) => {
      plan.audit({ centerId: entry.centerId, target: entry.waitlistId, after: { status: 'removed', reason: action.reason } });
      planNotification(plan, table, {
        recipientId: entry.lawyerId,
        kind: 'waitlist-cancelled',
        createdAt: at,
        params: { centerId: entry.centerId, date: slot.date, start: shanghaiIso(slot.start), slotId: slot.slotId, reason: action.reason },
      });
    });
    return true;
  } catch (e) {
    // The lawyer left the list in between: nothing to do.
    if (e instanceof NotFound) return false;
    throw e;
  }
}

// ---- R4: a detainee cannot meet for a period ----

export interface UnavailabilityRequest {
  from: string;
  to: string;
  reason: string;
}

export async function markUnavailable(principal: Principal, centerId: string, detaineeId: string, request: UnavailabilityRequest, now: Date) {
  const { center, table } = staffCenter(principal, centerId);
  const period = periodOf(request.from, request.to);
  if ('problem' in period) throw new ValidationFailed(`请求参数有误：${period.problem}`);
  if (period.to.getTime() <= now.getTime()) throw new ValidationFailed('请求参数有误：该期间已经结束');
  await activeDetainee(table, centerId, detaineeId);
  const slotIds = sessionsInPeriod(center, period, now).map((s) => s.slotId);
  const action: CenterAction = {
    actionId: newDistrictId('ua', center.districtId),
    kind: 'unavailability',
    centerId,
    detaineeId,
    slotIds,
    reason: request.reason,
    createdBy: principal.userId,
    createdAt: shanghaiIso(now),
    status: 'pending',
    from: shanghaiIso(period.from),
    to: shanghaiIso(period.to),
  };
  noteAudit({ centerId, target: detaineeId, after: { unavailableFrom: action.from!, unavailableTo: action.to!, reason: request.reason, sessions: slotIds.length } });
  const today = shanghaiDate(now);
  await commitWithRetry(async () => {
    const plan = new TransactionPlan();
    const current = await readUnavailability(table, detaineeId);
    planUnavailableSlots(plan, table, detaineeId, centerId, current.version, unavailableAfter(current.slotIds, slotIds, today));
    planActionRecord(plan, table, action);
    return plan;
  });
  const cancelledBookingIds = await carryOut(table, action, now);
  return { unavailabilityId: action.actionId, detaineeId, from: action.from!, to: action.to!, reason: request.reason, cancelledBookingIds };
}

async function activeDetainee(table: string, centerId: string, detaineeId: string): Promise<Detainee> {
  const detainee = await getDetainee(table, centerId, detaineeId);
  if (!detainee) throw new NotFound('在押人员不存在');
  if (detainee.status !== 'active') throw new InvalidState('该在押人员已释放或移送');
  return detainee;
}

// ---- B6: sessions closed for an emergency ----

export interface ClosureRequest {
  date: string;
  slotIds?: string[];
  reason: string;
}

export async function closeSessions(principal: Principal, centerId: string, request: ClosureRequest, now: Date) {
  const { center, table } = staffCenter(principal, centerId);
  if (request.date < shanghaiDate(now)) throw new SlotUnavailable('不能关闭已经过去的日期');
  if (!workCalendar().isWorkday(request.date)) throw new SlotUnavailable(`${request.date} 不是工作日，没有会见时段`);
  const slots = requestedSlots(center, request);
  const open = slots.filter((s) => s.end.getTime() > now.getTime());
  if (open.length === 0) throw new SlotUnavailable('所选时段均已结束');

  const action: CenterAction = {
    actionId: newDistrictId('cl', center.districtId),
    kind: 'closure',
    centerId,
    slotIds: [],
    reason: request.reason,
    createdBy: principal.userId,
    createdAt: shanghaiIso(now),
    status: 'pending',
    date: request.date,
  };
  await commitWithRetry(async () => {
    const states = await Promise.all(open.map((s) => readSession(table, centerId, s.slotId)));
    const closing = open.filter((_, i) => !states[i].closed);
    if (closing.length === 0) throw new InvalidState('所选时段均已关闭');
    action.slotIds = closing.map((s) => s.slotId);
    const plan = new TransactionPlan();
    for (const slot of closing) planClose(plan, table, centerId, slot, { at: action.createdAt, closureId: action.actionId, reason: request.reason });
    planActionRecord(plan, table, action);
    noteAudit({ centerId, target: action.actionId, after: { closedSlotIds: action.slotIds, reason: request.reason } });
    return plan;
  });
  const cancelledBookingIds = await carryOut(table, action, now);
  return { closureId: action.actionId, date: request.date, slotIds: action.slotIds, reason: request.reason, cancelledBookingIds };
}

// ---- B4: release or transfer ----

const RELEASE_REASONS = { released: '在押人员已释放', transferred: '在押人员已移送' } as const;

export async function releaseAndCancel(principal: Principal, centerId: string, detaineeId: string, reason: 'released' | 'transferred', now: Date) {
  const { center, table } = staffCenter(principal, centerId);
  const action: CenterAction = {
    actionId: newDistrictId('rl', center.districtId),
    kind: 'release',
    centerId,
    detaineeId,
    slotIds: [],
    reason: RELEASE_REASONS[reason],
    createdBy: principal.userId,
    createdAt: shanghaiIso(now),
    status: 'pending',
  };
  noteAudit({ centerId, target: detaineeId, before: { status: 'active' }, after: { status: reason } });
  // The action record rides in the release's first transaction: a release never commits without it.
  const record = new TransactionPlan();
  planActionRecord(record, table, action);
  const { endedBindingIds, statusChanged } = await releaseDetainee(table, centerId, detaineeId, reason, now, record.items());
  // Finishing an earlier release that a crash interrupted: its own pending action cancels the bookings.
  const cancelledBookingIds = statusChanged ? await carryOut(table, action, now) : [];
  return { status: reason, endedBindingIds, cancelledBookingIds };
}

// ---- B4: a binding withdrawn by staff ----

export async function revokeAndCancel(principal: Principal, centerId: string, bindingId: string, now: Date) {
  const { center, table } = staffCenter(principal, centerId);
  let action: CenterAction | undefined;
  noteAudit({ centerId, target: bindingId, before: { status: 'active' }, after: { status: 'revoked' } });
  await revokeBinding(table, centerId, bindingId, now, async (binding) => {
    // A licence nobody registered yet has no bookings: nothing to record beyond the binding.
    const lawyerId = await findLawyerIdByLicense(binding.licenseNo);
    if (!lawyerId) return [];
    action = {
      actionId: newDistrictId('rv', center.districtId),
      kind: 'revoke',
      centerId,
      detaineeId: binding.detaineeId,
      lawyerId,
      slotIds: [],
      reason: '委托绑定已被看守所撤销',
      createdBy: principal.userId,
      createdAt: shanghaiIso(now),
      status: 'pending',
    };
    const record = new TransactionPlan();
    planActionRecord(record, table, action);
    return record.items();
  });
  const cancelledBookingIds = action ? await carryOut(table, action, now) : [];
  return { bindingId, status: 'revoked' as const, cancelledBookingIds };
}

// ---- the sweeper's part ----

/**
 * Finishes the center's actions a crash left pending (older than a grace period, so a request still
 * carrying one out is left alone). The sweeper runs it before looking for no-shows: a booking the
 * center cancelled must never be swept as missed.
 */
export async function finishPendingActions(table: string, centerId: string, now: Date): Promise<string[]> {
  const finished: string[] = [];
  const before = shanghaiIso(new Date(now.getTime() - PENDING_GRACE_MS));
  const pending = await pendingActions(table, centerId, before);
  for (const item of pending) {
    const action = await getAction(table, item.actionId);
    if (action?.status !== 'pending') continue;
    await carryOut(table, action, now);
    finished.push(action.actionId);
  }
  return finished;
}
