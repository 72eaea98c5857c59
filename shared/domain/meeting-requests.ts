// A meeting request relayed by a center (R15): the detainee asks to see their lawyers, who are told
// and reminded. The record as stored; the use cases are in shared/use-cases/meeting-requests.ts.

export type MeetingRequestStatus = 'open' | 'no-lawyer' | 'closed';

export interface MeetingRequest {
  requestId: string;
  centerId: string;
  detaineeId: string;
  message?: string;
  notifiedLawyerIds: string[];
  createdAt: string;
  /** When the lawyers are reminded if nobody booked by then. */
  remindAt: string;
  status: MeetingRequestStatus;
  remindedAt?: string;
  closedAt?: string;
  /** The booking that answered the request. */
  closedByBookingId?: string;
  /** A later request of the same detainee that replaced this one. */
  closedByRequestId?: string;
}
