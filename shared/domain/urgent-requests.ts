// An urgent request (B2): a lawyer asks the center to place a meeting within 48 hours when no place
// is free. The record as stored; the rules and the store are in shared/use-cases/urgent-requests.ts.

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
