// Day-queue benchmark (release 2, part 3): the front desk's queue of one day with 100 bookings, each
// naming its detainee and 2–3 lawyers (225 distinct people), read through the real handler of
// GET /centers/{c}/bookings. Counts every DynamoDB request the handler sends (a middleware on the
// DocumentClient) and times the request; for reference, the same names read one GetItem at a time
// (what a per-row read would cost). In-process against its own DynamoDB Local (in memory).
// `npx tsx bench/day-queue.ts` alone, or as part of `npm run bench` (BENCH_PARTS=queue).
import { performance } from 'node:perf_hooks';
import { ensureTable, LOCAL_AWS_ENV, startDynamoLocal } from '../local/dynamo-local';
import { applyLocalEnv } from '../local/env';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import { batchPut } from './sweep';

export interface DayQueueBenchResult {
  bookings: number;
  people: number;
  /** DynamoDB requests of one GET, by command. */
  requests: Record<string, number>;
  totalRequests: number;
  namesReturned: number;
  ms: { p50: number; p90: number; runs: number };
  perRow: { requests: number; ms: number };
}

const CENTER = 'minhang-kss';
const DATE = '2026-12-02';
const BOOKINGS = Number(process.env.BENCH_QUEUE_BOOKINGS ?? 100);
const RUNS = Number(process.env.BENCH_QUEUE_RUNS ?? 20);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

export async function runDayQueueBench(log: (line: string) => void = console.log): Promise<DayQueueBenchResult> {
  Object.assign(process.env, LOCAL_AWS_ENV);
  const dynamo = await startDynamoLocal();
  try {
    applyLocalEnv(dynamo.endpoint);
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { ddb } = await import('../shared/adapters/dynamo');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dayQueueIndex } = await import('../shared/adapters/district-keys');
    const { handler } = await import('../functions/list-day-queue');
    const platform = localTableName(platformTable);
    const district = localTableName(districtTable, 'minhang');
    await ensureTable(dynamo.client, platformTable, platform);
    await ensureTable(dynamo.client, districtTable, district);

    // 100 bookings over the day's two sessions: each with its own detainee, a lead and a co-counsel,
    // every fourth also an intern.
    const lawyers: { id: string; licenseNo: string }[] = [];
    const newLawyer = () => {
      const n = lawyers.length;
      const l = { id: `lw_bench_q${String(n).padStart(4, '0')}`, licenseNo: `1330${String(n).padStart(13, '0')}` };
      lawyers.push(l);
      return l.id;
    };
    const bookings = Array.from({ length: BOOKINGS }, (_, i) => {
      const session = i < BOOKINGS / 2 ? 'AM' : 'PM';
      const start = session === 'AM' ? '08:30' : '13:30';
      const queueNumber = (i % Math.ceil(BOOKINGS / 2)) + 1;
      const lead = newLawyer();
      const co = newLawyer();
      const interns = i % 4 === 0 ? [newLawyer()] : [];
      const bookingId = `bk.minhang.Q${String(i).padStart(6, '0')}`;
      return {
        PK: `BOOKING#${bookingId}`,
        SK: 'BOOKING',
        ...dayQueueIndex(CENTER, DATE, start, queueNumber),
        bookingId,
        status: 'booked',
        centerId: CENTER,
        detaineeId: `dt_bench_q${String(i).padStart(4, '0')}`,
        slotId: `${DATE}.${session}`,
        date: DATE,
        sessionStart: `${DATE}T${start}:00.000+08:00`,
        lastAdmission: `${DATE}T${session === 'AM' ? '11:00' : '16:30'}:00.000+08:00`,
        queueNumber,
        leadLawyerId: lead,
        coCounselLawyerIds: [co],
        internLawyerIds: interns,
        lawyerIds: [lead, co, ...interns],
        createdAt: '2026-12-01T08:00:00.000+08:00',
      };
    });
    await batchPut(
      ddb,
      platform,
      lawyers.map((l, i) => ({
        PK: `USER#${l.id}`,
        SK: 'PROFILE',
        userId: l.id,
        role: 'lawyer',
        status: 'confirmed',
        licenseNo: l.licenseNo,
        name: `律师${i}`,
        lawFirm: '基准律师事务所',
        phone: '+8613900000000',
      })),
    );
    await batchPut(ddb, district, [
      ...bookings,
      ...bookings.map((b, i) => ({ PK: `DETAINEE#${b.detaineeId}`, SK: 'PROFILE', detaineeId: b.detaineeId, centerId: CENTER, status: 'active', name: `在押人员${i}`, sex: 'M' })),
    ]);

    // Every request the DocumentClient sends, by command (the handlers share this one client).
    const counts: Record<string, number> = {};
    let counting = false;
    ddb.middlewareStack.add(
      (next, context) => async (args) => {
        if (counting) counts[context.commandName ?? 'unknown'] = (counts[context.commandName ?? 'unknown'] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchRequestCounter' },
    );

    const claims = { 'custom:userId': 'us_bench_staff', 'cognito:username': 'bench-staff', 'cognito:groups': '[staff]', 'custom:centerIds': CENTER };
    const event = {
      version: '2.0',
      routeKey: 'GET /centers/{centerId}/bookings',
      rawPath: `/centers/${CENTER}/bookings`,
      rawQueryString: `date=${DATE}&limit=100`,
      headers: {},
      queryStringParameters: { date: DATE, limit: '100' },
      pathParameters: { centerId: CENTER },
      isBase64Encoded: false,
      requestContext: { requestId: 'bench', http: { method: 'GET', path: `/centers/${CENTER}/bookings` }, authorizer: { jwt: { claims, scopes: [] } } },
    };
    const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
    const call = async () => {
      const out = await (handler as unknown as (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>)(event, context);
      if (out.statusCode !== 200) throw new Error(`day queue answered ${out.statusCode}: ${out.body}`);
      return JSON.parse(out.body) as { bookings: { detaineeName: string; lawyers: { name: string }[] }[]; nextCursor: string | null };
    };

    await call(); // warm-up: module state, the cursor secret is not needed (one page), JIT
    counting = true;
    const first = await call();
    counting = false;
    const namesReturned = first.bookings.reduce((n, b) => n + (b.detaineeName ? 1 : 0) + b.lawyers.filter((l) => l.name).length, 0);
    if (first.bookings.length !== BOOKINGS || first.nextCursor !== null) throw new Error(`expected ${BOOKINGS} bookings on one page, got ${first.bookings.length}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await call();
      times.push(performance.now() - started);
    }

    // Reference: the same names read row by row, one GetItem each, one after the other.
    const perRowStarted = performance.now();
    let perRowRequests = 0;
    for (const b of bookings) {
      await ddb.send(new GetCommand({ TableName: district, Key: { PK: `DETAINEE#${b.detaineeId}`, SK: 'PROFILE' } }));
      perRowRequests++;
      for (const id of b.lawyerIds) {
        await ddb.send(new GetCommand({ TableName: platform, Key: { PK: `USER#${id}`, SK: 'PROFILE' } }));
        perRowRequests++;
      }
    }
    const perRowMs = performance.now() - perRowStarted;

    const result: DayQueueBenchResult = {
      bookings: BOOKINGS,
      people: lawyers.length + BOOKINGS,
      requests: counts,
      totalRequests: Object.values(counts).reduce((a, b) => a + b, 0),
      namesReturned,
      ms: { p50: quantile(times, 0.5), p90: quantile(times, 0.9), runs: RUNS },
      perRow: { requests: perRowRequests, ms: perRowMs },
    };
    log(
      `day-queue bench: ${BOOKINGS} bookings, ${result.totalRequests} DynamoDB requests (${JSON.stringify(counts)}), p50 ${result.ms.p50.toFixed(1)} ms; per-row reads: ${perRowRequests} requests, ${perRowMs.toFixed(0)} ms`,
    );
    return result;
  } finally {
    await dynamo.stop();
  }
}

export function dayQueueTable(r: DayQueueBenchResult): string {
  const by = Object.entries(r.requests)
    .sort()
    .map(([c, n]) => `${n} × ${c.replace(/Command$/, '')}`)
    .join(', ');
  return [
    '| Measure | Result |',
    '|---|---:|',
    `| Bookings in the day queue / people named (detainees + lawyers) | ${r.bookings} / ${r.people} |`,
    `| Names in the answer (detainees + lawyers) | ${r.namesReturned} |`,
    `| DynamoDB requests of one GET | ${r.totalRequests} (${by}) |`,
    `| Request time p50 / p90 (${r.ms.runs} runs, handler in-process) | ${r.ms.p50.toFixed(1)} / ${r.ms.p90.toFixed(1)} ms |`,
    `| Reference: the same names read row by row (sequential GetItem) | ${r.perRow.requests} requests, ${r.perRow.ms.toFixed(0)} ms |`,
  ].join('\n');
}

if (require.main === module) {
  // `--json`: progress lines, then the result as the last line (how bench/run.ts reads it).
  const json = process.argv.includes('--json');
  runDayQueueBench()
    .then((r) => console.log(json ? JSON.stringify(r) : `\n${dayQueueTable(r)}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
