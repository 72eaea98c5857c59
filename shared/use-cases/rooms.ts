// Rooms and the interrogation-room consent (R8, notice 三.2 and its annex). Staff give a booking a
// meeting room or — when the meeting rooms are full — an interrogation room, but an interrogation
// room only once the lawyer has signed the consent notice (no recording equipment used, the meeting
// is not monitored). The consent is stored on the booking with its text version, signer and time.
// A room is held per session through the same room guards interrogations take, so one room is
// never given twice in a session; every check that can race is a condition of the transaction.
import { findCenter } from '../config';
import { currentConsentText, type ConsentKind } from '../domain/consent';
import { AlreadyExists, InvalidState, NotFound, ValidationFailed, ConsentRequired, RoomTaken } from '../errors';
import { bookingKey, roomKey } from '../adapters/district-keys';
import { getBooking } from '../adapters/booking-repository';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { noteAudit } from '../audit';
import { tableOfId } from '../centers';
import { newId } from '../ids';
import { requireCenterScope, type Principal } from '../principal';
import { shanghaiIso } from '../time';
import { type Booking, type RoomType } from '../domain/booking';

export interface ConsentView {
  consentId: string;
  bookingId: string;
  kind: ConsentKind;
  textVersion: string;
  text: string;
  signedBy: string;
  signedAt: string;
}

export interface RoomView {
  bookingId: string;
  roomType: RoomType;
  roomNo: string;
  assignedAt: string;
}

/** Rooms can be arranged, and consents signed, for a booking that is still going to happen or under way. */
const ROOM_STATUSES = ['booked', 'checked_in'] as const;
const isRoomStatus = (status: unknown): boolean => (ROOM_STATUSES as readonly unknown[]).includes(status);
const MAX_ATTEMPTS = 10;

const ROOM_TYPE_NAME: Record<RoomType, string> = { meeting: '会见室', interrogation: '讯问室' };

/** A room number the center does not have: the answer lists the ones it has, so staff can correct it. */
export function unknownRoom(center: { name: string; centerId: string; rooms: Record<RoomType, readonly string[]> }, roomType: RoomType, roomNo: string): ValidationFailed {
  const other: RoomType = roomType === 'meeting' ? 'interrogation' : 'meeting';
  const inOther = center.rooms[other].includes(roomNo) ? `；${roomNo} 是${ROOM_TYPE_NAME[other]}，请将 roomType 设为 ${other}` : '';
  const message = `${center.name}没有编号为 ${roomNo} 的${ROOM_TYPE_NAME[roomType]}。可选的${ROOM_TYPE_NAME[roomType]}：${center.rooms[roomType].join('、') || '无'}${inOther}（各时段空闲情况见 GET /centers/${center.centerId}/rooms?slotId=）`;
  return new ValidationFailed(message, { issues: [{ field: 'body.roomNo', message: `可选：${center.rooms[roomType].join('、')}` }] });
}

/** Lead counsel or co-counsel sign; anyone else (interns included) is told the booking does not exist. */
async function signersBooking(principal: Principal, bookingId: string): Promise<{ table: string; booking: Booking }> {
  const table = tableOfId(bookingId, 'bk', '预约');
  const booking = await getBooking(table, bookingId);
  if (!booking || (booking.leadLawyerId !== principal.userId && !booking.coCounselLawyerIds.includes(principal.userId))) throw new NotFound('预约不存在');
  return { table, booking };
}

export async function signConsent(principal: Principal, bookingId: string, kind: ConsentKind, now: Date): Promise<ConsentView> {
  const first = await signersBooking(principal, bookingId);
  const { table } = first;
  const notice = currentConsentText(kind);
  const consent = { consentId: newId('cs'), kind, textVersion: notice.version, signedBy: principal.userId, signedAt: shanghaiIso(now) };

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const booking = attempt === 0 ? first.booking : await getBooking(table, bookingId);
    if (!booking) throw new NotFound('预约不存在');
    if (!isRoomStatus(booking.status)) throw new InvalidState('该预约当前状态不能签署告知书');
    if (booking.consent) throw new AlreadyExists('已签署过使用讯问室会见告知书');
    // An urgent placement may have reserved an interrogation room pending this very consent (B2).
    const releasesRoom = booking.room?.consentPending === true;
    const plan = new TransactionPlan().add(
      {
        Update: {
          TableName: table,
          Key: bookingKey(bookingId),
          UpdateExpression: `SET consent = :consent${releasesRoom ? ', room.consentPending = :false' : ''}`,
          ConditionExpression: `attribute_not_exists(consent) AND #status IN (:booked, :in)${releasesRoom ? ' AND room.consentPending = :true' : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':consent': consent, ':booked': 'booked', ':in': 'checked_in', ...(releasesRoom ? { ':false': false, ':true': true } : {}) },
        },
      },
      (current) => {
        if (current?.consent) return new AlreadyExists('已签署过使用讯问室会见告知书');
        if (!isRoomStatus(current?.status)) return new InvalidState('该预约当前状态不能签署告知书');
        return 'retry';
      },
    );
    noteAudit({ centerId: booking.centerId, target: bookingId, before: { consent: null }, after: { consent: notice.version, ...(releasesRoom ? { consentPending: false } : {}) } });
    if ((await plan.commit()) === 'committed') return { ...consent, bookingId, text: notice.text };
    await backoff(attempt);
  }
  throw new InvalidState('操作繁忙，请稍后重试');
}

/** Staff of the booking's center only: an unknown booking is 404, another center's 403. */
async function staffBooking(principal: Principal, bookingId: string): Promise<{ table: string; booking: Booking }> {
  const table = tableOfId(bookingId, 'bk', '预约');
  const booking = await getBooking(table, bookingId);
  if (!booking) throw new NotFound('预约不存在');
  requireCenterScope(principal, booking.centerId);
  return { table, booking };
}

export async function assignRoom(principal: Principal, bookingId: string, request: { roomType: RoomType; roomNo: string }, now: Date): Promise<RoomView> {
  const { table } = await staffBooking(principal, bookingId);
  const { roomType, roomNo } = request;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const booking = await getBooking(table, bookingId);
    if (!booking) throw new NotFound('预约不存在');
    if (!isRoomStatus(booking.status)) throw new InvalidState('该预约当前状态不能安排房间');
    const center = findCenter(booking.centerId);
    if (!center) throw new NotFound('看守所不存在');
    if (!center.rooms[roomType].includes(roomNo)) throw unknownRoom(center, roomType, roomNo);
    if (roomType === 'interrogation' && !booking.consent) throw new ConsentRequired();

    const assignedAt = shanghaiIso(now);
    const room = { roomType, roomNo, assignedAt, assignedBy: principal.userId };
    const previous = booking.room;
    const plan = new TransactionPlan();
    plan.add(
      {
        Put: {
          TableName: table,
          Item: { ...roomKey(booking.centerId, booking.slotId, roomNo), holderId: bookingId, holderKind: 'booking', roomType },
          ConditionExpression: 'attribute_not_exists(PK) OR holderId = :me',
          ExpressionAttributeValues: { ':me': bookingId },
        },
      },
      () => new RoomTaken(),
    );
    if (previous && previous.roomNo !== roomNo) {
      plan.add(
        {
          Delete: {
            TableName: table,
            Key: roomKey(booking.centerId, booking.slotId, previous.roomNo),
            // Freed already (nothing to delete) is fine; another holder's guard is never touched.
            ConditionExpression: 'attribute_not_exists(PK) OR holderId = :me',
            ExpressionAttributeValues: { ':me': bookingId },
          },
        },
        () => new InvalidState('原房间已由其他预约或提讯占用，请联系看守所核对房间安排'),
      );
    }
    plan.add(
      {
        Update: {
          TableName: table,
          Key: bookingKey(bookingId),
          UpdateExpression: 'SET room = :room',
          ConditionExpression: [
            '#status IN (:booked, :in)',
            roomType === 'interrogation' ? 'attribute_exists(consent)' : undefined,
            // The room seen is still the booking's: a concurrent assignment makes this one re-read.
            previous ? 'room.roomNo = :previous' : 'attribute_not_exists(room)',
          ]
            .filter(Boolean)
            .join(' AND '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':room': room, ':booked': 'booked', ':in': 'checked_in', ...(previous ? { ':previous': previous.roomNo } : {}) },
        },
      },
      (current) => {
        if (!isRoomStatus(current?.status)) return new InvalidState('该预约当前状态不能安排房间');
        if (roomType === 'interrogation' && !current?.consent) return new ConsentRequired();
        return 'retry';
      },
    );
    noteAudit({
      centerId: booking.centerId,
      target: bookingId,
      before: { room: previous ? `${previous.roomType}:${previous.roomNo}` : null },
      after: { room: `${roomType}:${roomNo}` },
    });
    if ((await plan.commit()) === 'committed') return { bookingId, roomType, roomNo, assignedAt };
    await backoff(attempt);
  }
  throw new InvalidState('操作繁忙，请稍后重试');
}
