// Part 1: booking throughput and latency. autocannon at 50 connections where every request is a
// valid booking of its own (its own lawyer–detainee pair, session and Idempotency-Key), spread
// round-robin over every bookable session of the three online centers.
//
// Places are scarce (about 36 sessions × 6 places in a 7-day window), so the load runs in rounds:
// each round moves the local clock 8 days on (all earlier bookings are then in the past, so the
// cap of 2 future bookings per lawyer–detainee pair never bites), lists the bookable sessions, books every place left,
// and checks the day queues for oversell. Latencies of all measured rounds are pooled.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { BENCH_CENTERS, checkQueue, type BenchApi, type CenterId, type Pair, type Slot } from './lib/api';
import { measureCpu, type CpuSample, type CpuSplit } from './lib/cpu';
import { percentile } from './lib/table';

export interface RoundResult {
  clock: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  kind: RoundKind;
  connections: number;
  cpu?: CpuSplit;
}

/** warm-up: not counted; measured: pooled into the figures at `connections`; serial: one connection, reported on its own. */
export type RoundKind = 'warm-up' | 'measured' | 'serial';

export interface LoadResult {
  connections: number;
  rounds: RoundResult[];
  requests: number;
  ok2xx: number;
  non2xx: number;
  transportErrors: number;
  outcomes: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  sessionsChecked: number;
  oversold: string[];
  /** CPU spent during the measured rounds, per booking (ms). */
  cpuPerBooking?: CpuSplit;
}

interface PlannedBooking {
  centerId: CenterId;
  slot: Slot;
  pair: Pair;
  place: number;
  sessionIndex: number;
}

/** Every place left in the window, one distinct pair per place of a center, interleaved across sessions. */
async function planRound(api: BenchApi, pairs: Record<CenterId, Pair[]>): Promise<PlannedBooking[]> {
  const planned: PlannedBooking[] = [];
  for (const centerId of BENCH_CENTERS) {
    const slots = await api.bookableSlots(pairs[centerId][0].lawyer.token, centerId);
    let next = 0;
    slots.forEach((slot, sessionIndex) => {
      for (let place = 0; place < slot.available && next < pairs[centerId].length; place++) {
        planned.push({ centerId, slot, pair: pairs[centerId][next++], place, sessionIndex });
      }
    });
  }
  // Round-robin: place 1 of every session of every center, then place 2, … so that concurrent
  // requests land on different sessions (distinct sessions, as a real morning rush would).
  const centerIndex = (c: CenterId) => BENCH_CENTERS.indexOf(c);
  return planned.sort((a, b) => a.place - b.place || a.sessionIndex - b.sessionIndex || centerIndex(a.centerId) - centerIndex(b.centerId));
}

interface RawRound {
  latencies: number[];
  outcomes: Record<string, number>;
  ok: number;
  notOk: number;
  errors: number;
  seconds: number;
}

async function fire(url: string, planned: PlannedBooking[], connections: number): Promise<RawRound> {
  const prepared: autocannon.RequestParams[] = planned.map((b) => ({
    method: 'POST',
    path: '/bookings',
    headers: {
      authorization: `Bearer ${b.pair.lawyer.token}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ centerId: b.centerId, detaineeId: b.pair.detaineeId, slotId: b.slot.slotId }),
  }));
  let cursor = 0;
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let ok = 0;
  let notOk = 0;
  const started = performance.now();
  const instance = autocannon({
    url,
    connections: Math.min(connections, prepared.length),
    amount: prepared.length,
    timeout: 30,
    requests: [
      {
        // autocannon asks for exactly one request per send (amount caps the sends), so every
        // prepared booking goes out once. The fallback is never sent; it only keeps autocannon safe.
        setupRequest: () => prepared[cursor++] ?? { method: 'GET', path: '/health' },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) {
            ok++;
            outcomes[String(status)] = (outcomes[String(status)] ?? 0) + 1;
            return;
          }
          notOk++;
          let code = '';
          try {
            code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
          } catch {
            // not JSON
          }
          const label = `${status}${code ? ` ${code}` : ''}`;
          outcomes[label] = (outcomes[label] ?? 0) + 1;
        },
      },
    ],
  });
  // autocannon settles its promise on its 1 s ticker, so the round lasts until the last response.
  let lastResponse = started;
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    lastResponse = performance.now();
  });
  const result = await instance;
  const seconds = (lastResponse - started) / 1000;
  return { latencies, outcomes, ok, notOk, errors: result.errors + result.timeouts, seconds };
}

/** Checks every session of the round's dates at every center: live bookings ≤ capacity, queue 1..n. */
async function verifyRound(api: BenchApi, staffToken: string, planned: PlannedBooking[], capacity: number): Promise<{ checked: number; oversold: string[] }> {
  const dates = new Map<CenterId, Set<string>>();
  for (const b of planned) (dates.get(b.centerId) ?? dates.set(b.centerId, new Set()).get(b.centerId)!).add(b.slot.date);
  let checked = 0;
  const oversold: string[] = [];
  for (const [centerId, days] of dates) {
    for (const date of days) {
      const queue = await api.dayQueue(staffToken, centerId, date);
      const bySlot = new Map<string, number[]>();
      for (const b of queue) if (b.status === 'booked') (bySlot.get(b.slotId) ?? bySlot.set(b.slotId, []).get(b.slotId)!).push(b.queueNumber);
      for (const [slotId, numbers] of bySlot) {
        checked++;
        const v = checkQueue(numbers, capacity);
        if (!v.ok) oversold.push(`${centerId} ${slotId} ${v.detail}`);
      }
    }
  }
  return { checked, oversold };
}

export interface LoadOptions {
  connections: number;
  clocks: { date: string; kind: RoundKind }[];
  capacity: number;
  log: (line: string) => void;
  serverCpu: () => CpuSample | undefined;
}

export async function runBookingLoad(api: BenchApi, staffToken: string, pairs: Record<CenterId, Pair[]>, options: LoadOptions): Promise<LoadResult> {
  const rounds: RoundResult[] = [];
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let ok = 0;
  let notOk = 0;
  let requests = 0;
  let transportErrors = 0;
  let seconds = 0;
  let sessionsChecked = 0;
  const oversold: string[] = [];

  for (const { date, kind } of options.clocks) {
    const clock = `${date}T08:00:00+08:00`;
    await api.setClock(clock);
    const planned = await planRound(api, pairs);
    const connections = kind === 'serial' ? 1 : options.connections;
    if (planned.length < connections) throw new Error(`only ${planned.length} bookable places at ${clock}`);
    const cpuSince = measureCpu(options.serverCpu);
    const raw = await fire(api.url, planned, connections);
    const cpu = cpuSince();
    const sorted = [...raw.latencies].sort((a, b) => a - b);
    const round: RoundResult = {
      clock,
      requests: planned.length,
      seconds: raw.seconds,
      rps: planned.length / raw.seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      ok: raw.ok,
      kind,
      connections,
      cpu,
    };
    rounds.push(round);
    const check = await verifyRound(api, staffToken, planned, options.capacity);
    sessionsChecked += check.checked;
    oversold.push(...check.oversold);
    options.log(
      `  ${kind.padEnd(8)} ${date}: ${planned.length} bookings at ${connections} connection${connections === 1 ? '' : 's'} in ${raw.seconds.toFixed(2)} s ` +
        `(${round.rps.toFixed(0)} req/s, p50 ${round.p50.toFixed(1)} ms, p99 ${round.p99.toFixed(1)} ms), ${raw.ok} × 2xx, ` +
        `${check.checked} sessions checked${check.oversold.length ? `, OVERSOLD ${check.oversold.join('; ')}` : ''}` +
        (cpu
          ? `; CPU/booking: gateway ${(cpu.gatewayMs / planned.length).toFixed(1)} ms, DynamoDB Local ${(cpu.dynamoMs / planned.length).toFixed(1)} ms, ` +
            `autocannon ${(cpu.loadGeneratorMs / planned.length).toFixed(1)} ms, other processes ${(cpu.otherMs / planned.length).toFixed(1)} ms`
          : ''),
    );
    if (kind !== 'measured') continue;
    latencies.push(...raw.latencies);
    for (const [k, v] of Object.entries(raw.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    ok += raw.ok;
    notOk += raw.notOk;
    requests += planned.length;
    transportErrors += raw.errors;
    seconds += raw.seconds;
  }

  const sorted = latencies.sort((a, b) => a - b);
  const measured = rounds.filter((r) => r.kind === 'measured');
  const cpuRounds = measured.filter((r) => r.cpu);
  const cpuSum = (k: keyof CpuSplit) => cpuRounds.reduce((s, r) => s + r.cpu![k], 0) / cpuRounds.reduce((s, r) => s + r.requests, 0);
  const cpuPerBooking =
    cpuRounds.length === measured.length && measured.length
      ? { gatewayMs: cpuSum('gatewayMs'), dynamoMs: cpuSum('dynamoMs'), loadGeneratorMs: cpuSum('loadGeneratorMs'), otherMs: cpuSum('otherMs') }
      : undefined;
  return {
    connections: options.connections,
    rounds,
    requests,
    ok2xx: ok,
    non2xx: notOk,
    transportErrors,
    outcomes,
    seconds,
    rps: requests / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1),
    sessionsChecked,
    oversold,
    cpuPerBooking,
  };
}
