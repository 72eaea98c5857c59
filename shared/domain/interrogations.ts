// Interrogations booked by case-handling units (R7, B9): the record as stored, what an investigator
// may see of a detainee's schedule (times and kinds only), what staff see in the day's queue, and the
// date range a schedule read covers. The use cases are in shared/use-cases/interrogations.ts, the
// store in shared/adapters/interrogation-repository.ts.
import type { CenterEntry } from '../config';
import { ValidationFailed } from '../errors';
import { shanghaiDate, shanghaiIso } from '../time';
import { addDays, daysBetween } from './calendar';
import { resolveSlot } from './sessions';

export type AppointmentKind = 'lawyer-meeting' | 'interrogation';

/** B9: exactly these fields leave the server — nothing that names a lawyer, a booking or a case. */
export interface Appointment {
  slotId: string;
  date: string;
  start: string;
  end: string;
  kind: AppointmentKind;
}

/** An interrogation as stored. */
export interface Interrogation {
  interrogationId: string;
  status: string;
  centerId: string;
  detaineeId: string;
  slotId: string;
  date: string;
  sessionStart: string;
  queueNumber: number;
  roomNo: string;
  investigatorId: string;
  createdAt: string;
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

/** What staff see of an interrogation in the day's queue: it holds a queue number of its session (R6). */
export interface QueuedInterrogation {
  interrogationId: string;
  status: string;
  detaineeId: string;
  slotId: string;
  queueNumber: number;
  roomNo: string;
}

/** What the per-detainee slot guard of an appointment says about it (a lawyer meeting or an interrogation). */
export interface DetaineeGuard {
  slotId: string;
  kind?: string;
  centerId?: string;
}

export const DEFAULT_SCHEDULE_DAYS = 14;
export const MAX_SCHEDULE_DAYS = 62;

/** The date range a schedule read covers: today (Shanghai) + 14 days by default, at most 62 days. */
export function scheduleRange(query: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const from = query.from ?? shanghaiDate(now);
  const to = query.to ?? addDays(from, DEFAULT_SCHEDULE_DAYS);
  if (to < from) throw new ValidationFailed('to 不能早于 from');
  if (daysBetween(from, to) > MAX_SCHEDULE_DAYS) throw new ValidationFailed(`一次最多查询 ${MAX_SCHEDULE_DAYS} 天`);
  return { from, to };
}

/**
 * A detainee's appointments at a center from their slot guards, each mapped field by field, so
 * nothing else stored on a guard can leak (B9); in time order.
 */
export function appointmentsOf(center: CenterEntry, guards: DetaineeGuard[]): Appointment[] {
  const appointments: Appointment[] = [];
  for (const guard of guards) {
    if (guard.centerId !== undefined && guard.centerId !== center.centerId) continue;
    // A session removed from the center's config has no times to show; its guard stays until freed.
    const slot = resolveSlot(center, guard.slotId);
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
