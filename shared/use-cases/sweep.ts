// The scheduled sweep (R3, B10): bookings still `booked` after their session's last admission
// become `no_show` with a `no_show` violation; bookings of tomorrow get their reminder, once. It
// reads each center's live bookings through GSI2 (live bookings by last admission), so its cost
// follows the bookings it handles, never the table's history, and it never scans. Every booking is
// its own transaction guarded by the booking's state: running twice, concurrently, or again after
// a crash changes nothing more and counts nothing twice. Two more passes per center, built the same
// way on their own sparse GSI2 partitions: reminders of detainee meeting requests nobody booked for
// within a day (R15, shared/use-cases/meeting-requests.ts) and alerts of urgent requests unplaced 12
// hours before their 48-hour deadline (B2, shared/use-cases/urgent-requests.ts).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { allCenters, type CenterEntry } from '../config';
import { addDays } from '../domain/calendar';
import { AppError, DetaineeNotAvailable, InvalidState } from '../errors';
import { bookingKey, liveIndex } from '../adapters/district-keys';
import { planOpenCheck, reclaimExpiredHolds } from '../adapters/session-ledger';
import { toBooking } from '../adapters/booking-repository';
import { bookingParams, planNotification } from '../notifications/outbox';
import { planNewViolation } from '../adapters/discipline-repository';
import { districtTableName, queryAll, servedDistricts } from '../adapters/dynamo';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { logger, metrics } from '../observability';
import { noteAudit } from '../audit';
import { planDetaineeAvailable } from '../adapters/custody-repository';
import { finishPendingActions } from './center-actions';
import { remindMeetingRequests } from './meeting-requests';
import { alertUrgentRequests } from './urgent-requests';
import { shanghaiDate, shanghaiIso } from '../time';
import { type Booking } from '../domain/booking';

export interface SweepReport {
  at: string;
  noShows: string[];
  reminders: string[];
  /** Detainee meeting requests (R15) reminded because nobody booked within a day. */
  meetingRequestReminders: string[];
  /** Urgent requests (B2) unplaced 12 hours before their deadline, alerted to staff and admins. */
  urgentAlerts: string[];
  /** Center cancellations (R4, B4, B6) a crash had left unfinished, finished now. */
  finishedActions: string[];
  /** Places of holds whose booking request died before its transaction (issue 19), given back. */
  reclaimedHolds: number;
  /** Bookings another sweep or a staff action handled first. */
  skipped: number;
  /** Bookings that failed this time (logged); the next run picks them up again. */
  failed: string[];
}

const MAX_ATTEMPTS = 10;

/** Live bookings of a center with last admission in [from, to] — or before `to` without `from`. */
async function liveBookings(table: string, centerId: string, from: string | undefined, to: string): Promise<Booking[]> {
  const items = await queryAll({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: from ? 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to' : 'GSI2PK = :pk AND GSI2SK < :to',
    ExpressionAttributeValues: { ':pk': liveIndex(centerId, '', '').GSI2PK, ':to': to, ...(from ? { ':from': from } : {}) },
  });
  return items.map(toBooking);
}

/** Marks one booking a no-show with its violation; false when something else handled it first. */
async function markNoShow(table: string, booking: Booking, now: Date): Promise<boolean> {
  // Deterministic: a rerun after a crash finds the same violation id and cannot add a second one.
  const violationId = `vi_noshow_${booking.bookingId}`;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan()
      .add(
        {
          Update: {
            TableName: table,
            Key: bookingKey(booking.bookingId),
            UpdateExpression: 'SET #status = :noShow, sweptAt = :at REMOVE GSI2PK, GSI2SK',
            ConditionExpression: '#status = :booked',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':noShow': 'no_show', ':at': shanghaiIso(now), ':booked': 'booked' },
          },
        },
        () => new InvalidState('该预约已处理'),
      )
      .audit({ target: booking.bookingId, before: { status: 'booked' }, after: { status: 'no_show' } });
    // Never charge a miss the center caused: a closed session or a detainee who could not come (R4,
    // B4, B6) is the center's cancellation to finish, not the lawyer's violation.
    planOpenCheck(plan, table, booking.centerId, booking.slotId, () => new InvalidState('该场次已由看守所关闭'));
    planDetaineeAvailable(plan, table, booking.detaineeId, booking.centerId, booking.slotId);
    await planNewViolation(
      plan,
      { lawyerId: booking.leadLawyerId, bookingId: booking.bookingId, centerId: booking.centerId, reason: 'no_show', violationId, params: bookingParams(booking) },
      now,
    );
    try {
      if ((await plan.commit()) === 'committed') return true;
    } catch (e) {
      if ((e instanceof AppError && e.code === 'INVALID_STATE') || e instanceof DetaineeNotAvailable) return false;
      throw e;
    }
    await backoff(attempt);
  }
  throw new Error(`no-show of ${booking.bookingId} kept conflicting`);
}

async function sendReminder(table: string, booking: Booking, now: Date): Promise<boolean> {
  const at = shanghaiIso(now);
  const plan = new TransactionPlan()
    .add(
      {
        Update: {
          TableName: table,
          Key: bookingKey(booking.bookingId),
          UpdateExpression: 'SET remindedAt = :at',
          ConditionExpression: '#status = :booked AND attribute_not_exists(remindedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':booked': 'booked' },
        },
      },
      () => new InvalidState('已发送过提醒'),
    )
    .audit({ target: booking.bookingId, after: { remindedAt: at } });
  for (const lawyerId of [booking.leadLawyerId, ...booking.coCounselLawyerIds, ...booking.internLawyerIds]) {
    planNotification(plan, table, { recipientId: lawyerId, kind: 'booking-reminder', bookingId: booking.bookingId, createdAt: at, params: bookingParams(booking) });
  }
  try {
    return (await plan.commit()) === 'committed';
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_STATE') return false;
    throw e;
  }
}

async function sweepCenter(center: CenterEntry, now: Date, report: SweepReport): Promise<void> {
  const table = districtTableName(center.districtId);
  const nowIso = shanghaiIso(now);
  // Every change below is this center's (R14: each committed transaction has its own audit record).
  noteAudit({ centerId: center.centerId });
  // First what the center cancelled: those bookings must not be swept as no-shows.
  try {
    report.finishedActions.push(...(await finishPendingActions(table, center.centerId, now)));
  } catch (error) {
    logger.error('finishing a pending center action failed; the next run retries it', { centerId: center.centerId, error: error as Error });
  }
  // One booking's failure (throttling, a conflict that outlasts its retries) must not stop the others.
  const each = async (booking: Booking, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      report.failed.push(booking.bookingId);
      logger.error('sweep of a booking failed; the next run retries it', { bookingId: booking.bookingId, error: error as Error });
    }
  };
  for (const booking of await liveBookings(table, center.centerId, undefined, nowIso)) {
    if (booking.status !== 'booked' || booking.lastAdmission >= nowIso) continue;
    await each(booking, async () => {
      if (await markNoShow(table, booking, now)) report.noShows.push(booking.bookingId);
      else report.skipped++;
    });
  }
  const tomorrow = addDays(shanghaiDate(now), 1);
  for (const booking of await liveBookings(table, center.centerId, `${tomorrow}T`, `${tomorrow}T~`)) {
    if (booking.status !== 'booked' || booking.date !== tomorrow || 'remindedAt' in booking) continue;
    await each(booking, async () => {
      if (await sendReminder(table, booking, now)) report.reminders.push(booking.bookingId);
    });
  }
  await remindMeetingRequests(table, center, now, report);
  await alertUrgentRequests(table, center, now, report);
  // Issue 19: holds left by booking requests that died between their hold and their transaction.
  try {
    report.reclaimedHolds += await reclaimExpiredHolds(table, center.centerId, shanghaiDate(now), now);
  } catch (error) {
    logger.error('reclaiming expired holds failed; the next run (or the next booking) retries it', { centerId: center.centerId, error: error as Error });
  }
}

export async function sweep(now: Date): Promise<SweepReport> {
  const report: SweepReport = {
    at: shanghaiIso(now),
    noShows: [],
    reminders: [],
    meetingRequestReminders: [],
    urgentAlerts: [],
    finishedActions: [],
    reclaimedHolds: 0,
    skipped: 0,
    failed: [],
  };
  const served = new Set(servedDistricts());
  for (const center of allCenters().filter((c) => served.has(c.districtId))) {
    await sweepCenter(center, now, report);
  }
  metrics.addMetric('NoShowsMarked', MetricUnit.Count, report.noShows.length);
  metrics.addMetric('RemindersQueued', MetricUnit.Count, report.reminders.length);
  metrics.addMetric('MeetingRequestReminders', MetricUnit.Count, report.meetingRequestReminders.length);
  metrics.addMetric('UrgentRequestAlerts', MetricUnit.Count, report.urgentAlerts.length);
  metrics.addMetric('SweepFailures', MetricUnit.Count, report.failed.length);
  logger.info('sweep done', { noShows: report.noShows.length, reminders: report.reminders.length, skipped: report.skipped });
  return report;
}
