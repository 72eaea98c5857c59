// Read models of bookings: the detail a party sees, and the center's day queue for staff.
import { CONDUCT_RULES } from '../domain/booking';
import type { Booking } from '../adapters/booking-repository';

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
    room: b.room ? { roomType: b.room.roomType, roomNo: b.room.roomNo, assignedAt: b.room.assignedAt, consentPending: b.room.consentPending === true } : null,
    consent: b.consent
      ? { consentId: b.consent.consentId, kind: b.consent.kind, textVersion: b.consent.textVersion, signedBy: b.consent.signedBy, signedAt: b.consent.signedAt }
      : null,
  };
}
