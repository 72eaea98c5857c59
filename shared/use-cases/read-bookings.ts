// Read models of bookings: the detail its lawyers see and the front desk's day queue, both naming
// the people and places behind the ids (SPEC 7.3). Names are read in batches per answer
// (shared/adapters/people-directory.ts), so a page costs the same few requests however long it is.
import { CONDUCT_RULES, type Booking } from '../domain/booking';
import { lawyersOnBooking, partiesOf, placeOf } from '../domain/booking-view';
import type { BookingNames } from '../adapters/people-directory';
import type { CalledBooking } from '../domain/queue-calling';

export { lawyersOnBooking, partiesOf, placeOf, type BookingRole } from '../domain/booking-view';
export { namesFor, type BookingNames } from '../adapters/people-directory';

/** The booking's call (issue 20), for the front desk's 叫号/重呼/过号 buttons; null before the first. */
const callOf = (b: CalledBooking) =>
  b.callState ? { state: b.callState, calledAt: b.calledAt ?? null, callCount: b.callCount ?? 0, skippedAt: b.skippedAt ?? null, skipReason: b.skipReason ?? null } : null;

export function bookingDetail(b: Booking) {
  return {
    bookingId: b.bookingId,
    status: b.status,
    centerId: b.centerId,
    detaineeId: b.detaineeId,
    slotId: b.slotId,
    date: b.date,
    start: b.sessionStart,
    lastAdmission: b.lastAdmission,
    queueNumber: b.queueNumber,
    leadLawyerId: b.leadLawyerId,
    lawyerIds: b.lawyerIds,
    coCounselLawyerIds: b.coCounselLawyerIds,
    internLawyerIds: b.internLawyerIds,
    rules: [...CONDUCT_RULES],
    createdAt: b.createdAt,
    cancelledAt: b.cancelledAt ?? null,
    ...(b.status === 'cancelled_by_center' && b.cancelReason ? { cancelReason: b.cancelReason } : {}),
    room: b.room ? { roomType: b.room.roomType, roomNo: b.room.roomNo, assignedAt: b.room.assignedAt, consentPending: b.room.consentPending === true } : null,
    consent: b.consent
      ? { consentId: b.consent.consentId, kind: b.consent.kind, textVersion: b.consent.textVersion, signedBy: b.consent.signedBy, signedAt: b.consent.signedAt }
      : null,
  };
}

/** GET /bookings, GET /bookings/{id}: the detail plus where, when and with whom. */
export function lawyerBookingView(b: Booking, names: BookingNames) {
  return { ...bookingDetail(b), ...placeOf(b), detaineeName: names.detainees.get(b.detaineeId) ?? '', lawyers: lawyersOnBooking(b, names) };
}

/** The front desk's day queue: every named person with what is checked at the window. */
export function queueBookingView(b: Booking, names: BookingNames) {
  return {
    ...bookingDetail(b),
    ...placeOf(b),
    detaineeName: names.detainees.get(b.detaineeId) ?? '',
    lawyers: partiesOf(b).map(({ lawyerId, role }) => {
      const card = names.lawyers.get(lawyerId);
      return { lawyerId, name: card?.name ?? '', licenseNo: card?.licenseNo ?? '', lawFirm: card?.lawFirm ?? '', phone: card?.phone ?? '', role };
    }),
    call: callOf(b),
  };
}
