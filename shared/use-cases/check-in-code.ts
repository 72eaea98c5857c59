// Check-in by QR code (issue 20 item 2). A lawyer on the booking reads its check-in token and short
// code (GET /bookings/{b}/check-in-token); the front desk scans the QR code or types the code
// (POST /centers/{c}/check-ins) and the booking is checked in by the same use case as the desk's
// button (shared/use-cases/attendance.ts: a late arrival is still a `late` violation, in the same
// transaction). The rules of the token are shared/domain/check-in-token.ts; its key is the
// district's own secret, kept in the district table like the platform's secrets.
//
// Refusals never check anyone in: an unreadable, forged or altered token (or a code that completes
// to no booking) → 400 VALIDATION_FAILED; a genuine one of another center → 403 FORBIDDEN; one
// outside its validity (before an hour ahead of the session, after the last admission) → 409
// INVALID_STATE. A second scan of a booking already checked in answers what the first did
// (`repeated: true`), without a second violation: a scanner that fires twice is harmless.
import { findCenter } from '../config';
import { checkInSecret } from '../adapters/cursor-key';
import { bookingAtQueueNumber, ensureParty, getBooking } from '../adapters/booking-repository';
import { staffCenter, tableOfId } from '../centers';
import { codeHolds, outsideValidity, parseCode, parseToken, signToken, tokenSignatureHolds, validFrom, type TokenBooking } from '../domain/check-in-token';
import type { Booking } from '../domain/booking';
import { AppError, Forbidden, InvalidState, ValidationFailed } from '../errors';
import { districtOfId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiIso } from '../time';
import { checkIn } from './attendance';
import { namesFor, queueBookingView } from './read-bookings';

const tokenBookingOf = (b: Booking): TokenBooking => ({
  bookingId: b.bookingId,
  centerId: b.centerId,
  slotId: b.slotId,
  sessionStart: b.sessionStart,
  lastAdmission: b.lastAdmission,
});

const hhmm = (d: Date): string => shanghaiIso(d).slice(11, 16);

/** GET /bookings/{b}/check-in-token: for anyone named on the booking, while it can still be checked in. */
export async function checkInToken(principal: Principal, bookingId: string) {
  const table = tableOfId(bookingId, 'bk', '预约');
  const booking = ensureParty(await getBooking(table, bookingId), principal.userId);
  if (booking.status !== 'booked' && booking.status !== 'checked_in') throw new InvalidState('该预约已撤销、已结束或已记爽约，没有签到码');
  const signed = signToken(await checkInSecret(table), { ...tokenBookingOf(booking), queueNumber: booking.queueNumber });
  return {
    bookingId,
    status: booking.status,
    token: signed.token,
    code: signed.code,
    validFrom: shanghaiIso(signed.validFrom),
    validUntil: shanghaiIso(signed.validUntil),
  };
}

const INVALID_TOKEN = '签到码无效：无法识别，或已被改动，或预约已变更。请律师刷新预约页面后重新出示二维码';
const INVALID_CODE = '签到短码无效：请核对本所当日的短码（如 AM12-7KQ4MX），或请律师刷新预约页面后重新出示';
const invalid = (field: 'token' | 'code') => {
  const message = field === 'token' ? INVALID_TOKEN : INVALID_CODE;
  return new ValidationFailed(message, { issues: [{ field: `body.${field}`, message }] });
};
const otherCenter = (centerName?: string) => new Forbidden(`该签到码是${centerName ?? '其他看守所'}的预约，不能在本所签到`);

/** The booking a token names, if the token is genuine and the booking is this center's. */
async function bookingOfToken(table: string, districtId: string, centerId: string, token: string): Promise<Booking> {
  const parsed = parseToken(token);
  if (!parsed) throw invalid('token');
  // A booking of another district is another center's; this district cannot even check its signature.
  if (districtOfId(parsed.bookingId, 'bk') !== districtId) throw otherCenter();
  const booking = await getBooking(table, parsed.bookingId);
  if (!booking || !tokenSignatureHolds(await checkInSecret(table), tokenBookingOf(booking), parsed)) throw invalid('token');
  if (booking.centerId !== centerId) throw otherCenter(findCenter(booking.centerId)?.name);
  return booking;
}

/** The booking a short code names: this center, today, the code's session and queue number (GSI1). */
async function bookingOfCode(table: string, centerId: string, code: string, now: Date): Promise<Booking> {
  const parsed = parseCode(code);
  if (!parsed) throw invalid('code');
  const session = findCenter(centerId)!.sessions.find((s) => s.name === parsed.sessionName);
  if (!session) throw invalid('code');
  const found = await bookingAtQueueNumber(table, centerId, shanghaiDate(now), session.start, parsed.queueNumber);
  if (!found || !codeHolds(await checkInSecret(table), tokenBookingOf(found), parsed.mac)) throw invalid('code');
  return found;
}

async function answerOf(table: string, booking: Booking, repeated: boolean) {
  const names = await namesFor([{ table, booking }]);
  return {
    status: 'checked_in' as const,
    late: booking.late === true,
    arrivedAt: booking.arrivedAt ?? null,
    repeated,
    booking: queueBookingView(booking, names),
  };
}

/** POST /centers/{c}/check-ins {token} | {code}: the desk scans or types, the booking is checked in. */
export async function checkInByCode(principal: Principal, centerId: string, input: { token?: string; code?: string }, now: Date) {
  const { center, table } = staffCenter(principal, centerId);
  const booking = input.token !== undefined ? await bookingOfToken(table, center.districtId, centerId, input.token) : await bookingOfCode(table, centerId, input.code ?? '', now);
  const token = tokenBookingOf(booking);
  const outside = outsideValidity(token, now);
  if (outside === 'not_yet') throw new InvalidState(`签到码尚未生效：会见当日 ${hhmm(validFrom(token))} 起（时段开始前 1 小时）方可签到`);
  if (outside === 'expired') throw new InvalidState(`签到码已过期：该时段最后入所时间 ${hhmm(new Date(booking.lastAdmission))} 已过`);
  if (booking.status === 'checked_in') return answerOf(table, booking, true);
  try {
    await checkIn(principal, booking.bookingId, now, now);
  } catch (e) {
    // Two scans at once: the one that lost sees the booking checked in by the other.
    const current = e instanceof AppError && e.code === 'INVALID_STATE' ? await getBooking(table, booking.bookingId) : undefined;
    if (current?.status === 'checked_in') return answerOf(table, current, true);
    throw e;
  }
  return answerOf(table, (await getBooking(table, booking.bookingId))!, false);
}
