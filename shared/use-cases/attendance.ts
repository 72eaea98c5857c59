// Attendance (R3): staff check a lawyer in (late after start + the center's grace → a `late`
// violation, recorded in the same transaction) and mark the meeting complete.
import { findCenter } from '../config';
import { isLateArrival, resolveSlot } from '../domain/sessions';
import { InvalidState, NotFound, ConsentRequired } from '../errors';
import { bookingKey } from '../adapters/district-keys';
import { getBooking } from '../adapters/booking-repository';
import { bookingParams } from '../notifications/outbox';
import { planNewViolation, planVoid } from '../adapters/discipline-repository';
import { violationKey } from '../adapters/platform-keys';
import { platformTableName } from '../adapters/dynamo';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { requireCenterScope, type Principal } from '../principal';
import { tableOfId } from '../centers';
import { newId } from '../ids';
import { noteAudit } from '../audit';
import { shanghaiDate, shanghaiIso } from '../time';
import { type Booking } from '../domain/booking';

const MAX_ATTEMPTS = 20;
const NO_CHECK_IN_WITHOUT_CONSENT = '该预约安排在讯问室，律师尚未签署《使用讯问室会见告知书》，签署后方可签到（或改为安排会见室）';

const STATUS_TEXT: Record<string, string> = {
  cancelled: '已由律师撤销',
  cancelled_by_center: '已由看守所取消',
  completed: '会见已结束',
  no_show: '已记为爽约（超过最后入所时间）',
};

/** Why a booking cannot be checked in, in words the front desk can act on (a second check-in says when the first was). */
function cannotCheckIn(b: { status?: unknown; arrivedAt?: unknown }): InvalidState {
  if (b.status === 'checked_in') {
    const at = typeof b.arrivedAt === 'string' ? `于 ${b.arrivedAt.slice(11, 16)}（${b.arrivedAt}）` : '';
    return new InvalidState(`该律师已${at}签到，无需重复签到`);
  }
  const text = STATUS_TEXT[String(b.status)];
  return new InvalidState(text ? `该预约${text}，不能签到` : '该预约当前状态不能签到');
}

async function staffBooking(principal: Principal, bookingId: string): Promise<{ table: string; booking: Booking }> {
  const table = tableOfId(bookingId, 'bk', '预约');
  const booking = await getBooking(table, bookingId);
  if (!booking) throw new NotFound('预约不存在');
  requireCenterScope(principal, booking.centerId);
  noteAudit({ centerId: booking.centerId, target: bookingId, before: { status: booking.status } });
  return { table, booking };
}

export async function checkIn(principal: Principal, bookingId: string, arrivedAt: Date, now: Date): Promise<{ status: 'checked_in'; late: boolean }> {
  const { table, booking } = await staffBooking(principal, bookingId);
  const center = findCenter(booking.centerId)!;
  const slot = resolveSlot(center, booking.slotId)!;
  if (arrivedAt.getTime() > now.getTime()) throw new InvalidState('到达时间不能晚于当前时间');
  if (shanghaiDate(arrivedAt) !== slot.date) throw new InvalidState('到达时间须在预约会见当日');
  // The sweeper may have marked the booking a no-show before staff keyed in an arrival that was in
  // time for admission: the check-in then corrects the record instead of being refused.
  const correctsNoShow = booking.status === 'no_show' && arrivedAt.getTime() <= slot.lastAdmission.getTime();
  if (booking.status !== 'booked' && !correctsNoShow) throw cannotCheckIn(booking);
  // R8: nobody meets in an interrogation room before the lawyer signed the consent notice.
  if (booking.room?.roomType === 'interrogation' && !booking.consent) throw new ConsentRequired(NO_CHECK_IN_WITHOUT_CONSENT);
  const late = isLateArrival(center, slot, arrivedAt);
  const violationId = newId('vi');
  noteAudit({ after: { status: 'checked_in', late, arrivedAt: shanghaiIso(arrivedAt) } });

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan();
    plan.add(
      {
        Update: {
          TableName: table,
          Key: bookingKey(bookingId),
          UpdateExpression: 'SET #status = :in, arrivedAt = :arrived, late = :late, checkedInBy = :by REMOVE GSI2PK, GSI2SK',
          ConditionExpression: '#status = :was AND (attribute_not_exists(room) OR room.roomType <> :interrogation OR attribute_exists(consent))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':in': 'checked_in',
            ':arrived': shanghaiIso(arrivedAt),
            ':late': late,
            ':by': principal.userId,
            ':was': booking.status,
            ':interrogation': 'interrogation',
          },
        },
      },
      (current) => (current?.status === booking.status ? new ConsentRequired(NO_CHECK_IN_WITHOUT_CONSENT) : cannotCheckIn(current ?? booking)),
    );
    if (correctsNoShow) await planNoShowCorrection(plan, booking, late, now);
    else if (late)
      await planNewViolation(plan, { lawyerId: booking.leadLawyerId, bookingId, centerId: booking.centerId, reason: 'late', violationId, params: bookingParams(booking) }, now);
    if ((await plan.commit()) === 'committed') return { status: 'checked_in', late };
    await backoff(attempt);
  }
  throw new InvalidState('签到操作繁忙，请稍后重试');
}

/**
 * The sweeper's no-show violation becomes what really happened: a `late` violation (same count) or
 * none (voided, recounted, possibly lifting a lock). An appealed one is left to the appeal.
 */
async function planNoShowCorrection(plan: TransactionPlan, booking: Booking, late: boolean, now: Date): Promise<void> {
  const violationId = `vi_noshow_${booking.bookingId}`;
  const stillCounted = () => new InvalidState('该预约的爽约记录已在申诉处理中，请通过申诉更正');
  plan.add(
    {
      Update: {
        TableName: platformTableName(),
        Key: violationKey(booking.leadLawyerId, violationId),
        UpdateExpression: late ? 'SET reason = :late, correctedAt = :at' : 'SET #status = :voided, correctedAt = :at',
        ConditionExpression: '#status = :counted AND reason = :noShow',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':counted': 'counted', ':noShow': 'no_show', ':at': shanghaiIso(now), ...(late ? { ':late': 'late' } : { ':voided': 'voided' }) },
      },
    },
    stillCounted,
  );
  if (!late)
    await planVoid(
      plan,
      { violationId, lawyerId: booking.leadLawyerId, bookingId: booking.bookingId, centerId: booking.centerId, reason: 'no_show', status: 'counted', at: '' },
      now,
    );
}

export async function complete(principal: Principal, bookingId: string, now: Date): Promise<{ status: 'completed' }> {
  const { table, booking } = await staffBooking(principal, bookingId);
  if (booking.status !== 'checked_in') throw new InvalidState('只有已签到的会见可以结束');
  noteAudit({ after: { status: 'completed' } });
  const plan = new TransactionPlan().add(
    {
      Update: {
        TableName: table,
        Key: bookingKey(bookingId),
        UpdateExpression: 'SET #status = :done, completedAt = :at',
        ConditionExpression: '#status = :in',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'completed', ':at': shanghaiIso(now), ':in': 'checked_in' },
      },
    },
    () => new InvalidState('只有已签到的会见可以结束'),
  );
  if ((await plan.commit()) !== 'committed') throw new InvalidState('操作繁忙，请稍后重试');
  return { status: 'completed' };
}
