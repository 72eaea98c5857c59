// Center operations benchmark (issue 5), in-process against its own DynamoDB Local (in memory):
//  1. what the audit record (R14) costs a booking: the same booking transaction with and without
//     a request scope (so with and without the audit item), interleaved, medians and p90s;
//  2. a closure of a full day (2 sessions × 6 bookings, B6) and an unavailability of a detainee
//     with bookings on two days (R4): wall time of the whole request and bookings cancelled.
// `npx tsx bench/center-actions.ts` alone, or as part of `npm run bench` (BENCH_PARTS=center).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ensureTable, LOCAL_AWS_ENV, startDynamoLocal } from '../local/dynamo-local';
import { applyLocalEnv } from '../local/env';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import type { Principal } from '../shared/principal';
import { batchPut } from './sweep';

export interface CenterBenchResult {
  bookings: number;
  withAudit: { p50: number; p90: number };
  withoutAudit: { p50: number; p90: number };
  closure: { seconds: number; cancelled: number }[];
  unavailability: { seconds: number; cancelled: number }[];
}

const CENTER = 'minhang-kss';
const PAIRS = Number(process.env.BENCH_CENTER_BOOKINGS ?? 84);
const REPEATS = Number(process.env.BENCH_CENTER_REPEATS ?? 3);
// Tuesday 2026-12-01, 07:00 Shanghai: the window runs to 2026-12-08 (six workdays × AM/PM).
const NOW = new Date('2026-12-01T07:00:00+08:00');
const WORKDAYS = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08'];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

export async function runCenterBench(log: (line: string) => void = console.log): Promise<CenterBenchResult> {
  Object.assign(process.env, LOCAL_AWS_ENV);
  const dynamo = await startDynamoLocal();
  try {
    applyLocalEnv(dynamo.endpoint);
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    const { ddb } = await import('../shared/adapters/dynamo');
    const { runAudited } = await import('../shared/audit');
    const { bookSlot } = await import('../shared/use-cases/book-slot');
    const { closeSessions, markUnavailable } = await import('../shared/use-cases/center-actions');
    const platform = localTableName(platformTable);
    const district = localTableName(districtTable, 'minhang');
    await ensureTable(dynamo.client, platformTable, platform);
    await ensureTable(dynamo.client, districtTable, district);

    const result: CenterBenchResult = { bookings: 0, withAudit: { p50: 0, p90: 0 }, withoutAudit: { p50: 0, p90: 0 }, closure: [], unavailability: [] };
    const staff: Principal = { userId: 'us_bench_staff', username: 'bench-staff', role: 'staff', centerIds: [CENTER] };
    const asRequest = <T>(action: string, actorId: string, role: string, run: () => Promise<T>) =>
      runAudited({ actorId, actorRole: role, action, requestId: randomUUID(), at: NOW }, 'request', run);

    /** Lawyers each bound to their own detainee, written directly (the bench measures the actions, not the set-up). */
    let licences = 0;
    async function seedPairs(table: string, tag: string, n: number): Promise<{ lawyer: Principal; detaineeId: string }[]> {
      const pairs = Array.from({ length: n }, (_, i) => {
        const id = `${tag}${String(i).padStart(4, '0')}`;
        const licenseNo = `1320${String(licences++).padStart(13, '0')}`;
        return { lawyer: { userId: `lw_${id}`, username: `bench-${id}`, role: 'lawyer' as const, centerIds: [], licenseNo }, detaineeId: `dt_${id}` };
      });
      await batchPut(
        ddb,
        platform,
        pairs.map((p) => ({
          PK: `USER#${p.lawyer.userId}`,
          SK: 'PROFILE',
          userId: p.lawyer.userId,
          role: 'lawyer',
          status: 'confirmed',
          licenseNo: p.lawyer.licenseNo,
          phone: '+8613900000000',
          name: '律师',
        })),
      );
      await batchPut(ddb, table, [
        ...pairs.map((p) => ({ PK: `DETAINEE#${p.detaineeId}`, SK: 'PROFILE', detaineeId: p.detaineeId, centerId: CENTER, status: 'active', name: '某', sex: 'M' })),
        ...pairs.map((p) => ({ PK: `DETAINEE#${p.detaineeId}`, SK: `BOUND#${p.lawyer.licenseNo}`, bindingId: `bd_${p.detaineeId}`, centerId: CENTER })),
      ]);
      return pairs;
    }

    const book = async (p: { lawyer: Principal; detaineeId: string }, slotId: string, audited: boolean) => {
      const run = () => bookSlot(p.lawyer, { centerId: CENTER, detaineeId: p.detaineeId, slotId }, randomUUID(), NOW);
      const started = performance.now();
      const out = audited ? await asRequest('POST /bookings', p.lawyer.userId, 'lawyer', run) : await run();
      return { ms: performance.now() - started, bookingId: out.view.bookingId };
    };

    // 1. The audit record's cost: every place of the window, alternately with and without it.
    const slots = WORKDAYS.flatMap((d) => [`${d}.AM`, `${d}.PM`]);
    const pairs = await seedPairs(district, 'A', Math.min(PAIRS, slots.length * 6));
    const timings: Record<'with' | 'without', number[]> = { with: [], without: [] };
    for (let i = 0; i < pairs.length; i++) {
      const audited = i % 2 === 0;
      timings[audited ? 'with' : 'without'].push((await book(pairs[i], slots[i % slots.length], audited)).ms);
    }
    result.bookings = pairs.length;
    result.withAudit = { p50: quantile(timings.with, 0.5), p90: quantile(timings.with, 0.9) };
    result.withoutAudit = { p50: quantile(timings.without, 0.5), p90: quantile(timings.without, 0.9) };
    log(`center bench: ${pairs.length} bookings — with audit p50 ${result.withAudit.p50.toFixed(1)} ms, without p50 ${result.withoutAudit.p50.toFixed(1)} ms`);

    // 2. Closures and unavailabilities of full days, on a fresh table each round.
    for (let round = 0; round < REPEATS; round++) {
      const table = `${district}-center-${round}`;
      await ensureTable(dynamo.client, districtTable, table);
      process.env.DISTRICT_TABLES = `minhang=${table}`;
      const day = WORKDAYS[1 + (round % (WORKDAYS.length - 1))];
      const full = await seedPairs(table, `C${round}`, 12);
      for (let i = 0; i < 12; i++) await book(full[i], `${day}.${i < 6 ? 'AM' : 'PM'}`, false);
      let started = performance.now();
      const closure = await asRequest('POST /centers/{centerId}/closures', staff.userId, 'staff', () => closeSessions(staff, CENTER, { date: day, reason: '基准测试' }, NOW));
      result.closure.push({ seconds: (performance.now() - started) / 1000, cancelled: closure.cancelledBookingIds.length });

      const [one] = await seedPairs(table, `U${round}`, 1);
      const other = WORKDAYS.filter((d) => d !== day).slice(0, 2);
      for (const d of other) for (const s of ['AM', 'PM']) await book(one, `${d}.${s}`, false).catch(() => undefined); // pair cap 2: two of them stay
      started = performance.now();
      const marked = await asRequest('POST /centers/{centerId}/detainees/{detaineeId}/unavailability', staff.userId, 'staff', () =>
        markUnavailable(staff, CENTER, one.detaineeId, { from: other[0], to: other[1], reason: '开庭' }, NOW),
      );
      result.unavailability.push({ seconds: (performance.now() - started) / 1000, cancelled: marked.cancelledBookingIds.length });
      log(
        `center bench: round ${round + 1}: closure of ${day} cancelled ${closure.cancelledBookingIds.length} in ${result.closure[round].seconds.toFixed(2)} s; unavailability cancelled ${marked.cancelledBookingIds.length} in ${result.unavailability[round].seconds.toFixed(2)} s`,
      );
    }
    return result;
  } finally {
    await dynamo.stop();
  }
}

export function centerTable(r: CenterBenchResult): string {
  const seconds = (xs: { seconds: number }[]) => xs.map((x) => `${x.seconds.toFixed(2)} s`).join(' / ');
  return [
    '| Measure | Result |',
    '|---|---:|',
    `| Booking with its audit record (R14), p50 / p90 (${Math.ceil(r.bookings / 2)} bookings) | ${r.withAudit.p50.toFixed(1)} / ${r.withAudit.p90.toFixed(1)} ms |`,
    `| The same booking without one, p50 / p90 (${Math.floor(r.bookings / 2)} bookings) | ${r.withoutAudit.p50.toFixed(1)} / ${r.withoutAudit.p90.toFixed(1)} ms |`,
    `| Closure of a full day (B6): bookings cancelled | ${r.closure.map((c) => c.cancelled).join(' / ')} |`,
    `| Closure of a full day: request time | ${seconds(r.closure)} |`,
    `| Unavailability over two days (R4): bookings cancelled | ${r.unavailability.map((c) => c.cancelled).join(' / ')} |`,
    `| Unavailability over two days: request time | ${seconds(r.unavailability)} |`,
  ].join('\n');
}

if (require.main === module) {
  // `--json`: progress lines, then the result as the last line (how bench/run.ts reads it).
  const json = process.argv.includes('--json');
  runCenterBench()
    .then((r) => console.log(json ? JSON.stringify(r) : `\n${centerTable(r)}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
