// Oversight reads: a center's audit trail (R14) and the district report per center and day (B8).
// The arithmetic of a report day is pure (shared/domain/reports.ts, unit tested); the reads behind
// it (shared/adapters/report-reads.ts and the owning modules) are queries on keys and indexes only (the day queue, interrogations and urgent requests by
// GSI1, open urgent requests by GSI2, the sessions' and the suggestion register's partitions) —
// never a Scan, so a report's cost follows the days and centers asked for, not the table's history.
import { listAuditPage, type AuditRecord } from '../adapters/audit-repository';
import type { PageQuery } from '../adapters/paging';
import { countOpenUrgent, interrogationsOn, urgentByDeadline } from '../adapters/report-reads';
import { listSessions } from '../adapters/session-ledger';
import { listDayQueue } from '../adapters/booking-repository';
import { frozenReportDays } from '../adapters/retention-store';
import { bookingsOfCounts, urgentOfCounts } from './retention';
import { districtTableName, servedDistricts } from '../adapters/dynamo';
import { listCenterSuggestions } from '../adapters/suggestion-repository';
import { servedCenter, staffCenter } from '../centers';
import { cityConfig } from '../config';
import { workCalendar } from '../work-calendar';
import { addDays } from '../domain/calendar';
import {
  checkRange,
  closedPerDate,
  datesBetween,
  MAX_AUDIT_DAYS,
  MAX_REPORT_DAYS,
  placesOn,
  reportDay,
  suggestionCounts,
  type ReportDay,
  type SuggestionCounts,
} from '../domain/reports';
import { Forbidden, NotFound } from '../errors';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiInstant } from '../time';

const AUDIT_DEFAULT_DAYS = 7;
/** Parallel queries of one report (the day queues and interrogations of every center and day). */
const READ_CONCURRENCY = 16;

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
    const [urgent, closed, urgentOpen, suggestions, frozen] = await Promise.all([
      urgentByDeadline(table, center.centerId, query.from, query.to),
      // B6: `closedAt` on the session record.
      listSessions(table, center.centerId, query.from, query.to, 'closed').then((closedSessions) => closedPerDate(center, closedSessions.keys())),
      countOpenUrgent(table, center.centerId),
      listCenterSuggestions(table, center.centerId),
      // Days the retention job froze into counts (their bookings may be gone by TTL, docs/data-retention.md).
      frozenReportDays(table, center.centerId, query.from, query.to),
    ]);
    const perDay = await inBatches(
      dates.map((date) => async () => {
        const day = frozen.get(date);
        const [bookings, interrogations] = await Promise.all([
          day ? bookingsOfCounts(day.counts) : listDayQueue(table, center.centerId, date),
          day?.interrogations ?? interrogationsOn(table, center.centerId, date),
        ]);
        return reportDay({
          centerId: center.centerId,
          date,
          bookings,
          interrogations,
          places: placesOn(center, calendar, date, closed.get(date)),
          urgentDue: day?.urgent ? urgentOfCounts(day.urgent) : (urgent.get(date) ?? []),
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
