// Oversight reads: a center's audit trail (R14) and the district report per center and day (B8).
// The arithmetic of a report day is a pure function (`reportDay`, unit tested); the reads behind it
// are queries on keys and indexes only (the day queue, interrogations and urgent requests by
// GSI1, open urgent requests by GSI2, the sessions' and the suggestion register's partitions) —
// never a Scan, so a report's cost follows the days and centers asked for, not the table's history.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { listAuditPage, type AuditRecord } from '../adapters/audit-repository';
import type { PageQuery } from '../adapters/paging';
import { interrogationDayIndex, urgentDeadlineIndex, urgentOpenIndex } from '../adapters/district-keys';
import { listSessions } from '../adapters/session-ledger';
import { listDayQueue } from '../adapters/booking-repository';
import { ddb, districtTableName, queryAll, servedDistricts } from '../adapters/dynamo';
import { servedCenter, staffCenter } from '../centers';
import { cityConfig, type CenterEntry } from '../config';
import { workCalendar } from '../work-calendar';
import { addDays, daysBetween, type WorkCalendar } from '../domain/calendar';
import { Forbidden, NotFound, ValidationFailed } from '../errors';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiInstant } from '../time';
import { isOverdue, listCenterSuggestions } from './suggestions';
import { type Booking } from '../domain/booking';

/** The audit trail is kept at least 6 months (R14): a read may span all of it. */
export const MAX_AUDIT_DAYS = 186;
/** About two months of days per center: a report stays one quick request. */
export const MAX_REPORT_DAYS = 62;
const AUDIT_DEFAULT_DAYS = 7;
/** Parallel queries of one report (the day queues and interrogations of every center and day). */
const READ_CONCURRENCY = 16;

// ---- date ranges ----

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

// ---- audit (R14) ----

export interface AuditRead {
  centerId: string;
  from: string;
  to: string;
  records: AuditRecord[];
  nextCursor: string | null;
}

/**
 * GET /centers/{c}/audit: staff of the center or an admin. Dates are Shanghai dates; `to` defaults
 * to today and `from` to six days before `to` (a week); the read covers `from` 00:00 to the last
 * millisecond of `to`.
 */
export async function readCenterAudit(principal: Principal, centerId: string, query: PageQuery & { from?: string; to?: string }, now: Date): Promise<AuditRead> {
  if (principal.role === 'staff') staffCenter(principal, centerId);
  else if (principal.role === 'admin') servedCenter(centerId);
  else throw new Forbidden('当前账号角色无权执行此操作');
  const to = query.to ?? shanghaiDate(now);
  const from = query.from ?? addDays(to, -(AUDIT_DEFAULT_DAYS - 1));
  checkRange(from, to, MAX_AUDIT_DAYS);
  const start = shanghaiInstant(from, '00:00');
  const end = new Date(shanghaiInstant(addDays(to, 1), '00:00').getTime() - 1);
  const page = await listAuditPage(centerId, start, end, query);
  return { centerId, from, to, records: page.items, nextCursor: page.nextCursor };
}

// ---- report arithmetic (pure) ----

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

// ---- report reads ----

export interface ReportQuery {
  district?: string;
  from: string;
  to: string;
}

export interface Report {
  district: string;
  from: string;
  to: string;
  days: ReportDay[];
  centers: ({ centerId: string; name: string; urgentOpen: number } & SuggestionCounts)[];
}

/**
 * The district a caller may report on: a committee its own (the default), an admin any it names —
 * or, naming none, every district this deployment serves (undefined).
 */
export function reportDistrict(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.role === 'committee') {
    if (!principal.district) throw new Forbidden('账号未关联区县，不能查阅报表');
    if (requested !== undefined && requested !== principal.district) throw new Forbidden('只能查阅本区县的报表');
    return principal.district;
  }
  if (principal.role === 'admin') {
    return requested;
  }
  throw new Forbidden('当前账号角色无权执行此操作');
}

/** GSI1 `INTERROGATIONS#<c>#<date>`: the day's interrogations (R7), cancelled ones left out. */
export const interrogationDayPk = (centerId: string, date: string): string => interrogationDayIndex(centerId, date, '', 0).GSI1PK;
/** GSI1 `URGENT#<c>` (SK `<deadline>#<id>`) and GSI2 `URGENTOPEN#<c>` of urgent requests (B2). */
export const urgentPk = (centerId: string): string => urgentDeadlineIndex(centerId, '', '').GSI1PK;
export const urgentOpenPk = (centerId: string): string => urgentOpenIndex(centerId, '', '').GSI2PK;

async function countQuery(input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Select'>): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey }));
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

async function interrogationsOn(table: string, centerId: string, date: string): Promise<number> {
  return countQuery({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    // An interrogation a closure or an unavailability cancelled did not take place.
    FilterExpression: 'attribute_not_exists(#status) OR NOT begins_with(#status, :cancelled)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': interrogationDayPk(centerId, date), ':cancelled': 'cancelled' },
  });
}

/** Urgent requests of a center with a deadline from `from` to `to`, by deadline date. */
async function urgentByDeadline(table: string, centerId: string, from: string, to: string): Promise<Map<string, UrgentFacts[]>> {
  const items = await queryAll<{ GSI1SK: string; status: string; placedOnTime?: boolean | null }>({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': urgentPk(centerId), ':from': `${from}T`, ':to': `${to}T~` },
  });
  const byDate = new Map<string, UrgentFacts[]>();
  for (const item of items) {
    const date = item.GSI1SK.slice(0, 10);
    byDate.set(date, [...(byDate.get(date) ?? []), { status: item.status, placedOnTime: item.placedOnTime }]);
  }
  return byDate;
}

/** Closed sessions (B6: `closedAt` on the session record) of a center by date, from `from` to `to`. */
async function closedSessionsByDate(table: string, center: Pick<CenterEntry, 'centerId' | 'sessions'>, from: string, to: string): Promise<Map<string, number>> {
  const closed = await listSessions(table, center.centerId, from, to, 'closed');
  const names = new Set(center.sessions.map((s) => s.name));
  const byDate = new Map<string, number>();
  for (const slotId of closed.keys()) {
    const [date, name] = slotId.split('.');
    if (names.has(name)) byDate.set(date, (byDate.get(date) ?? 0) + 1);
  }
  return byDate;
}

/** Runs `tasks` with at most `limit` in flight, results in order. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** GET /reports: every center of the district × every date of the range, plus each center's figures. */
export async function districtReport(principal: Principal, query: ReportQuery, now: Date): Promise<Report> {
  const requested = reportDistrict(principal, query.district);
  const served = servedDistricts();
  const districts =
    requested === undefined ? cityConfig().districts.filter((d) => served.includes(d.districtId)) : cityConfig().districts.filter((d) => d.districtId === requested);
  if (requested !== undefined && districts.length === 0) throw new NotFound('区县不存在');
  if (requested !== undefined && !served.includes(requested)) throw new NotFound('本接口不提供该区县的报表，请使用该区县的接口地址查询');
  checkRange(query.from, query.to, MAX_REPORT_DAYS);
  const calendar = workCalendar();
  const dates = datesBetween(query.from, query.to);
  const centers = districts.flatMap((district) => district.centers.map((c) => ({ ...c, districtId: district.districtId, districtName: district.name })));

  const days: ReportDay[] = [];
  const centerViews: Report['centers'] = [];
  for (const center of centers) {
    const table = districtTableName(center.districtId);
    const [urgent, closed, urgentOpen, suggestions] = await Promise.all([
      urgentByDeadline(table, center.centerId, query.from, query.to),
      closedSessionsByDate(table, center, query.from, query.to),
      countQuery({
        TableName: table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': urgentOpenPk(center.centerId) },
      }),
      listCenterSuggestions(table, center.centerId),
    ]);
    const perDay = await inBatches(
      dates.map((date) => async () => {
        const [bookings, interrogations] = await Promise.all([listDayQueue(table, center.centerId, date), interrogationsOn(table, center.centerId, date)]);
        return reportDay({
          centerId: center.centerId,
          date,
          bookings,
          interrogations,
          places: placesOn(center, calendar, date, closed.get(date)),
          urgentDue: urgent.get(date) ?? [],
        });
      }),
      READ_CONCURRENCY,
    );
    days.push(...perDay);
    centerViews.push({ centerId: center.centerId, name: center.name, urgentOpen, ...suggestionCounts(suggestions, query.from, query.to, now) });
  }
  // An admin naming no district gets every district served here (one in the cloud, all locally).
  return { district: requested ?? (districts.length === 1 ? districts[0].districtId : 'all'), from: query.from, to: query.to, days, centers: centerViews };
}
