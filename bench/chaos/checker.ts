// The invariant checker, run after every restart (and at the end), through the API only:
//  - every acknowledged write is there: bookings readable with the status the last acknowledged
//    write left (a write that got no answer may also have applied), cancellations cancelled,
//    check-ins checked in, detainees and bindings readable, waitlist joins there (or promoted),
//    waitlist leaves gone;
//  - replaying an acknowledged booking's Idempotency-Key answers the same bookingId (never a new
//    booking), replaying an acknowledged cancellation answers `cancelled`;
//  - per session: places taken (capacity − slots `available`) = active bookings in the staff day
//    queue, never more than the capacity; queue numbers exactly 1..n, in arrival order for
//    acknowledged bookings; no lawyer on two live bookings of a session; no pair over its cap;
//    waitlist positions exactly 1..n;
//  - the guards still hold: a lawyer with a live booking cannot book the same session again.
// The final check adds the deliveries: every booking's confirmation in /_local/outbox exactly once.
import { randomUUID } from 'node:crypto';
import { findCenter } from '../../shared/config';
import { sessionText } from '../../shared/notifications/templates';
import { allPages, call, each, outcome } from './http';
import type { AckedBooking, ChaosPair, Ledger, Problems } from './ledger';
import type { Session, Workload } from './workload';

export interface CheckContext {
  url: string;
  ledger: Ledger;
  problems: Problems;
  staffToken: string;
  adminToken: string;
  sessions: Session[];
  lawyersByCenter: Map<string, ChaosPair['lawyer'][]>;
  workload: Workload;
}

interface QueueBooking {
  bookingId: string;
  status: string;
  centerId: string;
  detaineeId: string;
  slotId: string;
  start: string;
  queueNumber: number;
  leadLawyerId: string;
  lawyerIds: string[];
  centerName: string;
}

const CONCURRENCY = 8;
const FREED = new Set(['cancelled', 'cancelled_by_center']);

export interface StoreView {
  bookings: Map<string, QueueBooking>;
  available: Map<string, { capacity: number; available: number }>;
}

/** The staff day queue of every session day and the slots' places, per center. */
async function readStore(ctx: CheckContext): Promise<StoreView> {
  const bookings = new Map<string, QueueBooking>();
  const available = new Map<string, { capacity: number; available: number }>();
  const days = [...new Set(ctx.sessions.map((s) => `${s.centerId}|${s.date}`))];
  await each(days, CONCURRENCY, async (day) => {
    const [centerId, date] = day.split('|');
    const q = await allPages<QueueBooking>(ctx.url, `/centers/${centerId}/bookings?date=${date}`, 'bookings', ctx.staffToken);
    if (q.status !== 200) ctx.problems.add('check read failed', `day queue ${centerId} ${date}: ${q.status}`);
    for (const b of q.items) bookings.set(b.bookingId, b);
  });
  for (const centerId of new Set(ctx.sessions.map((s) => s.centerId))) {
    const dates = ctx.sessions.filter((s) => s.centerId === centerId).map((s) => s.date);
    const a = await call(ctx.url, 'GET', `/centers/${centerId}/slots?from=${dates[0]}&to=${dates[dates.length - 1]}`, { token: ctx.staffToken });
    if (a.status !== 200) ctx.problems.add('check read failed', `slots ${centerId}: ${outcome(a)}`);
    for (const s of (a.body?.slots ?? []) as { slotId: string; capacity: number; available: number }[]) available.set(`${centerId}|${s.slotId}`, s);
  }
  return { bookings, available };
}

function statusProblem(b: AckedBooking, observed: string): string {
  if (b.status === 'cancelled' && observed === 'booked') return 'acked cancellation lost';
  if (b.status === 'checked_in' && observed === 'booked') return 'acked check-in lost';
  return 'unexpected booking status';
}

export interface CheckFigures {
  bookingsRead: number;
  replays: number;
  probes: number;
}

export async function checkInvariants(ctx: CheckContext, round: string): Promise<CheckFigures> {
  const { ledger, problems } = ctx;
  const store = await readStore(ctx);
  const acked = [...ledger.bookings.values()];

  // Every acknowledged booking, with the status its last acknowledged write left.
  await each(acked, CONCURRENCY, async (b) => {
    const a = await call(ctx.url, 'GET', `/bookings/${b.bookingId}`, { token: b.lawyer.token });
    if (a.status === 404) {
      problems.add('acked booking lost', `${round}: ${b.bookingId} (key ${b.key}) answers 404`, b.bookingId);
      return;
    }
    if (a.status !== 200) {
      problems.add('check read failed', `${round}: GET /bookings/${b.bookingId}: ${outcome(a)}`);
      return;
    }
    const observed = a.body.status as string;
    if (observed !== b.status && !b.maybe.has(observed)) problems.add(statusProblem(b, observed), `${round}: ${b.bookingId} is ${observed}, acknowledged ${b.status}`, b.bookingId);
    if (a.body.queueNumber !== b.queueNumber)
      problems.add('queue number changed', `${round}: ${b.bookingId} has ${a.body.queueNumber}, acknowledged ${b.queueNumber}`, b.bookingId);
    if (!store.bookings.has(b.bookingId)) problems.add('acked booking missing from the day queue', `${round}: ${b.bookingId}`, b.bookingId);
    b.status = observed;
    b.maybe.clear();
  });

  // Replays: the same key and body answer the same booking; an acknowledged cancellation answers cancelled.
  let replays = 0;
  await each(acked, CONCURRENCY, async (b) => {
    replays++;
    const a = await call(ctx.url, 'POST', '/bookings', { token: b.lawyer.token, body: b.body, headers: { 'idempotency-key': b.key } });
    if (a.status === 200 || a.status === 201) {
      if (a.body.bookingId !== b.bookingId) problems.add('replay created a new booking', `${round}: key ${b.key}: ${b.bookingId} → ${a.body.bookingId} (${a.status})`, b.key);
    } else problems.add('replay refused', `${round}: key ${b.key} of ${b.bookingId}: ${outcome(a)}`, b.key);
    if (b.cancelKey) {
      replays++;
      const c = await call(ctx.url, 'POST', `/bookings/${b.bookingId}/cancel`, { token: b.lawyer.token, headers: { 'idempotency-key': b.cancelKey } });
      if (c.status !== 200 || c.body.status !== 'cancelled')
        problems.add('cancellation replay differs', `${round}: ${b.bookingId} key ${b.cancelKey}: ${outcome(c)} ${JSON.stringify(c.body).slice(0, 160)}`, b.cancelKey);
    }
  });

  // Detainees and bindings.
  const detainees = new Map<string, any>();
  await each(ledger.detainees, CONCURRENCY, async (d) => {
    const a = await call(ctx.url, 'GET', `/centers/${d.centerId}/detainees/${d.detaineeId}`, { token: ctx.staffToken });
    if (a.status === 200) detainees.set(d.detaineeId, a.body);
    else if (a.status === 404) problems.add('acked detainee lost', `${round}: ${d.detaineeId}`, d.detaineeId);
    else problems.add('check read failed', `${round}: detainee ${d.detaineeId}: ${outcome(a)}`);
  });
  for (const bd of ledger.bindings) {
    const d = detainees.get(bd.detaineeId);
    if (d && !(d.bindings as { bindingId: string }[]).some((x) => x.bindingId === bd.bindingId))
      problems.add('acked binding lost', `${round}: ${bd.bindingId} (${bd.detaineeId})`, bd.bindingId);
  }

  // Waitlist: acknowledged joins there (or promoted into a booking), acknowledged leaves gone; positions 1..n.
  const lawyers = [...ctx.lawyersByCenter.values()].flat();
  const entries = new Map<string, { waitlistId: string; centerId: string; slotId: string; position: number }>();
  await each(lawyers, CONCURRENCY, async (l) => {
    const me = await call(ctx.url, 'GET', '/me', { token: l.token });
    if (me.status !== 200)
      problems.add(me.status === 401 || me.status === 404 ? 'acked lawyer account lost' : 'check read failed', `${round}: GET /me of ${l.lawyerId}: ${outcome(me)}`, l.lawyerId);
    const a = await call(ctx.url, 'GET', '/me/waitlist', { token: l.token });
    if (a.status !== 200) problems.add('check read failed', `${round}: /me/waitlist of ${l.lawyerId}: ${outcome(a)}`);
    for (const e of (a.body?.entries ?? []) as { waitlistId: string; centerId: string; slotId: string; position: number }[]) entries.set(e.waitlistId, e);
  });
  const storeList = [...store.bookings.values()];
  for (const w of ledger.waitlist.values()) {
    const present = entries.has(w.waitlistId);
    if (w.state === 'left') {
      if (present) problems.add('acked waitlist leave lost', `${round}: ${w.waitlistId} still queued`, w.waitlistId);
      continue;
    }
    if (w.state !== 'joined') continue;
    if (present) {
      w.maybeLeft = false;
      continue;
    }
    if (w.maybeLeft) {
      w.state = 'left';
      continue;
    }
    const promoted = storeList.some(
      (b) => b.slotId === w.slotId && b.centerId === w.pair.centerId && b.detaineeId === w.pair.detaineeId && b.leadLawyerId === w.pair.lawyer.lawyerId,
    );
    if (promoted) w.state = 'promoted';
    else problems.add('acked waitlist join lost', `${round}: ${w.waitlistId} (${w.pair.centerId} ${w.slotId}) neither queued nor promoted`, w.waitlistId);
  }
  const positions = new Map<string, number[]>();
  for (const e of entries.values()) positions.set(`${e.centerId} ${e.slotId}`, [...(positions.get(`${e.centerId} ${e.slotId}`) ?? []), e.position]);
  for (const [session, list] of positions) {
    const sorted = [...list].sort((x, y) => x - y);
    if (!sorted.every((p, i) => p === i + 1)) problems.add('waitlist positions not 1..n', `${round}: ${session} [${sorted.join(',')}]`, `${session} ${sorted.join(',')}`);
  }

  // Per session: places, queue numbers, arrival order, one live booking per lawyer.
  for (const s of ctx.sessions) {
    const inSession = storeList.filter((b) => b.centerId === s.centerId && b.slotId === s.slotId);
    const numbers = inSession.map((b) => b.queueNumber).sort((x, y) => x - y);
    if (!numbers.every((q, i) => q === i + 1))
      problems.add('queue numbers not 1..n', `${round}: ${s.centerId} ${s.slotId} [${numbers.join(',')}]`, `${s.centerId} ${s.slotId} ${numbers.join(',')}`);
    const active = inSession.filter((b) => !FREED.has(b.status));
    const places = store.available.get(`${s.centerId}|${s.slotId}`);
    if (places && places.capacity - places.available !== active.length)
      problems.add(
        'places taken ≠ active bookings',
        `${round}: ${s.centerId} ${s.slotId}: ${places.capacity - places.available} taken, ${active.length} active`,
        `${s.centerId} ${s.slotId} ${places.available} ${active.length}`,
      );
    if (places && active.length > places.capacity)
      problems.add('oversold', `${round}: ${s.centerId} ${s.slotId}: ${active.length} > ${places.capacity}`, `${s.centerId} ${s.slotId} ${active.length}`);
    const seen = new Map<string, string>();
    for (const b of active) {
      for (const id of b.lawyerIds) {
        if (seen.has(id)) problems.add('lawyer double-booked', `${round}: ${id} on ${seen.get(id)} and ${b.bookingId} (${s.slotId})`, `${seen.get(id)}|${b.bookingId}`);
        seen.set(id, b.bookingId);
      }
    }
    const ackedHere = acked.filter((b) => b.body.centerId === s.centerId && b.body.slotId === s.slotId);
    for (const a of ackedHere) {
      for (const b of ackedHere) {
        if (a.ackedAt < b.sentAt && a.queueNumber > b.queueNumber)
          problems.add(
            'queue order ≠ arrival order',
            `${round}: ${a.bookingId} (#${a.queueNumber}) answered before ${b.bookingId} (#${b.queueNumber}) was sent`,
            `${a.bookingId}|${b.bookingId}`,
          );
      }
    }
  }
  const pairBooked = new Map<string, number>();
  for (const b of storeList)
    if (b.status === 'booked') pairBooked.set(`${b.centerId}|${b.leadLawyerId}|${b.detaineeId}`, (pairBooked.get(`${b.centerId}|${b.leadLawyerId}|${b.detaineeId}`) ?? 0) + 1);
  for (const [pair, n] of pairBooked) {
    const cap = findCenter(pair.split('|')[0])?.pairFutureBookingCap ?? 2;
    if (n > cap) problems.add('pair cap exceeded', `${round}: ${pair} holds ${n} live bookings (cap ${cap})`, `${pair} ${n}`);
  }

  // The guard, live: a lawyer with a live booking books the same session for another of their detainees.
  let probes = 0;
  const candidates = acked.filter((b) => b.status === 'booked');
  for (const b of candidates.slice(0, 40)) {
    if (probes >= 3) break;
    const other = ctx.ledger.pairs.find((p) => p.lawyer.lawyerId === b.lawyer.lawyerId && p.centerId === b.body.centerId && p.detaineeId !== b.body.detaineeId);
    if (!other) continue;
    probes++;
    const body = { centerId: other.centerId, detaineeId: other.detaineeId, slotId: b.body.slotId };
    const key = `chaos-probe-${randomUUID()}`;
    const a = await call(ctx.url, 'POST', '/bookings', { token: other.lawyer.token, body, headers: { 'idempotency-key': key } });
    if (a.status === 201) {
      problems.add('double booking accepted', `${round}: ${b.lawyer.lawyerId} booked ${b.body.slotId} twice (${b.bookingId}, ${a.body.bookingId})`);
      ctx.workload.ackBooking(a, body, key, other.lawyer, 0);
    } else if (a.status !== 409) problems.add('double booking answered oddly', `${round}: ${outcome(a)}`);
  }
  return { bookingsRead: acked.length, replays, probes };
}

export interface DeliveryFigures {
  bookings: number;
  ackedBookings: number;
  confirmations: number;
  deadLetters: Record<string, number>;
  settleSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After the last restart: waits for the notifier to drain (nothing pending or due, the outbox quiet
 * for 3 s, at most `maxWaitMs`), then counts each booking's confirmation (booking-confirmed, or
 * waitlist-promoted for a promotion) in /_local/outbox. Problems are `delivery: …` kinds.
 */
export async function checkDeliveries(ctx: CheckContext, maxWaitMs = 90_000): Promise<DeliveryFigures> {
  const { problems } = ctx;
  const started = Date.now();
  let lastCount = -1;
  let quietSince = Date.now();
  for (;;) {
    const queued = await Promise.all(['pending', 'failed'].map((status) => allPages(ctx.url, `/admin/notifications?status=${status}`, 'notifications', ctx.adminToken)));
    const outbox = await call(ctx.url, 'GET', '/_local/outbox');
    const count = (outbox.body?.messages ?? []).length as number;
    if (count !== lastCount) {
      lastCount = count;
      quietSince = Date.now();
    }
    const drained = queued.every((q) => q.status === 200 && q.items.length === 0);
    if ((drained && Date.now() - quietSince >= 3000) || Date.now() - started > maxWaitMs) break;
    await sleep(500);
  }
  const settleSeconds = (Date.now() - started) / 1000;
  const dead = await allPages<{ kind: string; lastError: string | null }>(ctx.url, '/admin/notifications?status=dead', 'notifications', ctx.adminToken);
  const deadLetters: Record<string, number> = {};
  for (const n of dead.items) {
    const label = `${n.kind}: ${n.lastError ?? ''}`;
    deadLetters[label] = (deadLetters[label] ?? 0) + 1;
  }
  const outbox = await call(ctx.url, 'GET', '/_local/outbox');
  const messages = (outbox.body?.messages ?? []) as { to: string; kind: string; body: string }[];
  const phones = new Map([...ctx.lawyersByCenter.values()].flat().map((l) => [l.lawyerId, `+86${l.phone}`]));
  const store = await readStore(ctx);
  let confirmations = 0;
  for (const b of store.bookings.values()) {
    const to = phones.get(b.leadLawyerId);
    // The session as the templates write it: "上海市闵行区看守所 12月15日上午 08:30".
    const when = `${b.centerName} ${sessionText({ start: b.start })} `;
    const sent = messages.filter(
      (m) => m.to === to && (m.kind === 'booking-confirmed' || m.kind === 'waitlist-promoted') && m.body.includes(when) && m.body.includes(`排队号 ${b.queueNumber}。`),
    ).length;
    confirmations += sent;
    const ackedBooking = ctx.ledger.bookings.has(b.bookingId);
    const whose = ackedBooking ? 'acknowledged booking' : 'unacknowledged or promoted booking';
    if (sent === 0) problems.add(`delivery: confirmation missing (${whose})`, `${b.bookingId} #${b.queueNumber} ${b.slotId}`);
    if (sent > 1) problems.add(`delivery: confirmation sent ${sent} times (${whose})`, `${b.bookingId} #${b.queueNumber} ${b.slotId}`);
  }
  return { bookings: store.bookings.size, ackedBookings: ctx.ledger.bookings.size, confirmations, deadLetters, settleSeconds };
}
