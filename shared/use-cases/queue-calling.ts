// Queue calling (叫号, issue 20 item 1): staff call the next lawyer of a session, recall one or skip
// (过号) one with a reason; the waiting hall's screen and each lawyer's phone read where the queue
// stands. The rules are shared/domain/queue-calling.ts; the writes are conditional updates of the
// booking (shared/adapters/queue-calling-repository.ts), each with its outbox SMS in one transaction.
//
// Which booking a call takes is decided by the database, not by the read: the candidates come from
// the day queue (GSI1, possibly a moment stale), and each is taken only with `attribute_not_exists(
// callState)`. Two staff members calling the same session at once both start with the first waiting
// booking; one update wins, the other is refused and takes the next one in line.
import { findCenter } from '../config';
import { getBooking, listDayQueue } from '../adapters/booking-repository';
import { planCall, planRecall, planSkip, callBusy } from '../adapters/queue-calling-repository';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { noteAudit } from '../audit';
import { servedCenter, staffCenter, tableOfId } from '../centers';
import { callCandidates, displaySessions, positionOf, type CalledBooking } from '../domain/queue-calling';
import { resolveSlot, slotOf } from '../domain/sessions';
import { InvalidState, NotFound } from '../errors';
import { bookingParams, planNotification } from '../notifications/outbox';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiIso } from '../time';
import { ensureParty } from '../adapters/booking-repository';

/** How many times one request retries a transaction that only conflicted (nothing was refused). */
const MAX_CONFLICTS = 10;

const SESSION_LABELS: Record<string, string> = { AM: '上午', PM: '下午' };
export const sessionLabel = (name: string): string => SESSION_LABELS[name] ?? name;

export interface CallAnswer {
  bookingId: string;
  slotId: string;
  queueNumber: number;
  callState: 'called' | 'skipped';
  calledAt: string | null;
  callCount: number;
  roomNo: string | null;
  skipReason: string | null;
}

const answerOf = (b: CalledBooking): CallAnswer => ({
  bookingId: b.bookingId,
  slotId: b.slotId,
  queueNumber: b.queueNumber,
  callState: b.callState ?? 'called',
  calledAt: b.calledAt ?? null,
  callCount: b.callCount ?? 0,
  roomNo: b.room?.roomNo ?? null,
  skipReason: b.skipReason ?? null,
});

/** Every lawyer of the booking is told, with the center's name and the room (not codes). */
function planCalledMessages(plan: TransactionPlan, table: string, b: CalledBooking, callCount: number, at: string): void {
  const params = { ...bookingParams(b), callCount, roomNo: b.room?.roomNo ?? '', roomType: b.room?.roomType ?? '' };
  for (const recipientId of b.lawyerIds) planNotification(plan, table, { recipientId, kind: 'booking-called', bookingId: b.bookingId, createdAt: at, params });
}

/** A session of this center held today: calls happen on the day, at the window. */
function todaysSlot(centerId: string, slotId: string, now: Date) {
  const center = findCenter(centerId)!;
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new NotFound('时段不存在');
  if (slot.date !== shanghaiDate(now)) throw new InvalidState('只能对当日的时段叫号');
  return slot;
}

/** POST /centers/{c}/calls {slotId}: the first waiting booking of the session is called. */
export async function callNext(principal: Principal, centerId: string, slotId: string, now: Date): Promise<CallAnswer> {
  const { table } = staffCenter(principal, centerId);
  todaysSlot(centerId, slotId, now);
  const at = shanghaiIso(now);
  const refused = new Set<string>();
  let conflicts = 0;
  for (;;) {
    const candidates = callCandidates(await listDayQueue(table, centerId, shanghaiDate(now)), slotId).filter((b) => !refused.has(b.bookingId));
    const next = candidates[0];
    if (!next) throw new InvalidState('该时段已没有等待叫号的律师');
    let taken = false;
    const plan = new TransactionPlan();
    planCall(plan, table, next, at, principal.userId, () => (taken = true));
    planCalledMessages(plan, table, next, 1, at);
    noteAudit({ centerId, target: next.bookingId, before: { callState: null }, after: { callState: 'called', queueNumber: next.queueNumber, calledAt: at } });
    if ((await plan.commit()) === 'committed') return answerOf({ ...next, callState: 'called', calledAt: at, callCount: 1 });
    // Somebody else called (or cancelled) it first: the next one in line. A mere conflict retries it.
    if (taken) refused.add(next.bookingId);
    else if (++conflicts > MAX_CONFLICTS) throw callBusy();
    else await backoff(conflicts);
  }
}

/** A booking of this center (the path's), for staff already in its scope; another center's → 404. */
async function centerBooking(principal: Principal, centerId: string, bookingId: string): Promise<{ table: string; booking: CalledBooking }> {
  const { table } = staffCenter(principal, centerId);
  const booking = await getBooking(tableOfId(bookingId, 'bk', '预约'), bookingId);
  if (!booking || booking.centerId !== centerId) throw new NotFound('预约不存在');
  return { table, booking };
}

const notLive = (b: { status?: unknown } | undefined) => new InvalidState(b?.status === 'checked_in' ? '该律师已签到，无需叫号' : '该预约已不在排队中（已撤销、已结束或已记爽约）');

/** POST /centers/{c}/bookings/{b}/recall: a called or skipped booking is called again (its SMS too). */
export async function recall(principal: Principal, centerId: string, bookingId: string, now: Date): Promise<CallAnswer> {
  const at = shanghaiIso(now);
  for (let attempt = 0; attempt <= MAX_CONFLICTS; attempt++) {
    const { table, booking } = await centerBooking(principal, centerId, bookingId);
    todaysSlot(centerId, booking.slotId, now);
    const refusal = (current: Record<string, unknown> | undefined) =>
      current?.status !== 'booked' ? notLive(current) : new InvalidState('该预约尚未叫号，请使用“叫号”按排队顺序叫号');
    if (booking.status !== 'booked') throw notLive(booking);
    if (!booking.callState) throw refusal(booking as unknown as Record<string, unknown>);
    const callCount = (booking.callCount ?? 0) + 1;
    const plan = new TransactionPlan();
    planRecall(plan, table, booking, at, principal.userId, refusal);
    planCalledMessages(plan, table, booking, callCount, at);
    noteAudit({
      centerId,
      target: bookingId,
      before: { callState: booking.callState, callCount: booking.callCount ?? 0 },
      after: { callState: 'called', callCount, calledAt: at },
    });
    if ((await plan.commit()) === 'committed') return answerOf({ ...booking, callState: 'called', calledAt: at, callCount, skipReason: undefined });
    await backoff(attempt);
  }
  throw callBusy();
}

/** POST /centers/{c}/bookings/{b}/skip {reason}: 过号 — the number leaves the screen until recalled. */
export async function skip(principal: Principal, centerId: string, bookingId: string, reason: string, now: Date): Promise<CallAnswer> {
  const { table, booking } = await centerBooking(principal, centerId, bookingId);
  todaysSlot(centerId, booking.slotId, now);
  const refusal = (current: Record<string, unknown> | undefined) => (current?.status !== 'booked' ? notLive(current) : new InvalidState('该预约已过号，如律师已到请“重呼”'));
  if (booking.status !== 'booked') throw notLive(booking);
  if (booking.callState === 'skipped') throw refusal(booking as unknown as Record<string, unknown>);
  const at = shanghaiIso(now);
  const plan = new TransactionPlan();
  planSkip(plan, table, booking, reason, at, principal.userId, refusal);
  noteAudit({ centerId, target: bookingId, before: { callState: booking.callState ?? null }, after: { callState: 'skipped', skipReason: reason } });
  if ((await plan.commit()) !== 'committed') throw callBusy();
  return answerOf({ ...booking, callState: 'skipped', skippedAt: at, skipReason: reason });
}

/**
 * GET /centers/{c}/display: today's sessions of the center as the waiting hall's screen shows them —
 * queue numbers, rooms and how many wait, nothing that names anyone (no id of a booking, detainee
 * or lawyer). The body holds no clock reading, so it only changes when the queue does (ETag → 304).
 */
export async function centerDisplay(centerId: string, now: Date) {
  const { center, table } = servedCenter(centerId);
  const date = shanghaiDate(now);
  const sessions = center.sessions.map((s) => {
    const slot = slotOf(date, s);
    return { slotId: slot.slotId, name: sessionLabel(s.name), start: shanghaiIso(slot.start), lastAdmission: shanghaiIso(slot.lastAdmission) };
  });
  const bookings = (await listDayQueue(table, centerId, date)) as CalledBooking[];
  return { centerId, centerName: center.name, date, sessions: displaySessions(bookings, sessions) };
}

/** GET /bookings/{b}/queue: where the lawyer's own booking stands ("前面还有 N 位") and the number now served. */
export async function bookingQueue(principal: Principal, bookingId: string) {
  const table = tableOfId(bookingId, 'bk', '预约');
  const booking = ensureParty(await getBooking(table, bookingId), principal.userId) as CalledBooking;
  const session = ((await listDayQueue(table, booking.centerId, booking.date)) as CalledBooking[]).filter((b) => b.slotId === booking.slotId);
  return { bookingId, slotId: booking.slotId, date: booking.date, ...positionOf(booking, session) };
}
