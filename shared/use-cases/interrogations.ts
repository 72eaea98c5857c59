// What case-handling units (investigators) may do (R7, B9): see when a detainee is taken — times and
// kinds only, never who booked or why — and book an interrogation. An interrogation takes the same
// per-detainee guard as a lawyer meeting, so neither can take the other's period; it draws the next
// queue number of the session (R6, first come first served) without using a lawyer's place; and it
// needs a free interrogation room, whose guards are the interrogation capacity of the session.
import { type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { nextQueueNumber, resolveSlot, type Slot } from '../domain/sessions';
import { appointmentsOf, type Appointment, type Interrogation, type InterrogationView } from '../domain/interrogations';
import { InvalidState, NotFound, SlotUnavailable, SlotFull } from '../errors';
import { getUser } from '../adapters/account-repository';
import { getDetainee } from '../adapters/custody-repository';
import { detaineeGuardsBetween, getInterrogation, heldRooms, planCancelInterrogation, planInterrogationItems } from '../adapters/interrogation-repository';
import { planNotification } from '../notifications/outbox';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { noteAudit } from '../audit';
import { staffCenter } from '../centers';
import { newDistrictId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import { planTake, readSession } from '../adapters/session-ledger';

/** Optimistic rounds: each lost one means another appointment of the session committed first. */
const MAX_ATTEMPTS = 40;

/**
 * The detainee's appointments between two dates, read from the per-detainee slot guards (one Query,
 * no scan). Each guard is mapped field by field, so nothing else stored on it can leak (B9).
 */
export async function detaineeSchedule(principal: Principal, centerId: string, detaineeId: string, range: { from: string; to: string }): Promise<Appointment[]> {
  const { center, table } = staffCenter(principal, centerId);
  if (!(await getDetainee(table, center.centerId, detaineeId))) throw new NotFound('在押人员不存在');
  return appointmentsOf(center, await detaineeGuardsBetween(table, detaineeId, range.from, range.to));
}

/** Why a session cannot take an interrogation: the lawyers' booking window and online flag do not apply. */
function interrogationSlot(center: CenterEntry, slotId: string, now: Date): Slot {
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  if (!workCalendar().isWorkday(slot.date)) throw new SlotUnavailable(`${slot.date} 不是工作日，看守所不安排提讯`);
  if (now.getTime() >= slot.start.getTime()) throw new SlotUnavailable('该时段已开始，不能再预约提讯');
  return slot;
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

    const interrogation: Interrogation = {
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
    };
    const plan = new TransactionPlan();
    planTake(plan, table, center, slot, session, { kind: 'queue' });
    planInterrogationItems(plan, table, interrogation);
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
  const item = await getInterrogation(table, interrogationId);
  if (!item || item.status !== 'booked' || new Date(item.sessionStart).getTime() <= now.getTime()) return false;
  const at = shanghaiIso(now);
  const plan = new TransactionPlan().audit({
    centerId: item.centerId,
    target: interrogationId,
    before: { status: 'booked' },
    after: { status: 'cancelled_by_center', reason: action.reason },
  });
  planCancelInterrogation(plan, table, item, action, at);
  // Investigator accounts need not have a phone or e-mail: a message nobody can receive would only dead-letter.
  const [investigator, detainee] = await Promise.all([getUser(item.investigatorId), getDetainee(table, item.centerId, item.detaineeId)]);
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
        ...(detainee ? { detaineeName: detainee.name } : {}),
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
