// A meeting request relayed by a center (R15): the detainee asks to see their lawyers, who are told
// and reminded. The record as stored and the reminder's rules; the use cases are in
// shared/use-cases/meeting-requests.ts, the store in shared/adapters/meeting-request-repository.ts.

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

/** A day without a booking, then one reminder (R15). */
export const REMIND_AFTER_MS = 24 * 3600 * 1000;

export const remindAtOf = (createdAt: Date): Date => new Date(createdAt.getTime() + REMIND_AFTER_MS);

/**
 * Whether a booking already answers the request: one of the detainee's lawyers holds a session that
 * starts after the request was made. The request closes by itself with a booking made after it; a
 * booking made before it (the lawyer had already booked when the detainee asked) must also keep the
 * reminder from saying "目前尚无律师预约" (issue 18). `sessionStarts`: the pairs' held sessions.
 */
export const answeredByBooking = (sessionStarts: readonly string[], requestedAt: string): boolean => sessionStarts.some((start) => Date.parse(start) > Date.parse(requestedAt));

/** The lawyers a reminder goes to: those told at first that are still bound now (R15). */
export const reminderRecipients = (notified: string[], boundNow: string[]): string[] => notified.filter((id) => boundNow.includes(id));
