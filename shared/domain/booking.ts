// A booking as stored (`Booking`), who may be named on one (R11, R11a, R12) and what the confirmation
// tells the lawyer (R13). Pure rules over already-loaded profiles; the database then re-checks what
// can change under us (bindings, lockouts, places) inside the booking transaction
// (shared/adapters/booking-repository.ts).
import { Forbidden, ValidationFailed, InternMustBeAccompanied } from '../errors';
import { isFuture } from './sessions';

export interface Party {
  lawyerId: string;
  role: 'lawyer' | 'intern';
  licenseNo: string;
  /** The law firm of the registration (as the registry holds it): interns attend under their own firm's lawyer (R11a). */
  lawFirm: string;
  name: string;
}

export interface BookingParties {
  lead: Party;
  coCounsel: Party[];
  interns: Party[];
}

export const MAX_CO_COUNSEL = 1;
export const MAX_INTERNS = 2;

/** R13 (notice 三.7, 三.8): sent with every confirmation. */
export const CONDUCT_RULES = [
  '会见时不得携带手机、笔记本电脑等具有录音、录像功能的设备进入会见区域。',
  '会见室内禁止吸烟。',
  '严禁为被监管人员传递与案件无关的物品。',
  '会见须严格遵守看守所相关工作规定，并于预约时段内结束会见。',
  '实习人员不得单独会见，须由执业律师带领。',
] as const;

const firmOf = (p: Party) => p.lawFirm.replace(/\s+/g, '');

/**
 * Checks the party of a booking: the lead is a practising lawyer (an intern → 403), at most one
 * co-counsel who is also practising (R12), interns only as interns and only of the lead's law firm
 * (R11a: they attend under the lead's binding, so they need none of their own), nobody twice.
 */
export function checkParties(parties: BookingParties): void {
  if (parties.lead.role !== 'lawyer') throw new InternMustBeAccompanied();
  if (parties.coCounsel.length > MAX_CO_COUNSEL) throw new ValidationFailed(`共同辩护律师最多 ${MAX_CO_COUNSEL} 名`);
  if (parties.interns.length > MAX_INTERNS) throw new ValidationFailed(`随同实习人员最多 ${MAX_INTERNS} 名`);
  for (const c of parties.coCounsel) if (c.role !== 'lawyer') throw new ValidationFailed(`${c.name}（${c.licenseNo}）是实习人员，不能列为共同辩护律师；请列入随同实习人员`);
  for (const i of parties.interns) if (i.role !== 'intern') throw new ValidationFailed(`${i.name}（${i.licenseNo}）是执业律师，不能列为随同实习人员；请列为共同辩护律师`);
  for (const i of parties.interns) {
    if (firmOf(i) !== firmOf(parties.lead)) {
      throw new Forbidden(`实习人员${i.name}（${i.licenseNo}）登记在“${i.lawFirm}”，不是您所在的“${parties.lead.lawFirm}”的实习人员：只能列明本所的实习人员随同会见`);
    }
  }
  const ids = allParties(parties).map((p) => p.lawyerId);
  if (new Set(ids).size !== ids.length) throw new ValidationFailed('同一人不能在预约中重复列明');
}

export const allParties = (p: BookingParties): Party[] => [p.lead, ...p.coCounsel, ...p.interns];
/** Practising lawyers of the booking: each must be bound (R2), and is held to one booking per session and the pair cap. */
export const practising = (p: BookingParties): Party[] => [p.lead, ...p.coCounsel];

/** Live future bookings a lawyer–detainee pair may hold at once (B5), after dropping past ones. */
export function pairCapReached(liveFutureSlots: number, cap: number): boolean {
  return liveFutureSlots >= cap;
}

export type BookingStatus = 'booked' | 'cancelled' | 'cancelled_by_center' | 'checked_in' | 'completed' | 'no_show';

export interface Booking {
  bookingId: string;
  status: BookingStatus;
  centerId: string;
  detaineeId: string;
  slotId: string;
  date: string;
  sessionStart: string;
  lastAdmission: string;
  queueNumber: number;
  leadLawyerId: string;
  coCounselLawyerIds: string[];
  internLawyerIds: string[];
  lawyerIds: string[];
  createdAt: string;
  cancelledAt?: string;
  lateCancel?: boolean;
  fromWaitlistId?: string;
  /** Who cancelled: a lawyer's id, or the staff member behind a center cancellation. */
  cancelledBy?: string;
  /** Why the center cancelled (R4, B4, B6): the unavailability, closure or release reason. */
  cancelReason?: string;
  /** The unavailability, closure or release that cancelled it. */
  cancelledByActionId?: string;
  /** Set at check-in (R3). */
  checkedInAt?: string;
  /** When the lawyer arrived, as staff keyed it in at check-in. */
  arrivedAt?: string;
  late?: boolean;
  /** The room staff assigned (R8). `consentPending`: an interrogation room waiting for the lawyer's consent. */
  room?: { roomType: RoomType; roomNo: string; assignedAt: string; assignedBy: string; consentPending?: boolean };
  /** The signed consent notice for an interrogation room (R8). */
  consent?: { consentId: string; kind: 'interrogation-room'; textVersion: string; signedBy: string; signedAt: string };
  /** The urgent request (B2) this booking was placed for. */
  urgentRequestId?: string;
}

/** The two kinds of room a lawyer can be given for a meeting (R8). */
export type RoomType = 'meeting' | 'interrogation';

/** A pair's live future slots as stored (slotId → session start), with its optimistic version. */
export interface PairState {
  lawyerId: string;
  version: number;
  slots: Record<string, string>;
}

/** Live future slots of a pair at `now` (past sessions no longer count toward the cap). */
export const liveFutureSlots = (pair: PairState, now: Date): Record<string, string> =>
  Object.fromEntries(Object.entries(pair.slots).filter(([, start]) => isFuture({ start: new Date(start) }, now)));

/** Every named id must be a confirmed lawyer's or intern's account (400 VALIDATION_FAILED names the others). */
export function requireParties(lawyerIds: string[], found: Map<string, Party>): Map<string, Party> {
  const missing = lawyerIds.filter((id) => !found.has(id));
  if (missing.length) throw new ValidationFailed(`律师账号不存在或尚未确认：${missing.join('、')}`);
  return found;
}
