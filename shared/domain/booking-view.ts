// What every answer about a booking says of who is on it and where it runs (SPEC 7.3): the parties
// in the order of `lawyerIds`, and the center's name and the session's end from the district config.
// Shared by the read models (shared/use-cases/read-bookings.ts) and the stored answer of a booking
// replayed (shared/adapters/booking-store.ts).
import { findCenter } from '../config';
import { shanghaiIso } from '../time';
import type { Booking } from './booking';
import { resolveSlot } from './sessions';

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

/** The people of a booking as its lawyers see them: name and role (B9 keeps them from investigators). */
export function lawyersOnBooking(b: Booking, names: { lawyers: ReadonlyMap<string, { name: string }> }) {
  return partiesOf(b).map(({ lawyerId, role }) => ({ lawyerId, name: names.lawyers.get(lawyerId)?.name ?? '', role }));
}
