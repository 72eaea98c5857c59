// Read models of bookings: the detail its lawyers see and the front desk's day queue, both naming
// the people and places behind the ids (SPEC 7.3). Names are read in batches per answer
// (shared/adapters/people-directory.ts), so a page costs the same few requests however long it is.
import { findCenter } from '../config';
import { CONDUCT_RULES, type Booking } from '../domain/booking';
import { resolveSlot } from '../domain/sessions';
import { detaineeNames, lawyerCards, type LawyerCard } from '../adapters/people-directory';
import { shanghaiIso } from '../time';
import type { CalledBooking } from '../domain/queue-calling';

/** The booking's call (issue 20), for the front desk's 叫号/重呼/过号 buttons; null before the first. */
const callOf = (b: CalledBooking) =>
  b.callState ? { state: b.callState, calledAt: b.calledAt ?? null, callCount: b.callCount ?? 0, skippedAt: b.skippedAt ?? null, skipReason: b.skipReason ?? null } : null;

export type BookingRole = 'lead' | 'co-counsel' | 'intern';

/** Who the booking names, in the order of `lawyerIds` (lead, co-counsel, interns). */
export function partiesOf(b: Pick<Booking, 'leadLawyerId' | 'coCounselLawyerIds' | 'internLawyerIds'>): { lawyerId: string; role: BookingRole }[] {
  return [
    { lawyerId: b.leadLawyerId, role: 'lead' as const },
    ...b.coCounselLawyerIds.map((lawyerId) => ({ lawyerId, role: 'co-counsel' as const })),
    ...b.internLawyerIds.map((lawyerId) => ({ lawyerId, role: 'intern' as const })),
  ];
}

/** Where and when: the center's name and the session's end, from the district config. */
export function placeOf(b: Pick<Booking, 'centerId' | 'slotId' | 'lastAdmission'>): { centerName: string; end: string } {
  const center = findCenter(b.centerId);
  const slot = center ? resolveSlot(center, b.slotId) : undefined;
  // A session template renamed in the config no longer resolves old slot ids: its last admission
  // is then the latest time the booking is known to cover.
  return { centerName: center?.name ?? b.centerId, end: slot ? shanghaiIso(slot.end) : b.lastAdmission };
}

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

/** The names every booking answer needs, read once for a whole list (one table per district). */
export interface BookingNames {
  lawyers: Map<string, LawyerCard>;
  detainees: Map<string, string>;
}

export async function namesFor(bookings: readonly { table: string; booking: Booking }[]): Promise<BookingNames> {
  const byTable = new Map<string, string[]>();
  for (const { table, booking } of bookings) byTable.set(table, [...(byTable.get(table) ?? []), booking.detaineeId]);
  const [lawyers, ...perTable] = await Promise.all([
    lawyerCards(bookings.flatMap(({ booking }) => booking.lawyerIds)),
    ...[...byTable].map(([table, ids]) => detaineeNames(table, ids)),
  ]);
  return { lawyers, detainees: new Map(perTable.flatMap((m) => [...m])) };
}

/** The people of a booking as its lawyers see them: name and role (B9 keeps them from investigators). */
export function lawyersOnBooking(b: Booking, names: BookingNames) {
  return partiesOf(b).map(({ lawyerId, role }) => ({ lawyerId, name: names.lawyers.get(lawyerId)?.name ?? '', role }));
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
