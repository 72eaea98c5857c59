// The mixed concurrent workload: bookings (each with its own Idempotency-Key), cancellations,
// waitlist joins and leaves, check-ins, sweeps, detainee registrations and bindings. Every 2xx write
// is recorded in the ledger the moment its answer arrives; a write that got no answer records what
// it may have done. The kill switch fires the `kill -9` from inside this flow, so "0 ms after the
// answer" means: in the same tick the answer was read, before anything else runs.
import { randomUUID } from 'node:crypto';
import { call, outcome, type Answer } from './http';
import type { AckedBooking, BookingBody, ChaosPair, Ledger, Problems, Tally } from './ledger';

export interface Session {
  centerId: string;
  slotId: string;
  date: string;
}

export type KillKind = 'after-ack-0ms' | 'after-ack-delay' | 'mid-request';

export interface KillPlan {
  kind: KillKind;
  /** The kill waits for the operation with this index (within the phase) or a later one. */
  trigger: number;
  delayMs: number;
  /** Only acknowledgements of these writes trigger it (default: any write). */
  after?: readonly string[];
}

export class KillSwitch {
  armed = false;
  fired = false;
  firedAt = 0;
  /** What the kill followed (the acknowledged write, or the request it interrupted). */
  what = '';

  constructor(
    readonly plan: KillPlan | undefined,
    private readonly kill: () => void,
  ) {}

  private fire(): void {
    if (this.fired) return;
    this.fired = true;
    this.firedAt = performance.now();
    this.kill();
  }

  private arm(what: string): void {
    this.armed = true;
    this.what = what;
    if (this.plan!.delayMs === 0) this.fire();
    else setTimeout(() => this.fire(), this.plan!.delayMs);
  }

  /** A request of operation `op` was just sent. */
  sent(op: number, what: string): void {
    if (this.plan?.kind === 'mid-request' && !this.armed && op >= this.plan.trigger) this.arm(`during ${what}`);
  }

  /** A write (`kind`: booking, cancellation, …) of operation `op` was just acknowledged (2xx). */
  acked(op: number, kind: string, what: string): void {
    if (!this.plan || this.plan.kind === 'mid-request' || this.armed || op < this.plan.trigger) return;
    if (this.plan.after && !this.plan.after.includes(kind)) return;
    this.arm(`after ${what}`);
  }

  /** Kills now whatever the plan (the phase ran out of operations before its trigger). */
  now(what: string): void {
    if (this.armed) return;
    this.armed = true;
    this.what = what;
    this.fire();
  }
}

export interface WorkloadContext {
  url: string;
  staffToken: string;
  ledger: Ledger;
  problems: Problems;
  tally: Tally;
  sessions: Session[];
  /** The clock's day: only its sessions can be checked in. */
  today: string;
  rand: () => number;
  /** Lawyers of each center (bindings of new detainees pick one). */
  lawyersByCenter: Map<string, ChaosPair['lawyer'][]>;
}

const WEIGHTS: [Op, number][] = [
  ['book', 34],
  ['cancel', 14],
  ['check-in', 8],
  ['waitlist-join', 12],
  ['waitlist-leave', 6],
  ['sweep', 4],
  ['detainee', 8],
  ['binding', 6],
  ['replay', 4],
];
type Op = 'book' | 'cancel' | 'check-in' | 'waitlist-join' | 'waitlist-leave' | 'sweep' | 'detainee' | 'binding' | 'replay';

export class Workload {
  /** Pairs that were just refused with SLOT_FULL: the next waitlist join queues them there. */
  private readonly fullSeen: { pair: ChaosPair; slotId: string }[] = [];
  private readonly unboundDetainees: { centerId: string; detaineeId: string }[] = [];
  /** 5xx answers that came before any kill (a 500 is never an answer the contract allows). */
  serverErrors = 0;

  constructor(private readonly ctx: WorkloadContext) {}

  private pick<T>(items: readonly T[]): T | undefined {
    return items.length ? items[Math.floor(this.ctx.rand() * items.length)] : undefined;
  }

  private chooseOp(): Op {
    const total = WEIGHTS.reduce((n, [, w]) => n + w, 0);
    let r = this.ctx.rand() * total;
    for (const [op, w] of WEIGHTS) {
      r -= w;
      if (r < 0) return op;
    }
    return 'book';
  }

  /** Runs `count` operations with `concurrency` in flight, until done or the kill switch fires. */
  async runPhase(count: number, concurrency: number, kill: KillSwitch): Promise<number> {
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count && !kill.fired) {
          const i = next++;
          await this.runOp(i, this.chooseOp(), kill);
          done++;
        }
      }),
    );
    // The trigger was not reached (too few writes acknowledged after it): book until one is.
    for (let extra = 0; kill.plan && !kill.armed && extra < 50; extra++) {
      await this.runOp(count + extra, 'book', kill);
      done++;
    }
    if (!kill.armed && kill.plan) kill.now('end of phase');
    return done;
  }

  /** An answer the server gave: 5xx before a kill is a problem; no answer or 5xx after one is "unknown outcome". */
  private unknown(a: Answer, kill: KillSwitch, what: string): boolean {
    if (a.status === 0) return true;
    if (a.status >= 500) {
      if (!kill.fired || a.answeredAt < kill.firedAt) {
        this.serverErrors++;
        this.ctx.problems.add('5xx answer', `${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
      }
      return true;
    }
    return false;
  }

  private async runOp(i: number, op: Op, kill: KillSwitch): Promise<void> {
    const { url, ledger, tally } = this.ctx;
    const record = (a: Answer) => tally.add(op, outcome(a));
    switch (op) {
      case 'book':
      case 'replay': {
        if (op === 'replay') {
          const b = this.pick([...ledger.bookings.values()]);
          if (!b) return this.runOp(i, 'book', kill);
          const a = await this.sendBooking(i, b.lawyer.token, b.body, b.key, kill, 'booking replay');
          record(a);
          if (a.status === 200 || a.status === 201) {
            if (a.body.bookingId !== b.bookingId)
              this.ctx.problems.add('replay created a new booking', `key ${b.key}: ${b.bookingId} → ${a.body.bookingId} (${a.status}, during the run)`);
          } else if (!this.unknown(a, kill, 'booking replay')) {
            this.ctx.problems.add('replay refused', `key ${b.key} of ${b.bookingId}: ${outcome(a)} (during the run)`);
          }
          return;
        }
        const pair = this.pick(ledger.pairs);
        const session = this.pick(this.ctx.sessions.filter((s) => s.centerId === pair?.centerId));
        if (!pair || !session) return;
        const body: BookingBody = { centerId: pair.centerId, detaineeId: pair.detaineeId, slotId: session.slotId };
        const key = `chaos-${randomUUID()}`;
        const a = await this.sendBooking(i, pair.lawyer.token, body, key, kill, 'booking');
        record(a);
        if (a.status === 201) this.ackBooking(a, body, key, pair.lawyer, i, kill);
        else if (a.status === 409 && a.body?.error?.code === 'SLOT_FULL') this.fullSeen.push({ pair, slotId: session.slotId });
        else this.unknown(a, kill, 'booking');
        return;
      }
      case 'cancel': {
        const b = this.pick([...ledger.bookings.values()].filter((x) => x.status === 'booked' && !x.busy && x.maybe.size === 0));
        if (!b) return this.runOp(i, 'book', kill);
        b.busy = true;
        const key = `chaos-${randomUUID()}`;
        kill.sent(i, 'a cancellation');
        const a = await call(url, 'POST', `/bookings/${b.bookingId}/cancel`, { token: b.lawyer.token, headers: { 'idempotency-key': key } });
        record(a);
        if (a.status === 200) {
          b.status = 'cancelled';
          b.cancelKey = key;
          ledger.ack('cancellation');
          kill.acked(i, 'cancellation', `the cancellation of ${b.bookingId}`);
        } else if (this.unknown(a, kill, 'cancellation')) b.maybe.add('cancelled');
        b.busy = false;
        return;
      }
      case 'check-in': {
        const b = this.pick([...ledger.bookings.values()].filter((x) => x.status === 'booked' && !x.busy && x.maybe.size === 0 && x.body.slotId.startsWith(this.ctx.today)));
        if (!b) return this.runOp(i, 'book', kill);
        b.busy = true;
        kill.sent(i, 'a check-in');
        const a = await call(url, 'POST', `/bookings/${b.bookingId}/check-in`, { token: this.ctx.staffToken, body: {} });
        record(a);
        if (a.status === 200) {
          b.status = 'checked_in';
          ledger.ack('check-in');
          kill.acked(i, 'check-in', `the check-in of ${b.bookingId}`);
        } else if (this.unknown(a, kill, 'check-in')) b.maybe.add('checked_in');
        b.busy = false;
        return;
      }
      case 'waitlist-join': {
        // A pair just refused SLOT_FULL, else one whose lawyer holds no booking or waitlist place there
        // (a lawyer with a booking in the session is refused, as they should be, but that tests less).
        const seen = this.fullSeen.splice(Math.floor(this.ctx.rand() * this.fullSeen.length), 1)[0] ?? this.pick(this.waitCandidates());
        if (!seen) return this.runOp(i, 'book', kill);
        const { pair, slotId } = seen;
        kill.sent(i, 'a waitlist join');
        const a = await call(url, 'POST', '/waitlist', { token: pair.lawyer.token, body: { centerId: pair.centerId, detaineeId: pair.detaineeId, slotId } });
        record(a);
        if (a.status === 201) {
          ledger.waitlist.set(a.body.waitlistId, { waitlistId: a.body.waitlistId, pair, slotId, state: 'joined', maybeLeft: false, busy: false });
          ledger.ack('waitlist join');
          kill.acked(i, 'waitlist join', `the waitlist join ${a.body.waitlistId}`);
        } else this.unknown(a, kill, 'waitlist join');
        return;
      }
      case 'waitlist-leave': {
        const w = this.pick([...ledger.waitlist.values()].filter((x) => x.state === 'joined' && !x.busy && !x.maybeLeft));
        if (!w) return this.runOp(i, 'waitlist-join', kill);
        w.busy = true;
        kill.sent(i, 'a waitlist leave');
        const a = await call(url, 'DELETE', `/waitlist/${w.waitlistId}`, { token: w.pair.lawyer.token });
        record(a);
        if (a.status === 200) {
          w.state = 'left';
          ledger.ack('waitlist leave');
          kill.acked(i, 'waitlist leave', `the waitlist leave ${w.waitlistId}`);
        } else if (this.unknown(a, kill, 'waitlist leave')) w.maybeLeft = true;
        w.busy = false;
        return;
      }
      case 'sweep': {
        kill.sent(i, 'a sweep');
        const a = await call(url, 'POST', '/_local/sweep', { timeoutMs: 60_000 });
        record(a);
        if (a.status === 200) kill.acked(i, 'sweep', 'a sweep');
        else this.unknown(a, kill, 'sweep');
        return;
      }
      case 'detainee': {
        const centerId = this.pick([...this.ctx.lawyersByCenter.keys()])!;
        kill.sent(i, 'a detainee registration');
        const a = await call(url, 'POST', `/centers/${centerId}/detainees`, { token: this.ctx.staffToken, body: { name: '陈某', sex: 'F' } });
        record(a);
        if (a.status === 201) {
          ledger.detainees.push({ centerId, detaineeId: a.body.detaineeId });
          this.unboundDetainees.push({ centerId, detaineeId: a.body.detaineeId });
          ledger.ack('detainee');
          kill.acked(i, 'detainee', `the detainee ${a.body.detaineeId}`);
        } else this.unknown(a, kill, 'detainee registration');
        return;
      }
      case 'binding': {
        const d = this.unboundDetainees.shift();
        if (!d) return this.runOp(i, 'detainee', kill);
        const lawyer = this.pick(this.ctx.lawyersByCenter.get(d.centerId)!)!;
        kill.sent(i, 'a binding');
        const a = await call(url, 'POST', `/centers/${d.centerId}/bindings`, {
          token: this.ctx.staffToken,
          body: { licenseNo: lawyer.licenseNo, detaineeId: d.detaineeId, verification: 'documents' },
        });
        record(a);
        if (a.status === 201) {
          ledger.bindings.push({ centerId: d.centerId, detaineeId: d.detaineeId, bindingId: a.body.bindingId, lawyerId: lawyer.lawyerId });
          ledger.pairs.push({ centerId: d.centerId, lawyer, detaineeId: d.detaineeId });
          ledger.ack('binding');
          kill.acked(i, 'binding', `the binding ${a.body.bindingId}`);
        } else this.unknown(a, kill, 'binding');
        return;
      }
    }
  }

  private waitCandidates(): { pair: ChaosPair; slotId: string }[] {
    const { ledger, sessions } = this.ctx;
    const taken = new Set<string>();
    for (const b of ledger.bookings.values()) if (b.status === 'booked' || b.status === 'checked_in') taken.add(`${b.lawyer.lawyerId}|${b.body.slotId}`);
    for (const w of ledger.waitlist.values()) if (w.state === 'joined') taken.add(`${w.pair.lawyer.lawyerId}|${w.slotId}`);
    return ledger.pairs.flatMap((pair) =>
      sessions.filter((s) => s.centerId === pair.centerId && !taken.has(`${pair.lawyer.lawyerId}|${s.slotId}`)).map((s) => ({ pair, slotId: s.slotId })),
    );
  }

  private async sendBooking(i: number, token: string, body: BookingBody, key: string, kill: KillSwitch, what: string): Promise<Answer> {
    kill.sent(i, `a ${what}`);
    return call(this.ctx.url, 'POST', '/bookings', { token, body, headers: { 'idempotency-key': key } });
  }

  /** Records an acknowledged booking (the workload's own, or one the checker's probes got). */
  ackBooking(a: Answer, body: BookingBody, key: string, lawyer: ChaosPair['lawyer'], i: number, kill?: KillSwitch): AckedBooking {
    const booking: AckedBooking = {
      bookingId: a.body.bookingId,
      key,
      body,
      lawyer,
      queueNumber: a.body.queueNumber,
      sentAt: a.sentAt,
      ackedAt: a.answeredAt,
      status: 'booked',
      maybe: new Set(),
      busy: false,
    };
    this.ctx.ledger.bookings.set(booking.bookingId, booking);
    this.ctx.ledger.ack('booking');
    kill?.acked(i, 'booking', `the booking ${booking.bookingId}`);
    return booking;
  }
}
