// A reschedule's items (POST /bookings/{id}/reschedule, shared/use-cases/reschedule-booking.ts):
// what moving a live booking to another session of the same detainee and center writes and checks,
// beside the two session records (the session ledger plans those: the new place converts a hold,
// the old one is released or handed to the first waiter). Everything keyed by the session moves in
// the same transaction, so the booking is never in both sessions nor in neither:
//  - the booking itself: its session, queue number and both indexes (GSI1 the day queue, GSI2 the
//    sweeper's live list), `revision` + 1 (the calendar feed's SEQUENCE); a room of the old session
//    is given back and the booking arrives without one (staff assign rooms per session, R8);
//  - the detainee's and every named lawyer's per-session guards: taken in the new session (R7, B5:
//    DETAINEE_BUSY, LAWYER_BUSY), freed in the old one;
//  - every practising lawyer's pair: the old session leaves the cap count, the new one joins it (B5);
//  - the same checks as a booking: bound (R2, not for interns), not suspended nor locked (R1a, R3),
//    the detainee still held here and available in the new session (R4, B4);
//  - one notification per named lawyer (B7): co-counsel and interns move with the booking.
// A late move's violation (R3) is planned by the caller; its write on the charged lawyer's profile
// then carries the standing condition (one item per key in a transaction).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Booking, BookingParties, PairState } from '../domain/booking';
import { allParties, liveFutureSlots } from '../domain/booking';
import type { Slot } from '../domain/sessions';
import { DetaineeBusy, InvalidState, LawyerBusy, LicenceSuspended, LockedOut, NotBound, NotFound } from '../errors';
import { bookingParams, planNotification } from '../notifications/outbox';
import { shanghaiIso } from '../time';
import { planGuardRelease, planPairWrite, planPartyChecks } from './booking-repository';
import { planDetaineeAvailable } from './custody-repository';
import { bindingGuardKey, bookingKey, dayQueueIndex, detaineeKey, detaineeSlotKey, lawyerSlotKey, liveIndex, roomKey } from './district-keys';
import { ddb, platformTableName } from './dynamo';
import { profileKey } from './platform-keys';
import type { TransactionPlan } from './transaction';

export interface Move {
  /** The booking as read (its current session). */
  booking: Booking;
  /** The session it moves to, and the queue number it takes there. */
  to: Slot;
  queueNumber: number;
  parties: BookingParties;
  /** Each practising lawyer's pair with the detainee, as read. */
  pairs: PairState[];
  /** Who moves it (the lead or the co-counsel) and their name, for the others' notification. */
  movedBy: { lawyerId: string; name: string };
  /** The move is a late cancellation of the old session (R3): the mover's profile is charged by the caller. */
  late: boolean;
  detaineeName: string;
  now: Date;
  observePair?: (current: PairState) => void;
}

const NOT_SUSPENDED = '(attribute_not_exists(licenceSuspended) OR licenceSuspended = :rsFalse)';
const NOT_LOCKED = '(attribute_not_exists(lockedUntil) OR attribute_type(lockedUntil, :rsNull) OR lockedUntil <= :rsNow)';

/** The booking as it is after the move (what the answer and the notifications describe). */
export function movedBooking(m: Pick<Move, 'booking' | 'to' | 'queueNumber'>): Booking & { revision: number } {
  const { room: _room, consent: _consent, ...rest } = m.booking;
  return {
    ...rest,
    slotId: m.to.slotId,
    date: m.to.date,
    sessionStart: shanghaiIso(m.to.start),
    lastAdmission: shanghaiIso(m.to.lastAdmission),
    queueNumber: m.queueNumber,
    revision: ((m.booking as { revision?: number }).revision ?? 0) + 1,
  };
}

export function planMove(plan: TransactionPlan, tables: { district: string; platform: string }, m: Move): void {
  const { district } = tables;
  const old = m.booking;
  const moved = movedBooking(m);
  const at = shanghaiIso(m.now);
  const day = dayQueueIndex(old.centerId, moved.date, m.to.session.start, moved.queueNumber);
  const live = liveIndex(old.centerId, moved.lastAdmission, old.bookingId);
  plan.add(
    {
      Update: {
        TableName: district,
        Key: bookingKey(old.bookingId),
        UpdateExpression:
          'SET slotId = :slot, #date = :date, sessionStart = :start, lastAdmission = :last, queueNumber = :queue, GSI1PK = :g1pk, GSI1SK = :g1sk, GSI2PK = :g2pk, GSI2SK = :g2sk, ' +
          'revision = :revision, rescheduledAt = :at, rescheduledBy = :by, movedFrom = list_append(if_not_exists(movedFrom, :empty), :from) REMOVE room, consent',
        // The booking as read: still live in the old session, not called to the window, with the same
        // people and room (a withdrawal, a room or another move since makes this round read again).
        ConditionExpression: `#status = :booked AND slotId = :oldSlot AND lawyerIds = :ids AND attribute_not_exists(callState) AND ${old.room ? 'room.roomNo = :roomNo' : 'attribute_not_exists(room)'}`,
        ExpressionAttributeNames: { '#status': 'status', '#date': 'date' },
        ExpressionAttributeValues: {
          ':slot': moved.slotId,
          ':date': moved.date,
          ':start': moved.sessionStart,
          ':last': moved.lastAdmission,
          ':queue': moved.queueNumber,
          ':g1pk': day.GSI1PK,
          ':g1sk': day.GSI1SK,
          ':g2pk': live.GSI2PK,
          ':g2sk': live.GSI2SK,
          ':revision': moved.revision,
          ':at': at,
          ':by': m.movedBy.lawyerId,
          ':empty': [],
          ':from': [{ slotId: old.slotId, queueNumber: old.queueNumber, movedAt: at }],
          ':booked': 'booked',
          ':oldSlot': old.slotId,
          ':ids': old.lawyerIds,
          ...(old.room ? { ':roomNo': old.room.roomNo } : {}),
        },
      },
    },
    (current) => {
      if (!current) return new NotFound('预约不存在');
      if (current.status !== 'booked') return new InvalidState('该预约已不能改期');
      if (current.callState !== undefined) return new InvalidState('该预约已叫号，不能改期；如需调整请到窗口联系看守所');
      return 'retry';
    },
  );

  // R7, B5: the detainee's guard moves (freed in the old session, taken in the new one).
  planGuardRelease(plan, district, detaineeSlotKey(old.detaineeId, old.slotId), old.bookingId);
  plan.add(
    {
      Put: {
        TableName: district,
        Item: { ...detaineeSlotKey(old.detaineeId, moved.slotId), bookingId: old.bookingId, kind: 'lawyer-meeting', centerId: old.centerId, date: moved.date },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    () => new DetaineeBusy(),
  );
  if (old.room) {
    // The old session's room goes back with the place (R8).
    plan.add(
      {
        Delete: {
          TableName: district,
          Key: roomKey(old.centerId, old.slotId, old.room.roomNo),
          ConditionExpression: 'attribute_not_exists(PK) OR holderId = :me',
          ExpressionAttributeValues: { ':me': old.bookingId },
        },
      },
      () => 'retry',
    );
  }

  const nowIso = at;
  for (const party of allParties(m.parties)) {
    const who = party.lawyerId === m.movedBy.lawyerId ? '您' : `列明的${party.role === 'intern' ? '实习人员' : '律师'}${party.name}`;
    planGuardRelease(plan, district, lawyerSlotKey(party.lawyerId, old.centerId, old.slotId), old.bookingId);
    plan.add(
      {
        Put: {
          TableName: district,
          Item: { ...lawyerSlotKey(party.lawyerId, old.centerId, moved.slotId), bookingId: old.bookingId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      () => new LawyerBusy(who),
    );
    const charged = m.late && party.lawyerId === m.movedBy.lawyerId ? plan.find(tables.platform, profileKey(party.lawyerId))?.Update : undefined;
    if (charged) {
      // The violation's write already holds this profile: it carries the standing condition too.
      charged.ConditionExpression = `(${charged.ConditionExpression}) AND ${NOT_SUSPENDED} AND ${NOT_LOCKED}`;
      charged.ExpressionAttributeValues = { ...charged.ExpressionAttributeValues, ':rsFalse': false, ':rsNull': 'NULL', ':rsNow': nowIso };
      plan.add(
        {
          ConditionCheck: {
            TableName: district,
            Key: bindingGuardKey(old.detaineeId, party.licenseNo),
            ConditionExpression: 'attribute_exists(PK) AND centerId = :center',
            ExpressionAttributeValues: { ':center': old.centerId },
          },
        },
        () => new NotBound(who),
      );
    } else {
      const bound = { centerId: old.centerId, detaineeId: old.detaineeId, lawyerId: party.lawyerId, licenseNo: party.licenseNo };
      planPartyChecks(plan, tables, bound, nowIso, who, true, party.role === 'lawyer');
    }
  }

  // R4, B4: still held here and available in the new session. A waiter promoted into the old
  // session for the same detainee checks the same record: one item with both conditions.
  const promotedCheck = plan.find(district, detaineeKey(old.detaineeId))?.ConditionCheck;
  if (promotedCheck) {
    promotedCheck.ConditionExpression = `(${promotedCheck.ConditionExpression}) AND NOT contains(unavailableSlots, :movedTo)`;
    promotedCheck.ExpressionAttributeValues = { ...promotedCheck.ExpressionAttributeValues, ':movedTo': moved.slotId };
  } else {
    planDetaineeAvailable(plan, district, old.detaineeId, old.centerId, moved.slotId);
  }

  // B5: each practising lawyer's pair: the old session leaves, the new one joins (the count is unchanged
  // unless the old session had already started).
  for (const pair of m.pairs) {
    const { [old.slotId]: _left, ...rest } = liveFutureSlots(pair, m.now);
    planPairWrite(plan, district, old.detaineeId, pair, { ...rest, [moved.slotId]: m.to.start.toISOString() }, m.observePair);
  }

  // B7: everyone named hears of it, and only if the move commits.
  const params = {
    ...bookingParams(moved),
    detaineeName: m.detaineeName,
    fromStart: old.sessionStart,
    fromDate: old.date,
    fromSlotId: old.slotId,
    byName: m.movedBy.name,
    lateCancel: m.late ? 1 : 0,
  };
  for (const party of allParties(m.parties)) {
    const self = party.lawyerId === m.movedBy.lawyerId;
    const role = party.lawyerId === m.parties.lead.lawyerId ? 'lead' : party.role === 'intern' ? 'intern' : 'co-counsel';
    planNotification(plan, district, {
      recipientId: party.lawyerId,
      kind: 'booking-rescheduled',
      bookingId: old.bookingId,
      createdAt: at,
      params: { ...params, self: self ? 1 : 0, role },
    });
  }
}

/** The lawyer's standing on their profile, read before a late move charges it (the transaction re-checks it). */
export async function standingRefusal(lawyerId: string, now: Date): Promise<Error | undefined> {
  const out = await ddb.send(
    new GetCommand({ TableName: platformTableName(), Key: profileKey(lawyerId), ConsistentRead: true, ProjectionExpression: 'licenceSuspended, lockedUntil' }),
  );
  if (out.Item?.licenceSuspended === true) return new LicenceSuspended();
  const until = out.Item?.lockedUntil as string | null | undefined;
  if (typeof until === 'string' && until > shanghaiIso(now)) return new LockedOut(until);
  return undefined;
}

/** The lock a violation planned into `plan` would set on the lawyer's profile (its `lockedUntil`), if any. */
export function plannedLock(plan: TransactionPlan, lawyerId: string, now: Date): string | undefined {
  const until = plan.find(platformTableName(), profileKey(lawyerId))?.Update?.ExpressionAttributeValues?.[':until'] as string | null | undefined;
  return typeof until === 'string' && until > shanghaiIso(now) ? until : undefined;
}
