// Part 2: the race. Hundreds of distinct bound lawyers try to book the same session at the same
// moment (Promise.all of fetch); exactly `capacity` may win, everyone else must get SLOT_FULL, and
// the staff day queue must show queue numbers exactly 1..capacity.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { checkQueue, type BenchApi, type Pair } from './lib/api';
import { measureCpu, type CpuSample, type CpuSplit } from './lib/cpu';

export interface RaceResult {
  /** Seconds waited before the race for the server to go quiet (work left over from the previous part). */
  settleSeconds: number;
  clock: string;
  slotId: string;
  attempts: number;
  capacity: number;
  successes: number;
  slotFull: number;
  others: Record<string, number>;
  wallMs: number;
  /** CPU spent while the attempts were in flight, by who spent it. */
  cpu?: CpuSplit;
  queueNumbers: string;
  placesLeft: number;
  /** Live bookings ≤ capacity and their queue numbers exactly 1..n. */
  zeroOversell: boolean;
  /** The 201 responses are exactly the live bookings (false e.g. when a request timed out after its booking committed). */
  responsesMatchStore: boolean;
  exact: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server (gateway + DynamoDB Local) has been near idle for a second — handlers of
 * an earlier part can still be running after their responses (e.g. past a Lambda timeout) — so
 * each race starts from a quiet server. At least 2 s, at most 30 s.
 */
export async function settle(cpu: () => CpuSample | undefined, busyMsPerSecond = 250): Promise<number> {
  const started = Date.now();
  await sleep(2000);
  let prev = cpu();
  if (!prev) return (Date.now() - started) / 1000;
  while (Date.now() - started < 30_000) {
    await sleep(1000);
    const now = cpu();
    if (!now) break;
    const busy = now.gatewayMs - prev.gatewayMs + (now.dynamoMs - prev.dynamoMs);
    prev = now;
    if (busy < busyMsPerSecond) break;
  }
  return (Date.now() - started) / 1000;
}

export async function runRace(api: BenchApi, staffToken: string, contenders: Pair[], date: string, capacity: number, serverCpu: () => CpuSample | undefined): Promise<RaceResult> {
  const clock = `${date}T08:00:00+08:00`;
  await api.setClock(clock);
  const centerId = contenders[0].centerId;
  const slots = await api.bookableSlots(contenders[0].lawyer.token, centerId);
  // A session a day or two ahead with every place free.
  const slot = slots.filter((s) => s.available === s.capacity)[Math.min(3, slots.length - 1)];
  if (!slot) throw new Error(`no free session at ${centerId} on ${clock}`);

  const settleSeconds = await settle(serverCpu);
  const requests = contenders.map((p) => ({
    url: `${api.url}/bookings`,
    init: {
      method: 'POST',
      headers: { authorization: `Bearer ${p.lawyer.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ centerId, detaineeId: p.detaineeId, slotId: slot.slotId }),
    },
  }));
  const cpuSince = measureCpu(serverCpu);
  const started = performance.now();
  const replies = await Promise.all(
    requests.map(async ({ url, init }) => {
      try {
        const res = await fetch(url, init);
        const body = (await res.json().catch(() => undefined)) as { bookingId?: string; queueNumber?: number; error?: { code?: string } } | undefined;
        return { status: res.status, body };
      } catch (e) {
        return { status: 0, body: { error: { code: (e as Error).message } } };
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = cpuSince();

  let successes = 0;
  let slotFull = 0;
  const others: Record<string, number> = {};
  const winners = new Set<string>();
  for (const r of replies) {
    if (r.status === 201) {
      successes++;
      if (r.body?.bookingId) winners.add(r.body.bookingId);
    } else if (r.status === 409 && r.body?.error?.code === 'SLOT_FULL') slotFull++;
    else {
      const label = `${r.status} ${r.body?.error?.code ?? ''}`.trim();
      others[label] = (others[label] ?? 0) + 1;
    }
  }

  const live = (await api.dayQueue(staffToken, centerId, slot.date)).filter((b) => b.slotId === slot.slotId && b.status === 'booked');
  const queue = checkQueue(
    live.map((b) => b.queueNumber),
    capacity,
  );
  const placesLeft = (await api.bookableSlots(contenders[0].lawyer.token, centerId)).find((s) => s.slotId === slot.slotId)?.available ?? 0;
  const sameBookings = live.length === winners.size && live.every((b) => winners.has(b.bookingId));
  const zeroOversell = successes <= capacity && live.length <= capacity && queue.ok;
  return {
    settleSeconds,
    clock,
    slotId: `${centerId} ${slot.slotId}`,
    attempts: contenders.length,
    capacity,
    successes,
    slotFull,
    others,
    wallMs,
    cpu,
    queueNumbers: queue.detail,
    placesLeft,
    zeroOversell,
    responsesMatchStore: sameBookings,
    exact: zeroOversell && sameBookings && successes === capacity && live.length === capacity && placesLeft === 0,
  };
}
