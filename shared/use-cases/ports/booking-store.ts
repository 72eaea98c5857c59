// The booking store: what POST /bookings needs from storage, as the use case sees it
// (shared/use-cases/book-slot.ts). The DynamoDB adapter (shared/adapters/booking-store.ts) answers
// the first read in one round trip and commits an attempt as one transaction; a unit test drives the
// use case's retry rules through a fake of it.
import type { Booking, BookingParties, PairState, Party } from '../../domain/booking';
import type { SessionState, Slot } from '../../domain/sessions';
import type { CenterEntry } from '../../config';
import type { IdempotencyContext } from './idempotency';

/** The answer as stored with the idempotency record (the contract v1 fields): replays answer it again. */
export interface BookingView {
  bookingId: string;
  status: 'booked';
  centerId: string;
  detaineeId: string;
  slotId: string;
  queueNumber: number;
  lawyerIds: string[];
  rules: string[];
  createdAt: string;
}

/** SPEC 7.3: the answer names the center, the detainee and the lawyers, and says when the session runs. */
export interface NamedBookingView extends BookingView {
  start: string;
  end: string;
  centerName: string;
  detaineeName: string;
  lawyers: { lawyerId: string; name: string; role: 'lead' | 'co-counsel' | 'intern' }[];
}

export interface FirstReadQuery {
  table: string;
  centerId: string;
  slotId: string;
  detaineeId: string;
  /** Lead, co-counsel and interns as the request names them. */
  namedIds: string[];
  /** Those who would be practising lawyers (lead and co-counsel): their pairs with the detainee are read. */
  practisingIds: string[];
  idempotency: IdempotencyContext;
}

/** Everything a booking depends on, read at once, with the attempt counted beside it (B5). */
export interface FirstRead {
  /** The stored answer of this idempotency key (a key that served another request throws 409). */
  replay: BookingView | undefined;
  /** The attempt counter's refusal (429 RATE_LIMITED), if the limit was reached. */
  rateLimited: Error | undefined;
  /** The confirmed lawyer and intern accounts among the named ids (others are missing). */
  parties: Map<string, Party>;
  session: SessionState;
  /** Each practising candidate's pair with the detainee (version 0 when none yet). */
  pairs: Map<string, PairState>;
  /** The detainee's open request to meet (R15), which the booking closes. */
  openMeetingRequest: string | undefined;
  detaineeName: string;
}

/** What one attempt is conditional on, as last seen. */
export interface SeenState {
  session: SessionState;
  pairs: PairState[];
  openMeetingRequest: string | undefined;
}

/** Told what beat an attempt, from its failed conditions: the next attempt starts from it. */
export interface AttemptObserver {
  session: (current: SessionState) => void;
  pair: (current: PairState) => void;
  meetingRequest: (current: string | undefined) => void;
  /** A twin request with the same key committed first. */
  twin: () => void;
}

export interface BookingAttempt {
  table: string;
  center: Pick<CenterEntry, 'centerId' | 'placesPerSession'>;
  slot: Slot;
  booking: Booking;
  parties: BookingParties;
  view: BookingView;
  seen: SeenState;
  idempotency: IdempotencyContext;
  now: Date;
}

export interface BookingStore {
  /** One round trip: the read and the attempt counter, in parallel. */
  firstRead(query: FirstReadQuery): Promise<FirstRead>;
  /** The session alone, as it is now (after a lost race). */
  readSession(table: string, centerId: string, slotId: string): Promise<SessionState>;
  /** The stored answer of an earlier request with this key. */
  findReplay(idempotency: IdempotencyContext): Promise<BookingView | undefined>;
  /** A stored answer with the people named as they are now. */
  nameReplay(view: BookingView): Promise<NamedBookingView>;
  /**
   * One transaction: the booking with everything it writes and checks. 'retry' when a version moved
   * (the observer was told what moved); a refused condition throws its contract error.
   */
  commit(attempt: BookingAttempt, observer: AttemptObserver): Promise<'committed' | 'retry'>;
}
