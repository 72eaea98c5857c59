// The crowd at a session's opening (issue 19): admission by a hold on a place. One process: its own
// DynamoDB Local (in memory) and the local gateway in-process (no sweeper timer, no notifier), so a
// middleware on the DocumentClient counts what the booking path sends (transactions, holds taken /
// refused / taken over / given back) and the gateway's server records the order requests reach it.
//  1. through the gateway: RACE_ATTEMPTS (500) distinct bound lawyers book one session of 6 places
//     at once, HOLDS_RACES (3) rounds; then BIG_ATTEMPTS (2,000) on a session of BIG_CAPACITY (30)
//     places (the bench raises one center's placesPerSession in this process only);
//  2. the same race of 500 on 6 in-process (the use case called directly, no HTTP), so the
//     gateway's share of the wall time is visible.
// Each race reports wall time, transactions sent, holds, status mix, places left, queue numbers, and
// fairness: of the winners, how many were among the first capacity + 10% requests to arrive.
// `npx tsx bench/holds-race.ts` (prints a Markdown section for bench/RESULTS.md).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { LOCAL_AWS_ENV, startDynamoLocal } from '../local/dynamo-local';
import { applyLocalEnv } from '../local/env';

const num = (name: string, fallback: number) => Math.floor(Number(process.env[name] ?? fallback));
const RACE_ATTEMPTS = num('BENCH_RACE_ATTEMPTS', 500);
const RACES = num('HOLDS_RACES', 3);
const BIG_ATTEMPTS = num('HOLDS_BIG_ATTEMPTS', 2000);
const BIG_CAPACITY = num('HOLDS_BIG_CAPACITY', 30);
const CENTER = 'minhang-kss';
const BIG_CENTER = 'jiading-kss';
const CLOCK_DAY = '2026-12-07'; // a Monday

interface Counts {
  transactions: number;
  holdAttempts: number;
  holdsTaken: number;
  takeOvers: number;
  givenBack: number;
  other: number;
}
const zero = (): Counts => ({ transactions: 0, holdAttempts: 0, holdsTaken: 0, takeOvers: 0, givenBack: 0, other: 0 });

interface RaceRow {
  name: string;
  attempts: number;
  capacity: number;
  wallMs: number;
  counts: Counts;
  statuses: Record<string, number>;
  winners: number;
  placesLeft: number;
  queueOk: boolean;
  fair: number | undefined;
  load: number;
}

async function main(): Promise<void> {
  Object.assign(process.env, LOCAL_AWS_ENV);
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dynamo = await startDynamoLocal();
  applyLocalEnv(dynamo.endpoint);
  try {
    const { ddb, districtTableName } = await import('../shared/adapters/dynamo');
    const { bootLocalPlatform } = await import('../local/platform');
    const { reserveLawyer, confirmAccount } = await import('../shared/adapters/account-repository');
    const { createBinding } = await import('../shared/adapters/binding-repository');
    const { createDetainee } = await import('../shared/adapters/custody-repository');
    const { readSession } = await import('../shared/adapters/session-ledger');
    const { listDayQueue } = await import('../shared/adapters/booking-repository');
    const { cityConfig, findCenter } = await import('../shared/config');
    const { setClock } = await import('../shared/clock');
    const { newId } = await import('../shared/ids');
    const { bookSlot } = await import('../shared/use-cases/book-slot');
    const { workCalendar } = await import('../shared/work-calendar');
    const { addDays } = await import('../shared/domain/calendar');

    // One center's sessions get BIG_CAPACITY places, in this process only (the config is cached).
    for (const d of cityConfig().districts) for (const c of d.centers) if (c.centerId === BIG_CENTER) c.placesPerSession = BIG_CAPACITY;

    let counts = zero();
    let counting = false;
    ddb.middlewareStack.add(
      (next, context) => async (args) => {
        if (!counting) return next(args);
        const c = counts;
        const command = context.commandName ?? '';
        const expression = String((args.input as { UpdateExpression?: string }).UpdateExpression ?? '');
        const kind =
          command === 'TransactWriteItemsCommand' || command === 'TransactWriteCommand'
            ? 'tx'
            : expression.startsWith('SET admitted = if_not_exists')
              ? 'hold'
              : expression.includes('REMOVE #dead')
                ? 'takeOver'
                : expression.startsWith('SET admitted = admitted - :one')
                  ? 'giveBack'
                  : 'other';
        if (kind === 'tx') c.transactions++;
        else if (kind === 'hold') c.holdAttempts++;
        else if (kind === 'other') c.other++;
        const out = await next(args).catch((e: unknown) => {
          throw e;
        });
        if (kind === 'hold') c.holdsTaken++;
        if (kind === 'takeOver') c.takeOvers++;
        if (kind === 'giveBack') c.givenBack++;
        return out;
      },
      { step: 'initialize', priority: 'high', name: 'holdsRaceCounter' },
    );

    const platform = await bootLocalPlatform({ port: 0, adminPassword: 'Local-Admin-2013', notifier: false, webClient: false, accessLog: false });
    const arrivals: number[] = [];
    platform.server.on('request', (req: { headers: Record<string, string | string[] | undefined> }) => {
      const id = req.headers['x-bench-id'];
      if (typeof id === 'string') arrivals.push(Number(id));
    });

    const fixtureNow = new Date(`${CLOCK_DAY}T07:00:00+08:00`);
    async function contenders(centerId: string, n: number) {
      const table = districtTableName(findCenter(centerId)!.districtId);
      const made: { token: string; detaineeId: string; principal: { userId: string; username: string; role: 'lawyer'; centerIds: string[]; licenseNo: string } }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < n) {
          next++;
          const userId = newId('lw');
          const licenseNo = `1310${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
          const username = `race-${randomUUID()}`;
          await reserveLawyer(
            {
              userId,
              username,
              role: 'lawyer',
              status: 'unconfirmed',
              createdAt: fixtureNow.toISOString(),
              name: '竞速律师',
              phone: `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
              licenseNo,
              lawFirm: '所',
            },
            fixtureNow,
          );
          await confirmAccount({ userId, username, licenseNo });
          const detaineeId = newId('dt');
          await createDetainee(table, { detaineeId, centerId, name: '某', sex: 'M', status: 'active', createdAt: fixtureNow.toISOString() });
          await createBinding(table, { bindingId: newId('bd'), centerId, detaineeId, licenseNo, verification: 'documents', status: 'active', createdAt: fixtureNow.toISOString() });
          const token = await platform.identity.issueToken({ username, groups: ['lawyer'], attributes: { userId, licenseNo } });
          made.push({ token, detaineeId, principal: { userId, username, role: 'lawyer', centerIds: [], licenseNo } });
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      return made;
    }

    let day = CLOCK_DAY;
    const nextSlot = () => {
      do day = addDays(day, 1);
      while (!workCalendar().isWorkday(day));
      return `${day}.AM`;
    };

    async function finish(name: string, centerId: string, slotId: string, capacity: number, started: number, statuses: number[] | string[], winners: number[] | undefined) {
      const wallMs = performance.now() - started;
      counting = false;
      const table = districtTableName(findCenter(centerId)!.districtId);
      const session = await readSession(table, centerId, slotId);
      const queue = (await listDayQueue(table, centerId, slotId.slice(0, 10))).filter((b) => b.slotId === slotId && b.status === 'booked');
      const numbers = queue.map((b) => b.queueNumber).sort((a, b) => a - b);
      const mix: Record<string, number> = {};
      for (const s of statuses) mix[String(s)] = (mix[String(s)] ?? 0) + 1;
      let fair: number | undefined;
      if (winners) {
        const rank = new Map(arrivals.map((id, i) => [id, i]));
        const first = Math.ceil(capacity * 1.1);
        fair = winners.filter((w) => (rank.get(w) ?? Infinity) < first).length;
      }
      return {
        name,
        attempts: statuses.length,
        capacity,
        wallMs,
        counts,
        statuses: mix,
        winners: queue.length,
        placesLeft: capacity - session.admitted,
        queueOk: JSON.stringify(numbers) === JSON.stringify(Array.from({ length: capacity }, (_, i) => i + 1)) && Object.keys(session.holds).length === 0,
        fair,
        load: os.loadavg()[0],
      } satisfies RaceRow;
    }

    async function gatewayRace(name: string, centerId: string, people: Awaited<ReturnType<typeof contenders>>, capacity: number): Promise<RaceRow> {
      const slotId = nextSlot();
      setClock(new Date(`${CLOCK_DAY}T08:00:00+08:00`));
      await new Promise((r) => setTimeout(r, 1500)); // settle
      arrivals.length = 0;
      counts = zero();
      counting = true;
      const started = performance.now();
      const replies = await Promise.all(
        people.map(async (p, i) => {
          try {
            const res = await fetch(`${platform.url}/bookings`, {
              method: 'POST',
              headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-bench-id': String(i) },
              body: JSON.stringify({ centerId, detaineeId: p.detaineeId, slotId }),
            });
            const body = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
            return { i, label: `${res.status}${body?.error?.code ? ` ${body.error.code}` : ''}` };
          } catch (e) {
            return { i, label: `transport ${(e as Error).message}` };
          }
        }),
      );
      return finish(
        name,
        centerId,
        slotId,
        capacity,
        started,
        replies.map((r) => r.label),
        replies.filter((r) => r.label === '201').map((r) => r.i),
      );
    }

    async function inProcessRace(name: string, centerId: string, people: Awaited<ReturnType<typeof contenders>>, capacity: number): Promise<RaceRow> {
      const slotId = nextSlot();
      const now = new Date(`${CLOCK_DAY}T08:00:00+08:00`);
      await new Promise((r) => setTimeout(r, 1500));
      counts = zero();
      counting = true;
      const started = performance.now();
      const labels = await Promise.all(
        people.map((p) =>
          bookSlot(p.principal, { centerId, detaineeId: p.detaineeId, slotId }, randomUUID(), now).then(
            () => '201',
            (e: unknown) => `${(e as { code?: string }).code ?? (e as Error).name}`,
          ),
        ),
      );
      return finish(name, centerId, slotId, capacity, started, labels, undefined);
    }

    const setupStart = performance.now();
    const small = await contenders(CENTER, RACE_ATTEMPTS);
    const big = await contenders(BIG_CENTER, BIG_ATTEMPTS);
    process.stderr.write(`fixtures: ${RACE_ATTEMPTS + BIG_ATTEMPTS} lawyers in ${((performance.now() - setupStart) / 1000).toFixed(1)} s\n`);

    const rows: RaceRow[] = [];
    for (let r = 1; r <= RACES; r++) {
      rows.push(await gatewayRace(`gateway ${RACE_ATTEMPTS} on 6, round ${r}`, CENTER, small, 6));
      process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
    }
    rows.push(await gatewayRace(`gateway ${BIG_ATTEMPTS} on ${BIG_CAPACITY}`, BIG_CENTER, big, BIG_CAPACITY));
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
    rows.push(await inProcessRace(`in-process ${RACE_ATTEMPTS} on 6`, CENTER, small, 6));
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);

    const lines = [
      '| Race | Wall | Transactions | Holds taken / refused | Taken over / given back | Other writes+reads | Status mix | Winners | Places left | Queue 1..n, no hold left | Fair (winners among first cap+10%) | Load (1 min) |',
      '|---|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|',
      ...rows
        .map((x) =>
          [
            x.name,
            `${(x.wallMs / 1000).toFixed(2)} s`,
            x.counts.transactions,
            `${x.counts.holdsTaken} / ${x.counts.holdAttempts - x.counts.holdsTaken}`,
            `${x.counts.takeOvers} / ${x.counts.givenBack}`,
            x.counts.other,
            Object.entries(x.statuses)
              .sort((a, b) => b[1] - a[1])
              .map(([k, v]) => `${k}: ${v}`)
              .join(', '),
            `${x.winners} / ${x.capacity}`,
            x.placesLeft,
            x.queueOk ? 'yes' : 'NO',
            x.fair === undefined ? 'n/a' : `${x.fair} / ${x.capacity}`,
            x.load.toFixed(1),
          ].join(' | '),
        )
        .map((l) => `| ${l} |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await platform.close();
  } finally {
    await dynamo.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
