// POST /bookings/{id}/withdraw (R12a): a co-counsel or intern named on someone else's booking takes
// themselves off it. Named without being asked, they would otherwise be held by it — their guard of
// the session (LAWYER_BUSY for their own bookings) and, for a co-counsel, the pair's future-booking
// cap (BOOKING_LIMIT_REACHED). One transaction frees both and edits the booking, which stays; the
// lead is told; nobody is charged a violation. The lead cannot withdraw from their own booking: they
// cancel it.
import { InvalidState } from '../errors';
import { lawyerBookingKey, lawyerSlotKey, bookingKey } from '../adapters/district-keys';
import { ensureParty, getBooking, planGuardRelease, planPairWrite, readPairs } from '../adapters/booking-repository';
import { liveFutureSlots } from '../domain/booking';
import { getUser } from '../adapters/account-repository';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { bookingParams, planNotification } from '../notifications/outbox';
import { tableOfId } from '../centers';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import { noteAudit } from '../audit';
import { type Booking } from '../domain/booking';

const MAX_ATTEMPTS = 20;

export async function withdrawFromBooking(principal: Principal, bookingId: string, now: Date): Promise<{ status: 'withdrawn' }> {
  const table = tableOfId(bookingId, 'bk', '预约');
  const me = principal.userId;
  const name = (await getUser(me))?.name ?? '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const booking = ensureParty(await getBooking(table, bookingId), me);
    if (booking.leadLawyerId === me) throw new InvalidState('您是该预约的预约律师，不能退出；如不再前往，请撤销预约');
    if (booking.status !== 'booked') throw new InvalidState('该预约已结束或已撤销，不能退出');
    const asCoCounsel = booking.coCounselLawyerIds.includes(me);
    noteAudit({
      centerId: booking.centerId,
      target: bookingId,
      before: { lawyerIds: booking.lawyerIds },
      after: { lawyerIds: booking.lawyerIds.filter((id) => id !== me), withdrawn: me },
    });

    const plan = new TransactionPlan();
    planBookingEdit(plan, table, booking, me, now);
    planGuardRelease(plan, table, lawyerSlotKey(me, booking.centerId, booking.slotId), bookingId);
    plan.add({ Delete: { TableName: table, Key: lawyerBookingKey(me, booking.createdAt, bookingId) } });
    if (asCoCounsel) {
      // Interns hold no pair share: only practising lawyers count toward the cap (B5).
      const [pair] = await readPairs(table, [me], booking.detaineeId);
      const { [booking.slotId]: _freed, ...rest } = liveFutureSlots(pair, now);
      planPairWrite(plan, table, booking.detaineeId, pair, rest);
    }
    planNotification(plan, table, {
      recipientId: booking.leadLawyerId,
      kind: 'booking-withdrawn',
      bookingId,
      createdAt: shanghaiIso(now),
      params: { ...bookingParams(booking), withdrawnName: name, role: asCoCounsel ? 'lawyer' : 'intern' },
    });
    if ((await plan.commit()) === 'committed') return { status: 'withdrawn' };
    await backoff(attempt);
  }
  throw new InvalidState('操作冲突，请稍后重试');
}

/** The booking without `me`, if its party is still the one read (a concurrent change re-reads). */
function planBookingEdit(plan: TransactionPlan, table: string, booking: Booking, me: string, now: Date): void {
  const without = (ids: string[]) => ids.filter((id) => id !== me);
  plan.add(
    {
      Update: {
        TableName: table,
        Key: bookingKey(booking.bookingId),
        UpdateExpression: 'SET lawyerIds = :ids, coCounselLawyerIds = :co, internLawyerIds = :interns, withdrawals = list_append(if_not_exists(withdrawals, :none), :withdrawal)',
        ConditionExpression: '#status = :booked AND lawyerIds = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':ids': without(booking.lawyerIds),
          ':co': without(booking.coCounselLawyerIds),
          ':interns': without(booking.internLawyerIds),
          ':none': [],
          ':withdrawal': [{ lawyerId: me, at: shanghaiIso(now) }],
          ':booked': 'booked',
          ':seen': booking.lawyerIds,
        },
      },
    },
    () => 'retry',
  );
}
