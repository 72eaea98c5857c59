// Sweep benchmark (issue 4): time and DynamoDB read units of one sweep over a day with 1,000
// no-shows while the district table also holds 1×, 10× and 100× as many past bookings. The sweep
// reads the sparse index of live bookings, so the figures must stay flat as history grows.
// Runs in-process against its own DynamoDB Local (in memory). `npx tsx bench/sweep.ts` alone, or
// as a part of `npm run bench` (BENCH_PARTS=sweep).
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, LOCAL_AWS_ENV, startDynamoLocal } from '../local/dynamo-local';
import { applyLocalEnv } from '../local/env';
import { districtTable, localTableName, platformTable } from '../shared/tables';

export interface SweepRow {
  history: number;
  live: number;
  seconds: number;
  readUnits: number;
  queries: number;
  noShows: number;
}

const LIVE = Number(process.env.BENCH_SWEEP_LIVE ?? 1000);
const FACTORS = (process.env.BENCH_SWEEP_FACTORS ?? '1,10,100').split(',').map(Number);
const CENTER = 'minhang-kss';
const DAY = '2026-12-01';
const LAST_ADMISSION = `${DAY}T11:00:00.000+08:00`;

/** Writes items with BatchWriteItem, 8 batches of 25 at a time, until none is left unprocessed. */
export async function batchPut(client: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending = chunks[next++].map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function booking(i: number, live: boolean, run: number) {
  const bookingId = `bk.minhang.R${run}${live ? 'L' : 'H'}${String(i).padStart(8, '0')}`;
  const item: Record<string, unknown> = {
    PK: `BOOKING#${bookingId}`,
    SK: 'BOOKING',
    bookingId,
    status: live ? 'booked' : 'completed',
    centerId: CENTER,
    detaineeId: `dt_${i}`,
    slotId: `${live ? DAY : '2026-06-01'}.AM`,
    date: live ? DAY : '2026-06-01',
    sessionStart: `${live ? DAY : '2026-06-01'}T08:30:00.000+08:00`,
    lastAdmission: live ? LAST_ADMISSION : '2026-06-01T11:00:00.000+08:00',
    queueNumber: (i % 6) + 1,
    leadLawyerId: `lw_bench_${run}_${i}`,
    coCounselLawyerIds: [],
    internLawyerIds: [],
    lawyerIds: [`lw_bench_${run}_${i}`],
    createdAt: '2026-05-30T09:00:00.000+08:00',
    GSI1PK: `DAY#${CENTER}#${live ? DAY : '2026-06-01'}`,
    GSI1SK: `08:30#${String((i % 6) + 1).padStart(4, '0')}`,
  };
  if (live) Object.assign(item, { GSI2PK: `LIVE#${CENTER}`, GSI2SK: `${LAST_ADMISSION}#${bookingId}` });
  return item;
}

export async function runSweepBench(log: (line: string) => void = console.log): Promise<SweepRow[]> {
  Object.assign(process.env, LOCAL_AWS_ENV);
  const dynamo = await startDynamoLocal();
  try {
    applyLocalEnv(dynamo.endpoint);
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    // Loaded after the environment is in place, as in a Lambda cold start.
    const { ddb } = await import('../shared/adapters/dynamo');
    const { sweep } = await import('../shared/use-cases/sweep');
    const platform = localTableName(platformTable);
    await ensureTable(dynamo.client, platformTable, platform);

    // Count read units and queries of everything the sweep sends.
    let readUnits = 0;
    let queries = 0;
    ddb.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? '';
        const input = args.input as { ReturnConsumedCapacity?: string };
        const reading = name === 'QueryCommand' || name === 'GetItemCommand' || name === 'BatchGetItemCommand' || name === 'GetCommand' || name === 'BatchGetCommand';
        if (reading) input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        if (reading) {
          if (name === 'QueryCommand') queries++;
          const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
          for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) readUnits += c.CapacityUnits ?? 0;
        }
        return result;
      },
      { step: 'initialize', name: 'benchReadUnits' },
    );

    const rows: SweepRow[] = [];
    for (const factor of FACTORS) {
      const table = `${localTableName(districtTable, 'minhang')}-bench-${factor}x`;
      await ensureTable(dynamo.client, districtTable, table);
      process.env.DISTRICT_TABLES = `minhang=${table}`;
      const history = LIVE * factor;
      // Fresh lawyers per run, so each run records every lawyer's first violation (same work each time).
      await batchPut(
        ddb,
        platform,
        Array.from({ length: LIVE }, (_, i) => ({
          PK: `USER#lw_bench_${factor}_${i}`,
          SK: 'PROFILE',
          userId: `lw_bench_${factor}_${i}`,
          role: 'lawyer',
          status: 'confirmed',
          phone: '+8613900000000',
        })),
      );
      const seedStart = performance.now();
      await batchPut(ddb, table, [
        ...Array.from({ length: history }, (_, i) => booking(i, false, factor)),
        ...Array.from({ length: LIVE }, (_, i) => booking(i, true, factor)),
        // The detainees in custody: a no-show is only charged when the detainee could have come (R4).
        ...Array.from({ length: LIVE }, (_, i) => ({ PK: `DETAINEE#dt_${i}`, SK: 'PROFILE', detaineeId: `dt_${i}`, centerId: CENTER, status: 'active' })),
      ]);
      log(`sweep bench: seeded ${LIVE} live + ${history} past bookings in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
      readUnits = 0;
      queries = 0;
      const started = performance.now();
      const report = await sweep(new Date(`${DAY}T12:00:00+08:00`));
      const seconds = (performance.now() - started) / 1000;
      rows.push({ history, live: LIVE, seconds, readUnits, queries, noShows: report.noShows.length });
      log(`sweep bench: history ${history}: ${report.noShows.length} no-shows in ${seconds.toFixed(1)} s, ${readUnits.toFixed(1)} RCU, ${queries} queries`);
    }
    return rows;
  } finally {
    await dynamo.stop();
  }
}

export function sweepTable(rows: SweepRow[]): string {
  const lines = [
    '| Past bookings in the table | Live bookings swept | No-shows marked | Sweep time | Read units (RCU) | Queries |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.history} | ${r.live} | ${r.noShows} | ${r.seconds.toFixed(1)} s | ${r.readUnits.toFixed(1)} | ${r.queries} |`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  runSweepBench()
    .then((rows) => console.log(`\n${sweepTable(rows)}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
