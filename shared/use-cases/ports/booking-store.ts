// The booking store: what POST /bookings needs from storage, as the use case sees it
// (shared/use-cases/book-slot.ts). The DynamoDB adapter (shared/adapters/booking-store.ts) answers
// the first read in one round trip — with the hold on a place (issue 19) taken beside it — and
// commits an attempt as one transaction that converts the hold; a unit test drives the use case's
// retry rules through a fake of it.
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
  /** The hold on a place taken beside the read (issue 19): its id is the booking's id. */
  hold: HoldRequest;
}

export interface HoldRequest {
  center: Pick<CenterEntry, 'centerId' | 'placesPerSession'>;
  slot: Slot;
  holdId: string;
  now: Date;
}

/** What the hold came to: taken (the session as the hold left it) or refused (the session as found). */
export type HoldOutcome = { taken: true; session: SessionState } | { taken: false; session: SessionState };

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
  hold: HoldOutcome;
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
  /** The booking converts this hold (its place) in the transaction. */
  holdId: string;
  booking: Booking;
  parties: BookingParties;
  view: BookingView;
  seen: SeenState;
  idempotency: IdempotencyContext;
  now: Date;
}

export interface BookingStore {
  /** One round trip: the read, the attempt counter and the hold on a place, in parallel. */
  firstRead(query: FirstReadQuery): Promise<FirstRead>;
  /** A hold taken again (the first one was reclaimed after it expired). */
  hold(table: string, request: HoldRequest): Promise<HoldOutcome>;
  /** Gives the hold's place back (the booking was refused); nothing when it was converted or reclaimed. */
  giveBack(table: string, request: HoldRequest): Promise<void>;
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
