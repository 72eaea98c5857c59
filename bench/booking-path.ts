// The booking path (part 5 of the issue), in-process against its own DynamoDB Local (in memory):
// the real handler of POST /bookings (functions/book-meeting.ts) with every DynamoDB request of the
// process recorded by a middleware on the DocumentClient (start, end, command, transaction items).
//  1. a successful booking: requests by command, sequential waves, items of its TransactWriteItems;
//  2. the loser of a full session (six bookings fill it, a seventh asks): its requests, waves, and
//     whether it sent a transaction;
//  3. the booking against the minimal correct booking — one hand-written TransactWriteItems of 6
//     items (session counter with its capacity condition, booking, detainee guard, lawyer guard,
//     binding check, lock check) on the same engine and tables — interleaved, median ratio;
//  4. the same with a delay injected before every DynamoDB request of this process (a cloud-like
//     round trip; BENCH_DDB_DELAY_MS, a bench option only: production code never sleeps).
// Only the handler, the HTTP contract and the table layout (keys, docs/data-model.md) are relied on,
// so the booking path behind the handler may change freely. Detainees and bindings are made through
// the real staff handlers; lawyer accounts are written as registration and confirmation leave them.
// `npx tsx bench/booking-path.ts` alone, or as part of `npm run bench` (BENCH_PARTS=path). Knobs (env):
// BENCH_PATH_PROFILED (5 successful bookings recorded), BENCH_PATH_RUNS (40 bookings + 40 minimal
// transactions for the ratio), BENCH_PATH_DELAY_RUNS (30 + 30 with the delay), BENCH_DDB_DELAY_MS (8).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ensureTable, LOCAL_AWS_ENV, startDynamoLocal } from '../local/dynamo-local';
import { applyLocalEnv } from '../local/env';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import { batchPut } from './sweep';

const num = (name: string, fallback: number, min = 0) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number ≥ ${min}`);
  return Math.floor(v);
};
const PROFILED = num('BENCH_PATH_PROFILED', 5, 1);
const RUNS = num('BENCH_PATH_RUNS', 40, 1);
const DELAY_RUNS = num('BENCH_PATH_DELAY_RUNS', 30, 1);
const DELAY_MS = num('BENCH_DDB_DELAY_MS', 8);
const WARMUP = 3;

const CENTER = 'minhang-kss';
const DISTRICT = 'minhang';
const CAPACITY = 6; // placesPerSession of the demo centers (config/districts)
/** Tuesday 2026-12-01, 07:00 Shanghai; the clock moves on by ROUND_STEP_DAYS when the window's sessions are used up. */
const FIRST_CLOCK = Date.parse('2026-12-01T07:00:00+08:00');
const ROUND_STEP_DAYS = 8;
/** A session the ratio and delay parts book is never filled: at most this many bookings each. */
const FRESH_PER_SESSION = CAPACITY - 1;

export interface RequestRecord {
  command: string;
  start: number;
  end: number;
  /** TransactItems of a TransactWriteItems. */
  items?: number;
}

export interface PathProfile {
  status: number;
  code?: string;
  requests: number;
  /** Requests by command (SDK command name without `Command`), e.g. `{ GetItem: 4 }`. */
  byCommand: Record<string, number>;
  waves: number;
  /** What each wave sent, e.g. `GetItem`, `GetItem+GetItem`, `TransactWriteItems(13)`. */
  waveList: string[];
  /** Items of each TransactWriteItems sent. */
  transactItems: number[];
  ms: number;
}

export interface Timing {
  p50: number;
  p90: number;
  runs: number;
}

export interface BookingPathResult {
  /** The first recorded successful booking; `identical` says whether the others sent the same. */
  booking: PathProfile;
  profiled: number;
  identical: boolean;
  /** Request counts of every profiled booking (they differ only if the path is not deterministic). */
  requestCounts: number[];
  loser: PathProfile;
  minimal: PathProfile;
  ratio: { booking: Timing; minimal: Timing; ratio: number };
  /** `delaysPerRequest`: delays injected / requests sent in that part (1 when every request waited once). */
  delayed: { delayMs: number; booking: Timing; minimal: Timing; ratio: number; delaysPerRequest: number };
  /** 1-minute load average when the part started and when it ended. */
  loadAverage: { start: number; end: number };
  cores: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const timing = (xs: number[]): Timing => ({ p50: quantile(xs, 0.5), p90: quantile(xs, 0.9), runs: xs.length });
const shortName = (command: string) => command.replace(/Command$/, '');

/** Sorted by start, a request that starts after every earlier request has ended opens a new wave. */
export function wavesOf(records: RequestRecord[]): RequestRecord[][] {
  const waves: RequestRecord[][] = [];
  let lastEnd = -Infinity;
  for (const r of [...records].sort((a, b) => a.start - b.start)) {
    if (r.start >= lastEnd || !waves.length) waves.push([]);
    waves[waves.length - 1].push(r);
    lastEnd = Math.max(lastEnd, r.end);
  }
  return waves;
}

function profileOf(records: RequestRecord[], status: number, ms: number, code?: string): PathProfile {
  const byCommand: Record<string, number> = {};
  for (const r of records) byCommand[shortName(r.command)] = (byCommand[shortName(r.command)] ?? 0) + 1;
  const waves = wavesOf(records);
  return {
    status,
    code,
    requests: records.length,
    byCommand,
    waves: waves.length,
    waveList: waves.map((w) =>
      w
        .map((r) => `${shortName(r.command)}${r.items !== undefined ? `(${r.items})` : ''}`)
        .sort()
        .join('+'),
    ),
    transactItems: records.filter((r) => r.items !== undefined).map((r) => r.items!),
    ms,
  };
}

const sameShape = (a: PathProfile, b: PathProfile) => JSON.stringify([a.byCommand, a.waveList]) === JSON.stringify([b.byCommand, b.waveList]);

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

export async function runBookingPathBench(log: (line: string) => void = console.log): Promise<BookingPathResult> {
  const loadStart = os.loadavg()[0];
  Object.assign(process.env, LOCAL_AWS_ENV);
  const dynamo = await startDynamoLocal();
  try {
    applyLocalEnv(dynamo.endpoint);
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const { ddb } = await import('../shared/adapters/dynamo');
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const keys = { ...(await import('../shared/adapters/district-keys')), ...(await import('../shared/adapters/platform-keys')) };
    const { bindingGuardKey } = keys;
    const { setClock, clock } = await import('../shared/clock');
    const book = (await import('../functions/book-meeting')).handler as unknown as Handler;
    const registerDetainee = (await import('../functions/register-detainee')).handler as unknown as Handler;
    const bindLawyer = (await import('../functions/bind-lawyer')).handler as unknown as Handler;
    const listSlots = (await import('../functions/list-slots')).handler as unknown as Handler;
    const platform = localTableName(platformTable);
    const district = localTableName(districtTable, DISTRICT);
    await ensureTable(dynamo.client, platformTable, platform);
    await ensureTable(dynamo.client, districtTable, district);

    // Every request this process sends through the DocumentClient (the handlers share it): start and
    // end around everything the SDK does for it, so parallel requests overlap and sequential ones do not.
    let recording: RequestRecord[] | undefined;
    let delayMs = 0;
    let sent = 0;
    let delayed = 0;
    ddb.middlewareStack.add(
      (next, context) => async (args) => {
        sent++;
        const into = recording;
        if (!into) return next(args);
        const transactItems = (args.input as { TransactItems?: unknown[] }).TransactItems;
        const record: RequestRecord = { command: context.commandName ?? 'unknown', start: performance.now(), end: NaN, items: transactItems?.length };
        into.push(record);
        try {
          return await next(args);
        } finally {
          record.end = performance.now();
        }
      },
      { step: 'initialize', priority: 'high', name: 'benchRequestRecorder' },
    );
    // The injected round trip: bench process only, off unless a part turns it on.
    ddb.middlewareStack.add(
      (next) => async (args) => {
        if (delayMs > 0) {
          delayed++;
          await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
        return next(args);
      },
      { step: 'build', name: 'benchInjectedDelay' },
    );
    const recorded = async <T>(run: () => Promise<T>): Promise<{ value: T; records: RequestRecord[]; ms: number }> => {
      const records: RequestRecord[] = [];
      recording = records;
      const started = performance.now();
      try {
        const value = await run();
        return { value, records, ms: performance.now() - started };
      } finally {
        recording = undefined;
      }
    };

    const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 };
    const event = (routeKey: string, path: string, claims: Record<string, string>, body?: unknown, extra: Record<string, unknown> = {}) => ({
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...((extra.headers as Record<string, string>) ?? {}) },
      pathParameters: extra.pathParameters ?? {},
      queryStringParameters: extra.queryStringParameters,
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { requestId: randomUUID(), http: { method: routeKey.split(' ')[0], path }, authorizer: { jwt: { claims, scopes: [] } } },
    });
    const staffClaims = { 'custom:userId': 'us_bench_path_staff', 'cognito:username': 'bench-path-staff', 'cognito:groups': '[staff]', 'custom:centerIds': CENTER };
    const expect = async (what: string, status: number, call: Promise<{ statusCode: number; body: string }>) => {
      const out = await call;
      if (out.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${out.statusCode} ${out.body}`);
      return JSON.parse(out.body) as Record<string, unknown>;
    };

    // Lawyers: the profile, username and licence items as POST /auth/register and /auth/confirm leave
    // them (the identity provider is not part of the booking path). Detainees and bindings: the real
    // staff handlers, one pair per booking so no pair cap, rate limit or guard is shared.
    interface Pair {
      lawyerId: string;
      licenseNo: string;
      detaineeId: string;
    }
    let made = 0;
    const runTag = Date.now().toString(36).slice(-5);
    async function pairs(n: number): Promise<Pair[]> {
      const lawyers = Array.from({ length: n }, () => {
        const i = made++;
        return { lawyerId: `lw_benchpath${runTag}${String(i).padStart(4, '0')}`, licenseNo: `1350${String(i).padStart(13, '0')}`, username: `bench-path-${runTag}-${i}` };
      });
      const createdAt = new Date(clock.now().getTime() - 86_400_000).toISOString();
      await batchPut(
        ddb,
        platform,
        lawyers.flatMap((l) => [
          {
            ...keys.profileKey(l.lawyerId),
            userId: l.lawyerId,
            username: l.username,
            role: 'lawyer',
            status: 'confirmed',
            createdAt,
            name: '基准律师',
            phone: '+8613900000000',
            licenseNo: l.licenseNo,
            lawFirm: '基准律师事务所',
            violationCount: 0,
            lockedUntil: null,
            GSI1PK: 'ACCOUNTS',
            GSI1SK: `lawyer#${l.username}`,
          },
          { PK: `USERNAME#${l.username}`, SK: 'USERNAME', userId: l.lawyerId, status: 'confirmed', createdAt },
          { PK: `LICENSE#${l.licenseNo}`, SK: 'LICENSE', userId: l.lawyerId, status: 'confirmed', createdAt },
        ]),
      );
      const out: Pair[] = [];
      for (const l of lawyers) {
        const path = `/centers/${CENTER}/detainees`;
        const detainee = await expect(
          'register detainee',
          201,
          registerDetainee(event(`POST /centers/{centerId}/detainees`, path, staffClaims, { name: '王某', sex: 'M' }, { pathParameters: { centerId: CENTER } }), context),
        );
        const detaineeId = detainee.detaineeId as string;
        await expect(
          'bind',
          201,
          bindLawyer(
            event(
              `POST /centers/{centerId}/bindings`,
              `/centers/${CENTER}/bindings`,
              staffClaims,
              { licenseNo: l.licenseNo, detaineeId, verification: 'documents' },
              { pathParameters: { centerId: CENTER } },
            ),
            context,
          ),
        );
        out.push({ lawyerId: l.lawyerId, licenseNo: l.licenseNo, detaineeId });
      }
      return out;
    }
    const lawyerClaims = (p: Pair) => ({
      'custom:userId': p.lawyerId,
      'cognito:username': `bench-path-${p.lawyerId}`,
      'cognito:groups': '[lawyer]',
      'custom:licenseNo': p.licenseNo,
    });

    // Sessions: the bookable ones of the window as GET /centers/{c}/slots answers, each used up to
    // `limit` bookings; past the window the clock moves on.
    let clockAt = FIRST_CLOCK;
    setClock(new Date(clockAt));
    const used = new Map<string, number>();
    let window: string[] = [];
    async function refreshWindow(): Promise<void> {
      const claims = { 'custom:userId': 'us_bench_path_staff', 'cognito:username': 'bench-path-staff', 'cognito:groups': '[staff]', 'custom:centerIds': CENTER };
      const body = await expect(
        'slots',
        200,
        listSlots(event('GET /centers/{centerId}/slots', `/centers/${CENTER}/slots`, claims, undefined, { pathParameters: { centerId: CENTER } }), context),
      );
      window = (body.slots as { slotId: string; bookable: boolean; available: number }[]).filter((s) => s.bookable && s.available === CAPACITY).map((s) => s.slotId);
    }
    await refreshWindow();
    const cursors = new Map<string, number>();
    /**
     * A session of the window whose `counter` (the handler's bookings, or the minimal transactions'
     * own session counters) holds fewer than `limit` bookings of this bench, round-robin.
     */
    async function session(counter: 'booking' | 'minimal', limit: number): Promise<string> {
      for (let round = 0; round < 20; round++) {
        const cursor = cursors.get(counter) ?? 0;
        for (let i = 0; i < window.length; i++) {
          const slotId = window[(cursor + i) % window.length];
          if ((used.get(`${counter}:${slotId}`) ?? 0) < limit) {
            cursors.set(counter, (cursor + i + 1) % window.length);
            used.set(`${counter}:${slotId}`, (used.get(`${counter}:${slotId}`) ?? 0) + 1);
            return slotId;
          }
        }
        clockAt += ROUND_STEP_DAYS * 86_400_000;
        setClock(new Date(clockAt));
        await refreshWindow();
        cursors.clear();
      }
      throw new Error('no bookable session found');
    }

    const callBooking = async (p: Pair, slotId: string) => {
      const body = { centerId: CENTER, detaineeId: p.detaineeId, slotId };
      const out = await book(event('POST /bookings', '/bookings', lawyerClaims(p), body, { headers: { 'idempotency-key': randomUUID() } }), context);
      const parsed = JSON.parse(out.body) as { error?: { code?: string } };
      return { status: out.statusCode, code: parsed.error?.code, body: parsed };
    };
    /** One booking through the handler, timed; 201 expected. */
    const bookFresh = async (p: Pair) => {
      const slotId = await session('booking', FRESH_PER_SESSION);
      const started = performance.now();
      const out = await callBooking(p, slotId);
      const ms = performance.now() - started;
      if (out.status !== 201) throw new Error(`booking answered ${out.status}: ${JSON.stringify(out.body)}`);
      return ms;
    };

    // The minimal correct booking: one transaction of six items, on the same tables and key layout.
    // Its session counters sit under their own center id, so they never fill the handler's sessions.
    let minimalSeq = 0;
    const minimalTransaction = async (p: Pair) => {
      const slotId = await session('minimal', FRESH_PER_SESSION);
      const date = slotId.slice(0, 10);
      const start = slotId.endsWith('AM') ? '08:30' : '13:30';
      const sessionStart = `${date}T${start}:00.000+08:00`;
      const lastAdmission = `${date}T${slotId.endsWith('AM') ? '11:00' : '16:30'}:00.000+08:00`;
      const bookingId = `bk.${DISTRICT}.MIN${runTag}${String(minimalSeq++).padStart(6, '0')}`;
      const createdAt = clock.now().toISOString();
      const nowIso = createdAt;
      const queueNumber = used.get(`minimal:${slotId}`) ?? 1;
      const input = {
        TransactItems: [
          {
            Update: {
              TableName: district,
              Key: keys.sessionKey(`${CENTER}.minimal`, slotId),
              UpdateExpression: 'ADD booked :one, lastQueue :one SET #capacity = :cap, #date = :date, sessionStart = :start',
              ConditionExpression: '(attribute_not_exists(booked) OR booked < :cap) AND attribute_not_exists(closedAt)',
              ExpressionAttributeNames: { '#capacity': 'capacity', '#date': 'date' },
              ExpressionAttributeValues: { ':one': 1, ':cap': CAPACITY, ':date': date, ':start': sessionStart },
            },
          },
          {
            Put: {
              TableName: district,
              Item: {
                ...keys.bookingKey(bookingId),
                bookingId,
                status: 'booked',
                centerId: CENTER,
                detaineeId: p.detaineeId,
                slotId,
                date,
                sessionStart,
                lastAdmission,
                queueNumber,
                leadLawyerId: p.lawyerId,
                coCounselLawyerIds: [],
                internLawyerIds: [],
                lawyerIds: [p.lawyerId],
                createdAt,
                ...keys.dayQueueIndex(CENTER, date, start, queueNumber),
                ...keys.liveIndex(CENTER, lastAdmission, bookingId),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: district,
              Item: { ...keys.detaineeSlotKey(p.detaineeId, slotId), bookingId, kind: 'lawyer-meeting', centerId: CENTER, date },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Put: { TableName: district, Item: { ...keys.lawyerSlotKey(p.lawyerId, CENTER, slotId), bookingId }, ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            ConditionCheck: {
              TableName: district,
              Key: bindingGuardKey(p.detaineeId, p.licenseNo),
              ConditionExpression: 'attribute_exists(PK) AND centerId = :center',
              ExpressionAttributeValues: { ':center': CENTER },
            },
          },
          {
            ConditionCheck: {
              TableName: platform,
              Key: keys.profileKey(p.lawyerId),
              ConditionExpression:
                '(attribute_not_exists(licenceSuspended) OR licenceSuspended = :false) AND (attribute_not_exists(lockedUntil) OR attribute_type(lockedUntil, :null) OR lockedUntil <= :now)',
              ExpressionAttributeValues: { ':false': false, ':null': 'NULL', ':now': nowIso },
            },
          },
        ],
      };
      const started = performance.now();
      await ddb.send(new TransactWriteCommand(input as ConstructorParameters<typeof TransactWriteCommand>[0]));
      return performance.now() - started;
    };

    const needed = WARMUP * 2 + PROFILED + CAPACITY + 1 + RUNS * 2 + DELAY_RUNS * 2;
    const setupStarted = performance.now();
    log(`booking-path bench: setting up ${needed} lawyer–detainee pairs through the staff handlers …`);
    const all = await pairs(needed);
    let next = 0;
    const take = () => all[next++];
    log(`  done in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    // Warm-up: module state, JIT, connections.
    for (let i = 0; i < WARMUP; i++) {
      await bookFresh(take());
      await minimalTransaction(take());
    }

    // 1. Successful bookings, every request recorded.
    const profiles: PathProfile[] = [];
    for (let i = 0; i < PROFILED; i++) {
      const p = take();
      const slotId = await session('booking', FRESH_PER_SESSION);
      const { value, records, ms } = await recorded(() => callBooking(p, slotId));
      if (value.status !== 201) throw new Error(`profiled booking answered ${value.status}: ${JSON.stringify(value.body)}`);
      profiles.push(profileOf(records, value.status, ms));
    }
    const booking = profiles[0];
    // A booking path that sent its requests through another client would be invisible here.
    if (!booking.requests || !booking.transactItems.length)
      throw new Error(`the recorder saw ${booking.requests} requests and no transaction: does the booking path still use the shared DocumentClient (shared/adapters/dynamo.ts)?`);
    log(
      `  booking: ${booking.requests} requests (${JSON.stringify(booking.byCommand)}), ${booking.waves} waves [${booking.waveList.join(' | ')}], ` +
        `transaction items ${booking.transactItems.join(', ') || 'none'}`,
    );

    // 2. The loser of a full session.
    const full = await session('booking', 1); // one nobody booked yet
    used.set(`booking:${full}`, CAPACITY);
    for (let i = 0; i < CAPACITY; i++) {
      const out = await callBooking(take(), full);
      if (out.status !== 201) throw new Error(`filling ${full}: booking ${i + 1} answered ${out.status}: ${JSON.stringify(out.body)}`);
    }
    const lost = await recorded(() => callBooking(take(), full));
    const loser = profileOf(lost.records, lost.value.status, lost.ms, lost.value.code);
    log(`  loser of full ${full}: ${loser.status} ${loser.code ?? ''}, ${loser.requests} requests (${JSON.stringify(loser.byCommand)}), ${loser.waves} waves`);

    // The minimal transaction's own profile (one request, six items), as a check of the recorder.
    const minimalRecorded = await recorded(() => minimalTransaction(take()));
    const minimal = profileOf(minimalRecorded.records, 200, minimalRecorded.ms);

    // 3. and 4. Interleaved: booking then minimal, minimal then booking, … (no systematic order).
    const interleave = async (n: number) => {
      const b: number[] = [];
      const m: number[] = [];
      for (let i = 0; i < n; i++) {
        if (i % 2 === 0) {
          b.push(await bookFresh(take()));
          m.push(await minimalTransaction(take()));
        } else {
          m.push(await minimalTransaction(take()));
          b.push(await bookFresh(take()));
        }
      }
      return { booking: timing(b), minimal: timing(m) };
    };
    const plain = await interleave(RUNS - 1);
    log(`  ratio: booking p50 ${plain.booking.p50.toFixed(1)} ms, minimal p50 ${plain.minimal.p50.toFixed(1)} ms → ${(plain.booking.p50 / plain.minimal.p50).toFixed(2)}×`);
    delayMs = DELAY_MS;
    const sentBefore = sent;
    const slow = await interleave(DELAY_RUNS);
    delayMs = 0;
    const delaysPerRequest = delayed / (sent - sentBefore);
    log(`  with ${DELAY_MS} ms per request: booking p50 ${slow.booking.p50.toFixed(1)} / p90 ${slow.booking.p90.toFixed(1)} ms, minimal p50 ${slow.minimal.p50.toFixed(1)} ms`);

    return {
      booking,
      profiled: profiles.length,
      identical: profiles.every((p) => sameShape(p, booking)),
      requestCounts: profiles.map((p) => p.requests),
      loser,
      minimal,
      ratio: { ...plain, ratio: plain.booking.p50 / plain.minimal.p50 },
      delayed: { delayMs: DELAY_MS, ...slow, ratio: slow.booking.p50 / slow.minimal.p50, delaysPerRequest },
      loadAverage: { start: loadStart, end: os.loadavg()[0] },
      cores: os.cpus().length,
    };
  } finally {
    await dynamo.stop();
  }
}

const by = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort()
    .map(([c, n]) => `${n} × ${c}`)
    .join(', ') || 'none';

export function bookingPathTable(r: BookingPathResult): string {
  const ms = (t: Timing) => `${t.p50.toFixed(1)} / ${t.p90.toFixed(1)} ms`;
  return [
    '| Measure | Result |',
    '|---|---:|',
    `| Successful booking: DynamoDB requests | ${r.booking.requests} (${by(r.booking.byCommand)}) |`,
    `| Successful booking: sequential waves | ${r.booking.waves}: ${r.booking.waveList.join(' → ')} |`,
    `| Successful booking: items of its TransactWriteItems | ${r.booking.transactItems.join(', ') || 'none'} |`,
    `| The ${r.profiled} profiled bookings sent the same requests | ${r.identical ? 'yes' : `no (requests: ${r.requestCounts.join(', ')})`} |`,
    `| Loser of a full session: answer | ${r.loser.status} ${r.loser.code ?? ''} |`,
    `| Loser of a full session: DynamoDB requests | ${r.loser.requests} (${by(r.loser.byCommand)}) |`,
    `| Loser of a full session: sequential waves | ${r.loser.waves}: ${r.loser.waveList.join(' → ') || '—'} |`,
    `| Loser of a full session: sent a TransactWriteItems | ${r.loser.transactItems.length ? `yes (${r.loser.transactItems.join(', ')} items)` : 'no'} |`,
    `| Minimal transaction (reference): requests / items | ${r.minimal.requests} / ${r.minimal.transactItems.join(', ')} |`,
    `| Booking (handler call), p50 / p90 (${r.ratio.booking.runs} runs) | ${ms(r.ratio.booking)} |`,
    `| Minimal 6-item transaction, p50 / p90 (${r.ratio.minimal.runs} runs, interleaved) | ${ms(r.ratio.minimal)} |`,
    `| Ratio of the medians, booking / minimal | ${r.ratio.ratio.toFixed(2)} |`,
    `| With ${r.delayed.delayMs} ms injected before every request: booking p50 / p90 (${r.delayed.booking.runs} runs) | ${ms(r.delayed.booking)} |`,
    `| With ${r.delayed.delayMs} ms injected: minimal transaction p50 / p90 (${r.delayed.minimal.runs} runs) | ${ms(r.delayed.minimal)} |`,
    `| With ${r.delayed.delayMs} ms injected: delays per request sent (check) | ${r.delayed.delaysPerRequest.toFixed(2)} |`,
    `| 1-minute load average (${r.cores} cores) at start / end | ${r.loadAverage.start.toFixed(1)} / ${r.loadAverage.end.toFixed(1)} |`,
  ].join('\n');
}

if (require.main === module) {
  // `--json`: progress lines, then the result as the last line (how bench/run.ts reads it).
  const json = process.argv.includes('--json');
  runBookingPathBench()
    .then((r) => console.log(json ? JSON.stringify(r) : `\n${bookingPathTable(r)}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
