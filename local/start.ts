// `npm start`: the whole platform on one machine with no AWS account (SPEC §5). DynamoDB Local
// (persisted under .local/ with one start per data directory, local/data-lock.ts; or in memory with
// LOCAL_DB=memory), the local gateway on PORT (default 3000), the local identity provider, seed data
// and the sweeper timer.
import net from 'node:net';
import path from 'node:path';
import { cityConfig } from '../shared/config';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import { acquireDataDirLock } from './data-lock';
import { checkJava, LOCAL_AWS_ENV, LocalStartError, startDynamoLocal, type RunningDynamo } from './dynamo-local';
import { applyLocalEnv } from './env';
import { LOCAL_IDENTITY_TABLE, LOCAL_OUTBOX_TABLE } from './local-tables';
import { ensureWebClient } from './web-build';

const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/** Fail before starting Java when the gateway's port is taken (platform.ts checks again on listen). */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new LocalStartError(`Port ${port} is already in use; stop the other process or start with PORT=<another port>.`) : e),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** The local tables, as the AWS CLI needs them: platform, one per district, then the local-only ones. */
const tableNames = (): string[] => [
  localTableName(platformTable),
  ...cityConfig().districts.map((d) => localTableName(districtTable, d.districtId)),
  LOCAL_IDENTITY_TABLE,
  LOCAL_OUTBOX_TABLE,
];

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const started = Date.now();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}"`);
  const memory = process.env.LOCAL_DB === 'memory';
  const dataDir = memory ? undefined : path.resolve(process.env.LOCAL_DATA_DIR ?? '.local');
  const adminPassword = process.env.LOCAL_ADMIN_PASSWORD ?? 'Local-Admin-2013';

  // First of all: a second start on the same data would otherwise boot and then fail every write.
  if (dataDir) {
    const lock = acquireDataDirLock(dataDir);
    process.on('exit', () => lock.release());
  }
  checkJava();
  await assertPortFree(port);
  Object.assign(process.env, LOCAL_AWS_ENV);
  let dynamo: RunningDynamo | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await dynamo?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  // A crash of this process must not leave the Java child behind.
  process.on('exit', () => dynamo?.process.kill('SIGKILL'));
  // Nor may the death of whoever started us (a killed npm/tsx parent would orphan us and Java).
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0);
  }, 1000).unref();

  try {
    // Built beside DynamoDB Local's start when web/dist is missing or stale.
    const webClient = ensureWebClient();
    dynamo = await startDynamoLocal({ dataDir: dataDir && path.join(dataDir, 'dynamodb') });
    applyLocalEnv(dynamo.endpoint);
    // Loaded only now: handler modules read their environment at load, like a Lambda cold start.
    const { bootLocalPlatform } = await import('./platform');
    const { runLocalSweep } = await import('./sweep');
    const platform = await bootLocalPlatform({ port, dataDir, adminPassword, accessLog: process.env.ACCESS_LOG !== 'false' });
    setInterval(() => void runLocalSweep().catch((e: unknown) => console.error('sweep failed', e)), SWEEP_INTERVAL_MS).unref();
    const web = await webClient;
    if (web.error) process.stderr.write(`warning: the web client could not be built (the API works without it):\n${web.error}\n`);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const { calendarCoverageWarning } = await import('../shared/calendar-coverage');
    const warning = calendarCoverageWarning(new Date());
    if (warning) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(
      [
        `Lawyer meeting booking platform (local) ready in ${seconds}s at ${platform.url}`,
        `  web client: ${platform.url}/ (${web.error ? 'not built' : web.built ? `built in ${web.seconds.toFixed(1)}s` : 'up to date'})`,
        `  database: DynamoDB Local ${memory ? 'in memory (LOCAL_DB=memory)' : `persisted in ${dataDir}`} at ${dynamo.endpoint}`,
        `  tables: ${tableNames().join(', ')}`,
        `    (AWS CLI: --endpoint-url ${dynamo.endpoint} --region ${LOCAL_AWS_ENV.AWS_REGION}, credentials ${LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID}/${LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY}; see the README)`,
        `  admin login: username "admin", password from LOCAL_ADMIN_PASSWORD (default Local-Admin-2013)`,
        `  API reference: ${platform.url}/docs`,
        `  try:`,
        `    curl ${platform.url}/centers`,
        `    curl -X POST ${platform.url}/auth/login -H 'content-type: application/json' -d '{"username":"admin","password":"${adminPassword === 'Local-Admin-2013' ? adminPassword : '<LOCAL_ADMIN_PASSWORD>'}"}'`,
        `  Ctrl-C stops everything.`,
        '',
      ].join('\n'),
    );
  } catch (e) {
    await dynamo?.stop().catch(() => undefined);
    if (e instanceof LocalStartError) fail(e.message);
    throw e;
  }
}

main().catch((e: unknown) => {
  if (e instanceof LocalStartError) fail(e.message);
  process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
