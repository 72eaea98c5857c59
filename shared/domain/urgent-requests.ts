// An urgent request (B2): a lawyer asks the center to place a meeting within 48 hours when no place
// is free. The record as stored, the view of it and the pure rules of the guarantee; the store is
// shared/adapters/urgent-request-repository.ts, the use cases shared/use-cases/urgent-requests.ts.
import type { Slot } from './sessions';

export interface UrgentRequest {
  requestId: string;
  centerId: string;
  detaineeId: string;
  lawyerId: string;
  licenseNo: string;
  /** `closed`: the lawyer's binding ended (release, transfer, withdrawal — B4) before it was placed. */
  status: 'open' | 'placed' | 'closed';
  createdAt: string;
  deadline: string;
  alertedAt?: string;
  closedAt?: string;
  placedAt?: string;
  placedBy?: string;
  bookingId?: string;
  slotId?: string;
  placedOnTime?: boolean;
}

export interface UrgentRequestView {
  requestId: string;
  centerId: string;
  detaineeId: string;
  lawyerId: string;
  status: 'open' | 'placed' | 'closed';
  createdAt: string;
  deadline: string;
  atRisk: boolean;
  overdue: boolean;
  alertedAt: string | null;
  placedAt: string | null;
  placedOnTime: boolean | null;
  bookingId: string | null;
}

const HOUR_MS = 3600 * 1000;
/** B2: the meeting must be arranged within 48 hours of the request. */
export const GUARANTEE_MS = 48 * HOUR_MS;
/** Unplaced this long before the deadline: at risk, staff and admins are alerted. */
export const ALERT_BEFORE_MS = 12 * HOUR_MS;

export const deadlineOf = (filedAt: Date): Date => new Date(filedAt.getTime() + GUARANTEE_MS);

/** Open and within 12 hours of the deadline (or past it). */
export const isAtRisk = (r: Pick<UrgentRequest, 'status' | 'deadline'>, now: Date): boolean =>
  r.status === 'open' && new Date(r.deadline).getTime() - ALERT_BEFORE_MS <= now.getTime();

export const isOverdue = (r: Pick<UrgentRequest, 'status' | 'deadline'>, now: Date): boolean => r.status === 'open' && now.getTime() > new Date(r.deadline).getTime();

/** A placement keeps the guarantee when the meeting starts by the deadline. */
export const startsByDeadline = (slot: Pick<Slot, 'start'>, deadline: string): boolean => slot.start.getTime() <= new Date(deadline).getTime();

/** The latest deadline the alert pass reads at `now`: everything due within 12 hours. */
export const alertHorizon = (now: Date): Date => new Date(now.getTime() + ALERT_BEFORE_MS);

export function urgentRequestView(r: UrgentRequest, now: Date): UrgentRequestView {
  return {
    requestId: r.requestId,
    centerId: r.centerId,
    detaineeId: r.detaineeId,
    lawyerId: r.lawyerId,
    status: r.status,
    createdAt: r.createdAt,
    deadline: r.deadline,
    atRisk: isAtRisk(r, now),
    overdue: isOverdue(r, now),
    alertedAt: r.alertedAt ?? null,
    placedAt: r.placedAt ?? null,
    placedOnTime: r.status === 'placed' ? Boolean(r.placedOnTime) : null,
    bookingId: r.bookingId ?? null,
  };
}
