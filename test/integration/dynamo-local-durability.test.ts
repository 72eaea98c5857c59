// Issue 23 F1: DynamoDB Local acknowledged TransactWriteItems before their COMMIT ran (the jar's
// commitTransaction queues the COMMIT on the SQLite thread without waiting), so a kill -9 right
// after the answer lost the transaction. The launcher (local/java/LoopbackDynamoDBLocal.java)
// makes the answer wait for the COMMIT. Each round writes one transaction on a persisted
// database, kills the Java process at once (0 ms after the answer), restarts it and reads it back.
// Bounded: LMB_DURABILITY_KILLS rounds (default 5; each restart is a JVM start).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoLocal } from '../../local/dynamo-local';
import { districtTable } from '../../shared/tables';

const kills = Number(process.env.LMB_DURABILITY_KILLS ?? 5);
const table = 'lmb-durability-probe';

it(`a TransactWriteItems answered before a kill -9 is there after the restart (${kills} kills)`, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lmb-durable-'));
  const lost: number[] = [];
  try {
    for (let round = 0; round <= kills; round++) {
      const dynamo = await startDynamoLocal({ dataDir: dir, timeoutMs: 120_000 });
      try {
        await ensureTable(dynamo.client, districtTable, table);
        if (round > 0) {
          for (const sk of ['a', 'b']) {
            const got = await dynamo.client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: `ROUND#${round - 1}` }, SK: { S: sk } }, ConsistentRead: true }));
            if (!got.Item) lost.push(round - 1);
          }
        }
        if (round === kills) break;
        await dynamo.client.send(
          new TransactWriteItemsCommand({
            TransactItems: ['a', 'b'].map((sk) => ({ Put: { TableName: table, Item: { PK: { S: `ROUND#${round}` }, SK: { S: sk } } } })),
          }),
        );
        dynamo.process.kill('SIGKILL');
        await new Promise((r) => (dynamo.process.exitCode === null && dynamo.process.signalCode === null ? dynamo.process.once('exit', r) : r(undefined)));
      } finally {
        await dynamo.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(lost).toEqual([]);
}, 600_000);
