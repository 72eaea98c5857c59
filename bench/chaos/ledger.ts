// What the chaos run knows for certain: every write the server acknowledged (a 2xx answer), what
// each write may have done when it got no answer (a kill while it was in flight), and the problems
// the checker found, by kind.
import type { Lawyer } from '../lib/api';

/** A bound lawyer–detainee pair the workload books for. */
export interface ChaosPair {
  centerId: string;
  lawyer: Lawyer;
  detaineeId: string;
}

export interface BookingBody {
  centerId: string;
  detaineeId: string;
  slotId: string;
}

export interface AckedBooking {
  bookingId: string;
  key: string;
  body: BookingBody;
  lawyer: Lawyer;
  queueNumber: number;
  /** performance.now() when the request was sent and when its 2xx answer arrived. */
  sentAt: number;
  ackedAt: number;
  /** The status the last acknowledged write (or the last check) left it in. */
  status: string;
  /** Statuses a write that got no answer may have applied (cleared by the next check). */
  maybe: Set<string>;
  /** An acknowledged cancellation's Idempotency-Key (its replay must answer the same). */
  cancelKey?: string;
  /** A write on it is in flight: the workload sends one at a time per booking. */
  busy: boolean;
}

export interface AckedDetainee {
  centerId: string;
  detaineeId: string;
}

export interface AckedBinding {
  centerId: string;
  detaineeId: string;
  bindingId: string;
  lawyerId: string;
}

export interface AckedWaitlist {
  waitlistId: string;
  pair: ChaosPair;
  slotId: string;
  /** 'joined' (acknowledged join), 'left' (acknowledged leave), 'promoted' (the checker found its booking); `maybeLeft`: a leave got no answer. */
  state: 'joined' | 'left' | 'promoted';
  maybeLeft: boolean;
  busy: boolean;
}

export class Ledger {
  readonly bookings = new Map<string, AckedBooking>();
  readonly detainees: AckedDetainee[] = [];
  readonly bindings: AckedBinding[] = [];
  readonly waitlist = new Map<string, AckedWaitlist>();
  readonly pairs: ChaosPair[] = [];
  /** Acknowledged writes by kind (seeding included). */
  readonly acked: Record<string, number> = {};

  ack(kind: string): void {
    this.acked[kind] = (this.acked[kind] ?? 0) + 1;
  }

  get ackedTotal(): number {
    return Object.values(this.acked).reduce((a, b) => a + b, 0);
  }
}

export class Problems {
  readonly counts: Record<string, number> = {};
  readonly samples: Record<string, string[]> = {};
  private readonly subjects = new Set<string>();

  /** One problem of `kind`; with a `subject` (a booking id, a key), that subject counts once per kind however many checks see it. */
  add(kind: string, detail: string, subject?: string): void {
    if (subject !== undefined) {
      if (this.subjects.has(`${kind}|${subject}`)) return;
      this.subjects.add(`${kind}|${subject}`);
    }
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    const list = (this.samples[kind] ??= []);
    if (list.length < 5) list.push(detail);
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}

/** Answers the workload got, by operation and outcome (`201`, `409 SLOT_FULL`, `no answer`, …). */
export class Tally {
  readonly byOp: Record<string, Record<string, number>> = {};

  add(op: string, outcome: string): void {
    const row = (this.byOp[op] ??= {});
    row[outcome] = (row[outcome] ?? 0) + 1;
  }

  get operations(): number {
    return Object.values(this.byOp).reduce((n, row) => n + Object.values(row).reduce((a, b) => a + b, 0), 0);
  }
}

/** mulberry32: a small seeded generator, so a run's choices can be replayed with CHAOS_SEED. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
