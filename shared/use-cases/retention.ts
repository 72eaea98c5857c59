// The retention job (PIPL Art. 19, 47; docs/data-retention.md): what DynamoDB TTL cannot do by
// itself. Per center of each district served, five passes:
// - bookings: every booking of a past session day, its detainee and lawyer slot guards and the
//   lawyers' booking-list items get `expiresAt` = the session's end + `bookingDaysAfterSession`; the
//   day's interrogations, their detainee slot guards and room guards the session's end +
//   `interrogationDaysAfterSession`;
// - urgent requests: once their deadline is 35 days past (REPORT_FREEZE_DAYS: the placement's
//   session is over, nothing can reopen them) and they are not open, a request and the lawyer's list
//   item of it get `expiresAt` = deadline + `urgentRequestDaysAfterDeadline`; an open one has no end;
// - reports: a day 35 days past (REPORT_FREEZE_DAYS, so its statuses are final) is frozen into
//   counts with no personal data (bookings, interrogations, urgent requests due), which GET /reports
//   reads once they exist (B8 survives the TTL);
// - detainees: a released or transferred detainee's record, name-search items, binding pointers,
//   bindings and meeting-request pointer get `expiresAt` = release + `releasedDetaineeDays`;
// - audit: records older than `auditPseudonymiseAfterDays` get their persons replaced by pseudonyms,
//   in the district table and (for the same centers, and records of no center) the platform table.
// Idempotent (conditional writes of values computed from each item) and resumable (a cursor per
// pass and center, moved forward only once a date or month is done; a run stops at its time budget).
// Each run ends with one record of its counts and, in the same transaction, one audit record of the
// job (actor `system`, the counts as `after`, nothing personal).
import { cityConfig, REPORT_FREEZE_DAYS, type CenterEntry } from '../config';
import { addDays } from '../domain/calendar';
import { expiresAfter, olderThan, pseudonymiseAudit } from '../domain/retention';
import { listDayQueue } from '../adapters/booking-repository';
import { listDayInterrogations } from '../adapters/interrogation-repository';
import {
  bindingKey,
  bookingKey,
  detaineeKey,
  detaineeSlotKey,
  interrogationKey,
  lawyerBookingKey,
  lawyerSlotKey,
  lawyerUrgentKey,
  pairKey,
  roomKey,
  urgentRequestKey,
  BINDING_PREFIX,
  DETAINEE_SLOT_PREFIX,
} from '../adapters/district-keys';
import { nameIndexItems } from '../adapters/detainee-index';
import { districtTableName, platformTableName, servedDistricts } from '../adapters/dynamo';
import {
  advanceCursor,
  auditToPseudonymise,
  detaineePartitionItems,
  freezeReportDay,
  leftWithoutEnd,
  pseudonymHash,
  readCursor,
  recordRetentionRun,
  sessionDates,
  setExpiry,
  urgentByDeadlineDates,
  writePseudonymised,
} from '../adapters/retention-store';
import { currentAuditScope } from '../audit';
import { ulid } from '../ids';
import type { Booking } from '../domain/booking';
import { shanghaiDate, shanghaiInstant, shanghaiIso } from '../time';
import { logger } from '../observability';
import { interrogationsOn } from '../adapters/report-reads';
import type { UrgentFacts } from '../domain/reports';

export interface RetentionReport {
  at: string;
  /** Bookings given their end (with their guards and list items). */
  bookingsEnded: number;
  /** Interrogations given their end (with their detainee and room guards). */
  interrogationsEnded: number;
  /** Urgent requests (no longer open) given their end (with the lawyer's list item). */
  urgentRequestsEnded: number;
  /** Report days frozen into counts. */
  reportDaysFrozen: number;
  /** Released or transferred detainees whose items were given their end. */
  detaineesEnded: string[];
  /** Audit records pseudonymised. */
  auditPseudonymised: number;
  /** True when the run stopped at its time budget; the next one resumes from the cursors. */
  cutOff: boolean;
}

/** Stop starting new work after this long (the function's timeout is longer, shared/schedules.ts). */
const DEFAULT_BUDGET_MS = 240_000;
/** Days one run walks per center and pass at most (the first run of a new deployment catches up over several). */
const MAX_DAYS_PER_RUN = 400;

/** The end of a booking's session (its template's end), or its last admission if the template is gone. */
function sessionEnd(center: CenterEntry, booking: Pick<Booking, 'slotId' | 'date' | 'lastAdmission'>): Date {
  const name = booking.slotId.slice(booking.date.length + 1);
  const template = center.sessions.find((s) => s.name === name);
  return template ? shanghaiInstant(booking.date, template.end) : new Date(booking.lastAdmission);
}

/** `status|placedOnTime` → urgent requests: the only facts of a request a report day uses. */
export function urgentCountsOf(requests: Pick<UrgentFacts, 'status' | 'placedOnTime'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const k = `${r.status}|${r.placedOnTime === true ? 1 : r.placedOnTime === false ? 0 : '-'}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** The urgent requests a frozen report day stands for, as the report's arithmetic reads them. */
export function urgentOfCounts(counts: Record<string, number>): UrgentFacts[] {
  return Object.entries(counts).flatMap(([k, n]) => {
    const [status, onTime] = k.split('|');
    return Array.from({ length: n }, () => ({ status, placedOnTime: onTime === '1' ? true : onTime === '0' ? false : null }));
  });
}

/** `status|late` → bookings: the only facts of a booking a report day uses (shared/domain/reports.ts). */
export function countsOf(bookings: Pick<Booking, 'status' | 'late'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const b of bookings) {
    const k = `${b.status}|${b.late ? 1 : 0}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** The bookings a frozen report day stands for, as the report's arithmetic reads them. */
export function bookingsOfCounts(counts: Record<string, number>): Pick<Booking, 'status' | 'late'>[] {
  return Object.entries(counts).flatMap(([k, n]) => {
    const [status, late] = k.split('|');
    return Array.from({ length: n }, () => ({ status: status as Booking['status'], late: late === '1' }));
  });
}

const nextMonth = (m: string): string => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};

export async function retention(now: Date, options: { budgetMs?: number; districts?: string[] } = {}): Promise<RetentionReport> {
  const started = Date.now();
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const overBudget = () => Date.now() - started > budget;
  const policy = cityConfig().platform.retention;
  const report: RetentionReport = {
    at: shanghaiIso(now),
    bookingsEnded: 0,
    interrogationsEnded: 0,
    urgentRequestsEnded: 0,
    reportDaysFrozen: 0,
    detaineesEnded: [],
    auditPseudonymised: 0,
    cutOff: false,
  };
  const today = shanghaiDate(now);
  const served = options.districts ?? servedDistricts();
  const hash = await pseudonymHash();
  const auditCutoff = shanghaiIso(olderThan(now, policy.auditPseudonymiseAfterDays));
  const cutoffMonth = auditCutoff.slice(0, 7);
  const firstAuditMonth = shanghaiDate(olderThan(now, policy.auditKeepDays)).slice(0, 7);

  /** Pseudonymises a center's (or `-`) audit months in one table up to the cut-off, month by month. */
  const pseudonymiseAuditOf = async (table: string, centerId: string) => {
    const done = await readCursor(table, 'audit', centerId);
    let month = done ? nextMonth(done) : firstAuditMonth;
    for (; month <= cutoffMonth && !overBudget(); month = nextMonth(month)) {
      for (const record of await auditToPseudonymise(table, centerId, month, auditCutoff)) {
        if (await writePseudonymised(table, pseudonymiseAudit(record, hash), shanghaiIso(now))) report.auditPseudonymised += 1;
      }
      // The cut-off month is not over: later runs read it again (only records not yet done).
      if (month < cutoffMonth) await advanceCursor(table, 'audit', centerId, month);
    }
    if (month <= cutoffMonth) report.cutOff = true;
  };

  for (const districtId of served) {
    const district = cityConfig().districts.find((d) => d.districtId === districtId);
    if (!district) continue;
    const table = districtTableName(districtId);
    for (const c of district.centers) {
      const center: CenterEntry = { ...c, districtId, districtName: district.name };
      if (overBudget()) {
        report.cutOff = true;
        break;
      }
      // ---- bookings: past days get their end ----
      const yesterday = addDays(today, -1);
      const bookingsDone = await readCursor(table, 'bookings', center.centerId);
      const bookingDays = (await sessionDates(table, center.centerId, bookingsDone ? addDays(bookingsDone, 1) : '0000-00-00', yesterday)).slice(0, MAX_DAYS_PER_RUN);
      for (const date of bookingDays) {
        if (overBudget()) {
          report.cutOff = true;
          break;
        }
        for (const b of await listDayQueue(table, center.centerId, date)) {
          const expiresAt = expiresAfter(sessionEnd(center, b), policy.bookingDaysAfterSession);
          await Promise.all([
            setExpiry(table, detaineeSlotKey(b.detaineeId, b.slotId), expiresAt),
            ...b.lawyerIds.flatMap((l) => [
              setExpiry(table, lawyerSlotKey(l, b.centerId, b.slotId), expiresAt),
              setExpiry(table, lawyerBookingKey(l, b.createdAt, b.bookingId), expiresAt),
              setExpiry(table, pairKey(l, b.detaineeId), expiresAt),
            ]),
          ]);
          // The booking last: its day is the cursor's unit, a crash reruns the whole day.
          if (await setExpiry(table, bookingKey(b.bookingId), expiresAt)) report.bookingsEnded += 1;
        }
        // The day's interrogations (R7): a cancelled one's guards are gone already (setExpiry skips them).
        for (const i of await listDayInterrogations(table, center.centerId, date)) {
          const expiresAt = expiresAfter(sessionEnd(center, { slotId: i.slotId, date, lastAdmission: `${date}T23:59:59.000+08:00` }), policy.interrogationDaysAfterSession);
          await Promise.all([
            setExpiry(table, detaineeSlotKey(i.detaineeId, i.slotId), expiresAt),
            ...(i.roomNo ? [setExpiry(table, roomKey(center.centerId, i.slotId, i.roomNo), expiresAt)] : []),
          ]);
          if (await setExpiry(table, interrogationKey(i.interrogationId), expiresAt)) report.interrogationsEnded += 1;
        }
        await advanceCursor(table, 'bookings', center.centerId, date);
      }
      // ---- reports: days whose statuses are final are frozen into counts ----
      const freezeThrough = addDays(today, -REPORT_FREEZE_DAYS);
      const reportsDone = await readCursor(table, 'reports', center.centerId);
      const freezeFrom = reportsDone ? addDays(reportsDone, 1) : '0000-00-00';
      // Days with a session record, and days an urgent request was due (a deadline may fall on a day without one).
      const urgentDue = await urgentByDeadlineDates(table, center.centerId, freezeFrom, freezeThrough);
      const urgentOn = (date: string) => urgentDue.filter((r) => r.deadline.slice(0, 10) === date);
      const reportDays = [...new Set([...(await sessionDates(table, center.centerId, freezeFrom, freezeThrough)), ...urgentDue.map((r) => r.deadline.slice(0, 10))])]
        .sort()
        .slice(0, MAX_DAYS_PER_RUN);
      for (const date of reportDays) {
        if (overBudget()) {
          report.cutOff = true;
          break;
        }
        const [bookings, interrogations] = await Promise.all([listDayQueue(table, center.centerId, date), interrogationsOn(table, center.centerId, date)]);
        const day = { counts: countsOf(bookings), interrogations, urgent: urgentCountsOf(urgentOn(date)) };
        if (await freezeReportDay(table, center.centerId, date, day, shanghaiIso(now))) report.reportDaysFrozen += 1;
        await advanceCursor(table, 'reports', center.centerId, date);
      }
      // ---- urgent requests: no longer open, deadline past the freeze, get their end ----
      const urgentDone = await readCursor(table, 'urgent', center.centerId);
      const requests = await urgentByDeadlineDates(table, center.centerId, urgentDone ? addDays(urgentDone, 1) : '0000-00-00', freezeThrough);
      // The cursor stops before the first day with a request still open (its purpose is not met): later runs look again.
      let firstOpenDay: string | undefined;
      let cut = false;
      for (const r of requests) {
        if (overBudget()) {
          report.cutOff = cut = true;
          break;
        }
        if (r.status === 'open') {
          firstOpenDay ??= r.deadline.slice(0, 10);
          continue;
        }
        const expiresAt = expiresAfter(r.deadline, policy.urgentRequestDaysAfterDeadline);
        await setExpiry(table, lawyerUrgentKey(r.lawyerId, r.createdAt, r.requestId), expiresAt);
        if (await setExpiry(table, urgentRequestKey(r.requestId), expiresAt)) report.urgentRequestsEnded += 1;
      }
      // Deadlines are never set in the past, so every request due by `freezeThrough` has been seen.
      if (!cut) await advanceCursor(table, 'urgent', center.centerId, firstOpenDay ? addDays(firstOpenDay, -1) : freezeThrough);
      // ---- detainees who left: their items get their end ----
      for (const d of await leftWithoutEnd(table, center.centerId)) {
        if (overBudget()) {
          report.cutOff = true;
          break;
        }
        const expiresAt = expiresAfter(d.releasedAt ?? now, policy.releasedDetaineeDays);
        const partition = await detaineePartitionItems(table, d.detaineeId);
        await Promise.all([
          ...nameIndexItems(d).map((i) => setExpiry(table, { PK: i.PK, SK: i.SK }, expiresAt)),
          // Slot guards belong to their bookings (the bookings pass); everything else in the partition ends with the record.
          ...partition.filter((i) => !i.SK.startsWith(DETAINEE_SLOT_PREFIX)).map((i) => setExpiry(table, { PK: i.PK, SK: i.SK }, expiresAt)),
          ...partition.filter((i) => i.SK.startsWith(BINDING_PREFIX)).map((i) => setExpiry(table, bindingKey(i.SK.slice(BINDING_PREFIX.length)), expiresAt)),
        ]);
        // The record last: it is what the pass looks for, so a crash leaves it to the next run.
        await setExpiry(table, detaineeKey(d.detaineeId), expiresAt);
        report.detaineesEnded.push(d.detaineeId);
      }
      // ---- audit ----
      await pseudonymiseAuditOf(table, center.centerId);
      await pseudonymiseAuditOf(platformTableName(), center.centerId);
    }
    await pseudonymiseAuditOf(table, '-');
  }
  await pseudonymiseAuditOf(platformTableName(), '-');
  // One audit fact per run, counts only: the job's own writes are plain conditional updates (no transaction to ride on).
  const { detaineesEnded, at, ...counts } = report;
  await recordRetentionRun(
    { at, runId: currentAuditScope()?.actor.requestId ?? ulid(), districts: served, counts: { ...counts, detaineesEnded: detaineesEnded.length } },
    expiresAfter(now, policy.auditKeepDays),
    platformTableName(),
  );
  logger.info('retention run', { ...counts, detaineesEnded: detaineesEnded.length });
  return report;
}
