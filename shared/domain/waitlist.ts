// A lawyer waiting for a place in a full session (B3): the entry as stored. The store is
// shared/adapters/waitlist-repository.ts.

export interface WaitlistEntry {
  waitlistId: string;
  centerId: string;
  slotId: string;
  detaineeId: string;
  lawyerId: string;
  licenseNo: string;
  createdAt: string;
  /** Arrival order within the session (time-sortable id). */
  sortKey: string;
}
