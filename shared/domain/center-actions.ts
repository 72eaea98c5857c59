// What a center's own decisions affect (R4, B6): the period a detainee cannot meet, as instants, and
// the sessions it touches. Pure: the center's sessions and `now` come in as arguments.
import type { CenterConfig, CenterEntry } from '../config';
import { ValidationFailed } from '../errors';
import { shanghaiDate, shanghaiInstant } from '../time';
import { addDays } from './calendar';
import { resolveSlot, slotOf, type Slot } from './sessions';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Longest period one unavailability may mark (a year); longer absences are a release or transfer. */
export const MAX_UNAVAILABLE_DAYS = 366;

export interface Period {
  from: Date;
  to: Date;
}

/**
 * A period from the request: a date means the whole Shanghai day (from its start, to its end), an
 * instant means itself. Returns a Chinese problem instead when the period is empty or too long.
 */
export function periodOf(from: string, to: string): Period | { problem: string } {
  const start = DATE_ONLY.test(from) ? shanghaiInstant(from, '00:00') : new Date(from);
  const end = DATE_ONLY.test(to) ? new Date(shanghaiInstant(addDays(to, 1), '00:00').getTime() - 1) : new Date(to);
  if (end.getTime() <= start.getTime()) return { problem: '结束时间须晚于开始时间' };
  if (end.getTime() - start.getTime() > MAX_UNAVAILABLE_DAYS * DAY_MS) return { problem: `一次登记的期间不能超过 ${MAX_UNAVAILABLE_DAYS} 天` };
  return { from: start, to: end };
}

/**
 * Sessions of the center that overlap the period and have not ended at `now`, in time order. Every
 * calendar day counts (not only workdays): a marked holiday costs nothing and the calendar of a
 * later year may not be published yet.
 */
export function sessionsInPeriod(center: Pick<CenterConfig, 'sessions'>, period: Period, now: Date): Slot[] {
  const ordered = [...center.sessions].sort((a, b) => a.start.localeCompare(b.start));
  const slots: Slot[] = [];
  const first = shanghaiDate(new Date(Math.max(period.from.getTime(), now.getTime())));
  for (let date = first; date <= shanghaiDate(period.to); date = addDays(date, 1)) {
    for (const session of ordered) {
      const slot = slotOf(date, session);
      const overlaps = slot.start.getTime() < period.to.getTime() && slot.end.getTime() > period.from.getTime();
      if (overlaps && slot.end.getTime() > now.getTime()) slots.push(slot);
    }
  }
  return slots;
}

export type ActionKind = 'unavailability' | 'closure' | 'release' | 'revoke';

export interface CenterAction {
  actionId: string;
  kind: ActionKind;
  centerId: string;
  /** Unavailability, release and revoke. */
  detaineeId?: string;
  /** Revoke: the lawyer whose binding was withdrawn (their bookings of the detainee are cancelled). */
  lawyerId?: string;
  /** The sessions it cancels; a release cancels every live booking of the detainee. */
  slotIds: string[];
  reason: string;
  createdBy: string;
  createdAt: string;
  status: 'pending' | 'done';
  from?: string;
  to?: string;
  date?: string;
}

/** The sessions a closure names on its day (B6): the ones listed, or all of the day's. */
export function requestedSlots(center: CenterEntry, request: { date: string; slotIds?: string[] }): Slot[] {
  if (!request.slotIds) return [...center.sessions].sort((a, b) => a.start.localeCompare(b.start)).map((s) => slotOf(request.date, s));
  const ids = [...new Set(request.slotIds)];
  return ids.map((id) => {
    const slot = resolveSlot(center, id);
    if (!slot || slot.date !== request.date) throw new ValidationFailed(`请求参数有误：body.slotIds（${id} 不是该看守所 ${request.date} 的时段）`);
    return slot;
  });
}

/** The detainee's unavailable slots after marking `added` (R4): slots of past days are dropped as new ones are added, so the set stays small. */
export function unavailableAfter(current: Iterable<string>, added: string[], today: string): Set<string> {
  const kept = [...current].filter((id) => id.slice(0, 10) >= today);
  return new Set([...kept, ...added]);
}
