// The district report's arithmetic (B8), pure: a center's day from its bookings, interrogations,
// places and urgent requests due; places on workdays less closed sessions; the suggestion register's
// figures (R10); the date ranges a report or an audit read may span (R14). The reads behind it are
// in shared/adapters/report-reads.ts, the use case in shared/use-cases/reports.ts.
import type { CenterEntry } from '../config';
import { ValidationFailed } from '../errors';
import type { Booking } from './booking';
import { addDays, daysBetween, type WorkCalendar } from './calendar';
import { isOverdue } from './suggestions';

/** The audit trail is kept at least 6 months (R14): a read may span all of it. */
export const MAX_AUDIT_DAYS = 186;
/** About two months of days per center: a report stays one quick request. */
export const MAX_REPORT_DAYS = 62;

/** A validated inclusive range of Shanghai dates: `to` not before `from`, at most `maxDays` days. */
export function checkRange(from: string, to: string, maxDays: number): void {
  if (to < from) throw new ValidationFailed('结束日期不能早于开始日期');
  if (daysBetween(from, to) + 1 > maxDays) throw new ValidationFailed(`查询范围不能超过 ${maxDays} 天`);
}

export const datesBetween = (from: string, to: string): string[] => {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
};

/** An urgent request (B2) as the report needs it, read from GSI1 `URGENT#<c>` by deadline. */
export interface UrgentFacts {
  status: string;
  placedOnTime?: boolean | null;
}

export interface ReportDayInput {
  centerId: string;
  date: string;
  /** Every booking of the center's day (GSI1 day queue), whatever its status. */
  bookings: Pick<Booking, 'status' | 'late'>[];
  /** Interrogations of the day (R7). */
  interrogations: number;
  /** Places offered that day (see `placesOn`). */
  places: number;
  /** Urgent requests whose deadline falls on that day. */
  urgentDue: UrgentFacts[];
}

export interface ReportDay {
  centerId: string;
  date: string;
  booked: number;
  attended: number;
  late: number;
  noShow: number;
  cancelledByLawyer: number;
  cancelledByCenter: number;
  interrogations: number;
  places: number;
  utilisation: number;
  urgentDue: number;
  urgentPlacedOnTime: number;
  urgentCompliance: number | null;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const CANCELLED = new Set(['cancelled', 'cancelled_by_center']);

/**
 * One center's day (B8): `booked` counts every booking of the day whatever became of it;
 * `attended` = checked in or completed; `late` = checked in late; a booking that was not cancelled
 * (booked, attended or a no-show) took a place, so utilisation = those ÷ places (0 with no places,
 * 3 decimals). 48-hour compliance = requests due that day placed before their deadline ÷ requests
 * due that day (null when none was due, 3 decimals).
 */
export function reportDay(input: ReportDayInput): ReportDay {
  const count = (pred: (b: Pick<Booking, 'status' | 'late'>) => boolean) => input.bookings.filter(pred).length;
  const taken = count((b) => !CANCELLED.has(b.status));
  // A request closed because its binding ended (B4) was owed to nobody any more.
  const owed = input.urgentDue.filter((u) => u.status !== 'closed');
  const due = owed.length;
  const placedOnTime = owed.filter((u) => u.status === 'placed' && u.placedOnTime === true).length;
  return {
    centerId: input.centerId,
    date: input.date,
    booked: input.bookings.length,
    attended: count((b) => b.status === 'checked_in' || b.status === 'completed'),
    late: count((b) => b.late === true),
    noShow: count((b) => b.status === 'no_show'),
    cancelledByLawyer: count((b) => b.status === 'cancelled'),
    cancelledByCenter: count((b) => b.status === 'cancelled_by_center'),
    interrogations: input.interrogations,
    places: input.places,
    utilisation: input.places > 0 ? round3(taken / input.places) : 0,
    urgentDue: due,
    urgentPlacedOnTime: placedOnTime,
    urgentCompliance: due > 0 ? round3(placedOnTime / due) : null,
  };
}

/**
 * Places a center offers on a date: places per session × its sessions on a workday (R9), 0 on
 * other days; a session the center closed (B6) offers none.
 */
export function placesOn(center: Pick<CenterEntry, 'placesPerSession' | 'sessions'>, calendar: WorkCalendar, date: string, closedSessions = 0): number {
  return calendar.isWorkday(date) ? center.placesPerSession * Math.max(0, center.sessions.length - closedSessions) : 0;
}

export interface SuggestionCounts {
  suggestionsOpen: number;
  suggestionsOverdue: number;
}

/**
 * The register's figures for a report (R10): of the suggestions filed from `from` to `to`
 * (Shanghai dates of `createdAt`), how many are still open and how many are overdue by the
 * register's own definition (open past the deadline, or answered after it) as of `now`.
 */
export function suggestionCounts(
  suggestions: { status: 'open' | 'replied'; createdAt: string; replyDueBy: string; repliedAt?: string }[],
  from: string,
  to: string,
  now: Date,
): SuggestionCounts {
  const filed = suggestions.filter((s) => {
    const date = s.createdAt.slice(0, 10);
    return date >= from && date <= to;
  });
  return { suggestionsOpen: filed.filter((s) => s.status === 'open').length, suggestionsOverdue: filed.filter((s) => isOverdue(s, now)).length };
}

/** Closed sessions of a center per date, from the closed sessions' slot ids (those of sessions no longer configured left out). */
export function closedPerDate(center: Pick<CenterEntry, 'sessions'>, closedSlotIds: Iterable<string>): Map<string, number> {
  const names = new Set(center.sessions.map((s) => s.name));
  const byDate = new Map<string, number>();
  for (const slotId of closedSlotIds) {
    const [date, name] = slotId.split('.');
    if (names.has(name)) byDate.set(date, (byDate.get(date) ?? 0) + 1);
  }
  return byDate;
}
