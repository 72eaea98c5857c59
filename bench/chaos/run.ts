// `npm run chaos`: what a crash loses (issue 23 item 8). Starts `npm start` on a persisted temporary
// data directory (its own process group, a free loopback port), seeds centers' lawyers, detainees and
// bindings through the API, runs a mixed concurrent workload and `kill -9`s the whole process group
// at chosen moments — 0 ms after a write's 2xx answer, a few ms after one, or while a request is in
// flight — restarts `npm start` on the same data and runs the invariant checker (bench/chaos/checker.ts).
// After the last restart it also counts every booking's confirmation in the local outbox. Prints a
// summary and exits 1 on any problem. Loopback only; bounded by its knobs (env):
//   CHAOS_KILLS (8)          kills (and restarts)
//   CHAOS_OPERATIONS (800)   operations at most, spread over the kills+1 phases (a phase ends at its kill,
//                            which comes after 50–100 % of its share)
//   CHAOS_SEED (random)      the workload's and the kills' choices (printed, to replay a run's plan)
//   CHAOS_MODE (mixed)       mixed: kills of every kind; ack0: every kill 0 ms after a booking's or a
//                            cancellation's 2xx answer (issue 23 F1: "kill at 0 ms after the answer")
//   CHAOS_CONCURRENCY (6)    operations in flight
//   CHAOS_LAWYERS (8)        lawyers per center, each bound to 2 detainees (3 centers)
//   CHAOS_SESSIONS (2)       sessions per center the workload books (from the clock's day on; 2 = the
//                            day's AM and PM: 8 lawyers on 2 × 6 places fill them, so waitlists form)
//   CHAOS_DATE (2026-12-15)  the clock's day (a workday; the clock starts at 07:00 Shanghai)
//   CHAOS_DELIVERY (strict)  report: delivery problems are printed but do not fail the run
//   CHAOS_KEEP               keep the data directory (it is kept anyway when a problem was found)
//   CHAOS_JSON               write the figures to this file
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, ADMIN_USERNAME, BENCH_CENTERS, BenchApi, type Lawyer } from '../lib/api';
import { freePort } from '../lib/local-server';
import { table, type Cell } from '../lib/table';
import { checkDeliveries, checkInvariants, type CheckContext, type DeliveryFigures } from './checker';
import { call, outcome } from './http';
import { Ledger, Problems, rng, Tally, type ChaosPair } from './ledger';
import { ChaosServer, defaultLogFile } from './server';
import { KillSwitch, Workload, type KillKind, type KillPlan, type Session } from './workload';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer, got "${process.env[name]}"`);
  return v;
};
const KILLS = num('CHAOS_KILLS', 8);
const OPERATIONS = num('CHAOS_OPERATIONS', 800);
const SEED = num('CHAOS_SEED', randomInt(1, 2 ** 31));
const CONCURRENCY = Math.max(1, num('CHAOS_CONCURRENCY', 6));
const LAWYERS = Math.max(1, num('CHAOS_LAWYERS', 8));
const SESSIONS = Math.max(1, num('CHAOS_SESSIONS', 2));
const MODE = process.env.CHAOS_MODE ?? 'mixed';
const DATE = process.env.CHAOS_DATE ?? '2026-12-15';
const DELIVERY_STRICT = (process.env.CHAOS_DELIVERY ?? 'strict') !== 'report';
if (!['mixed', 'ack0'].includes(MODE)) throw new Error(`CHAOS_MODE must be mixed or ack0, got "${MODE}"`);
if (!/^\d{4}-\d{2}-\d{2}$/.test(DATE)) throw new Error(`CHAOS_DATE must be YYYY-MM-DD, got "${DATE}"`);

/** Each restart moves the clock on by more than a delivery lease (60 s), so crashed sends are settled. */
const RESTART_CLOCK_STEP_MS = 70_000;
const T0 = new Date(`${DATE}T07:00:00+08:00`).getTime();

function killPlan(rand: () => number, phaseOps: number, index: number): KillPlan {
  const trigger = Math.floor(phaseOps * (0.5 + 0.5 * rand()));
  // ack0: right after a booking's or a cancellation's answer (the transactions DynamoDB Local used to acknowledge before their COMMIT).
  if (MODE === 'ack0') return { kind: 'after-ack-0ms', trigger, delayMs: 0, after: ['booking', 'cancellation'] };
  if (index === 0) return { kind: 'after-ack-0ms', trigger, delayMs: 0 };
  const r = rand();
  const kind: KillKind = r < 0.5 ? 'after-ack-0ms' : r < 0.75 ? 'after-ack-delay' : 'mid-request';
  const delayMs = kind === 'after-ack-0ms' ? 0 : kind === 'after-ack-delay' ? 1 + Math.floor(rand() * 50) : Math.floor(rand() * 20);
  return { kind, trigger, delayMs };
}

interface PhaseRow {
  phase: number;
  operations: number;
  acked: number;
  kill: string;
  restartSeconds: number | undefined;
  checkSeconds: number;
  problems: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const rand = rng(SEED);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmb-chaos-'));
  const port = await freePort();
  const server = new ChaosServer({ dataDir, port, logFile: defaultLogFile(dataDir) });
  // Whatever ends this process, the server's process group goes with it.
  process.on('exit', () => server.kill9());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.exit(130));

  console.log(`chaos: seed ${SEED}, mode ${MODE}, ${KILLS} kills, ${OPERATIONS} operations, concurrency ${CONCURRENCY}; data ${dataDir}, port ${port}`);
  let restarts = 0;
  const virtualNow = () => new Date(T0 + (Date.now() - started) + restarts * RESTART_CLOCK_STEP_MS).toISOString();
  const setClock = async () => {
    const a = await call(server.url, 'POST', '/_local/clock', { body: { now: virtualNow() } });
    if (a.status !== 200) throw new Error(`set clock: ${outcome(a)}`);
  };

  await server.start();
  console.log(`chaos: npm start ready in ${server.startSeconds[0].toFixed(1)} s`);
  await setClock();

  // Seeding, through the API: a staff account for every center, lawyers (registry entry, register,
  // SMS code, login), two detainees per lawyer and their bindings.
  const ledger = new Ledger();
  const problems = new Problems();
  const tally = new Tally();
  const api = new BenchApi(server.url);
  const adminToken = await api.login(ADMIN_USERNAME, ADMIN_PASSWORD);
  api.adminToken = adminToken;
  const centers = [...BENCH_CENTERS];
  const staffToken = await api.staff(adminToken, centers);
  const lawyersByCenter = new Map<string, Lawyer[]>();
  for (const centerId of centers) {
    const lawyers: Lawyer[] = [];
    await Promise.all(
      Array.from({ length: LAWYERS }, async () => {
        const lawyer = await api.lawyer();
        ledger.ack('lawyer account');
        lawyers.push(lawyer);
        for (let k = 0; k < 2; k++) {
          const detaineeId = await api.detainee(staffToken, centerId);
          ledger.detainees.push({ centerId, detaineeId });
          ledger.ack('detainee');
          const a = await call(server.url, 'POST', `/centers/${centerId}/bindings`, {
            token: staffToken,
            body: { licenseNo: lawyer.licenseNo, detaineeId, verification: 'documents' },
          });
          if (a.status !== 201) throw new Error(`seed binding: ${outcome(a)}`);
          ledger.bindings.push({ centerId, detaineeId, bindingId: a.body.bindingId, lawyerId: lawyer.lawyerId });
          ledger.ack('binding');
          ledger.pairs.push({ centerId, lawyer, detaineeId } satisfies ChaosPair);
        }
      }),
    );
    lawyersByCenter.set(centerId, lawyers);
  }
  const sessions: Session[] = [];
  for (const centerId of centers) {
    const a = await call(server.url, 'GET', `/centers/${centerId}/slots`, { token: staffToken });
    if (a.status !== 200) throw new Error(`slots: ${outcome(a)}`);
    const bookable = (a.body.slots as { slotId: string; date: string; bookable: boolean }[]).filter((s) => s.bookable).slice(0, SESSIONS);
    sessions.push(...bookable.map((s) => ({ centerId, slotId: s.slotId, date: s.date })));
  }
  if (!sessions.some((s) => s.date === DATE)) throw new Error(`no bookable session on ${DATE} (CHAOS_DATE must be a workday)`);
  console.log(
    `chaos: seeded ${ledger.pairs.length} pairs (${centers.length} centers × ${LAWYERS} lawyers × 2 detainees), ${sessions.length} sessions, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const workload = new Workload({ url: server.url, staffToken, ledger, problems, tally, sessions, today: DATE, rand, lawyersByCenter });
  const ctx: CheckContext = { url: server.url, ledger, problems, staffToken, adminToken, sessions, lawyersByCenter, workload };
  const phases: PhaseRow[] = [];
  const phaseOps = Math.ceil(OPERATIONS / (KILLS + 1));
  const killKinds: Record<string, number> = {};
  for (let phase = 0; phase <= KILLS; phase++) {
    const plan = phase < KILLS ? killPlan(rand, phaseOps, phase) : undefined;
    const kill = new KillSwitch(plan, () => server.kill9());
    const ackedBefore = ledger.ackedTotal;
    const problemsBefore = problems.total;
    const operations = await workload.runPhase(phaseOps, CONCURRENCY, kill);
    let restartSeconds: number | undefined;
    let killLabel = '—';
    if (plan) {
      killLabel = `${plan.kind}${plan.kind === 'after-ack-0ms' ? '' : ` ${plan.delayMs} ms`}, ${kill.what}`;
      killKinds[plan.kind] = (killKinds[plan.kind] ?? 0) + 1;
      await server.waitGone();
      restarts++;
      await server.start();
      restartSeconds = server.startSeconds[server.startSeconds.length - 1];
      await setClock();
    }
    const checkStarted = Date.now();
    await checkInvariants(ctx, plan ? `after kill ${phase + 1}` : 'final');
    phases.push({
      phase: phase + 1,
      operations,
      acked: ledger.ackedTotal - ackedBefore,
      kill: killLabel,
      restartSeconds,
      checkSeconds: (Date.now() - checkStarted) / 1000,
      problems: problems.total - problemsBefore,
    });
    console.log(
      `chaos: phase ${phase + 1}/${KILLS + 1}: ${operations} operations, ${ledger.ackedTotal - ackedBefore} acknowledged writes; kill ${killLabel}` +
        `${restartSeconds !== undefined ? `; restarted in ${restartSeconds.toFixed(1)} s` : ''}; ${problems.total - problemsBefore} problems`,
    );
  }
  const delivery: DeliveryFigures = await checkDeliveries(ctx);
  await server.stop();

  // ---- summary ----
  const deliveryProblems = Object.entries(problems.counts).filter(([k]) => k.startsWith('delivery:'));
  const otherProblems = Object.entries(problems.counts).filter(([k]) => !k.startsWith('delivery:'));
  const failed = otherProblems.length > 0 || (DELIVERY_STRICT && deliveryProblems.length > 0);
  const seconds = (Date.now() - started) / 1000;
  const lines: string[] = [];
  lines.push(
    `Seed ${SEED}, mode ${MODE}, concurrency ${CONCURRENCY}, ${centers.length} centers × ${LAWYERS} lawyers × 2 detainees, ${sessions.length} sessions; ${seconds.toFixed(0)} s in all.`,
    '',
    table(
      ['Phase', 'Operations', 'Acked writes', 'Kill', 'Restart (s)', 'Check (s)', 'Problems'],
      phases.map((p): Cell[] => [
        p.phase,
        p.operations,
        p.acked,
        p.kill,
        p.restartSeconds === undefined ? '—' : p.restartSeconds.toFixed(1),
        p.checkSeconds.toFixed(1),
        p.problems,
      ]),
    ),
    '',
    table(
      ['Operation', 'Answers'],
      Object.entries(tally.byOp).map(([op, row]) => [
        op,
        Object.entries(row)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k}: ${v}`)
          .join(', '),
      ]),
    ),
    '',
    table(
      ['Figure', 'Value'],
      [
        ['operations', tally.operations],
        [
          'acknowledged writes (seeding included)',
          `${ledger.ackedTotal} (${Object.entries(ledger.acked)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`,
        ],
        [
          'kills (kill -9 of the process group)',
          `${KILLS} (${
            Object.entries(killKinds)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'none'
          })`,
        ],
        ['bookings in the store / acknowledged', `${delivery.bookings} / ${delivery.ackedBookings}`],
        ['confirmations found in the outbox', delivery.confirmations],
        [
          'dead letters',
          Object.entries(delivery.deadLetters)
            .map(([k, v]) => `${v} × ${k}`)
            .join('; ') || '0',
        ],
        ['notifier settled in (s)', delivery.settleSeconds.toFixed(1)],
        ['problems', problems.total],
      ],
    ),
    '',
    problems.total
      ? table(
          ['Problem', 'Count', 'First samples'],
          Object.entries(problems.counts).map(([k, v]) => [k, v, problems.samples[k].slice(0, 2).join(' | ').slice(0, 400)]),
        )
      : 'No problems found.',
  );
  console.log(`\n${lines.join('\n')}\n`);
  if (process.env.CHAOS_JSON) {
    fs.writeFileSync(
      process.env.CHAOS_JSON,
      JSON.stringify(
        { seed: SEED, mode: MODE, kills: KILLS, phases, tally: tally.byOp, acked: ledger.acked, problems: problems.counts, samples: problems.samples, delivery, seconds },
        null,
        2,
      ),
    );
  }
  if (failed || process.env.CHAOS_KEEP) console.log(`chaos: data directory kept: ${dataDir} (npm start log: ${defaultLogFile(dataDir)})`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
  if (!failed && deliveryProblems.length) console.log('chaos: delivery problems reported only (CHAOS_DELIVERY=report)');
  console.log(failed ? `chaos: FAILED, ${problems.total} problems` : 'chaos: 0 problems');
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(`chaos: error: ${(e as Error).stack ?? String(e)}`);
  process.exit(2);
});
