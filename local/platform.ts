// Boots the platform on top of a running DynamoDB Local: tables from shared/tables.ts, the local
// identity provider, the seed data, the gateway and the notifier. `npm start` and the API tests both use it.
// The caller must have applied local/env.ts first.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { useIdentityProvider } from '../shared/adapters/identity';
import { cityConfig } from '../shared/config';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import { ensureTable, LOCAL_AWS_ENV, LocalStartError } from './dynamo-local';
import { createGateway } from './gateway';
import { LocalIdentityProvider, loadSigningKeys } from './identity-provider';
import { LOCAL_IDENTITY_TABLE, LOCAL_OUTBOX_TABLE, localIdentityTable, localOutboxTable } from './local-tables';
import { seedLocalData } from './seed';
import { runLocalSweep } from './sweep';
import { runLocalRetention } from './retention';
import { startLocalNotifier } from './notifier';
import { createWebSite } from './web-site';

export const LOCAL_ISSUER = 'https://idp.local.lawyer-meetings';

export interface LocalPlatformOptions {
  port: number;
  /** Where the signing key persists; undefined → a fresh key per process (memory mode, tests). */
  dataDir?: string;
  adminPassword: string;
  /** See GatewayOptions.accessLog. */
  accessLog?: boolean | ((line: string) => void);
  host?: string;
  /** Deliver outbox notifications in the background (default); tests of the notifier turn it off. */
  notifier?: boolean;
  /** Serve the web client at `/` (web/dist); default on. */
  webClient?: boolean;
}

export interface LocalPlatform {
  url: string;
  port: number;
  identity: LocalIdentityProvider;
  server: Server;
  close(): Promise<void>;
}

export async function createLocalTables(endpoint = process.env.DYNAMODB_ENDPOINT): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY },
  });
  try {
    const jobs = [
      ensureTable(client, platformTable, localTableName(platformTable)),
      ensureTable(client, localIdentityTable, LOCAL_IDENTITY_TABLE),
      ensureTable(client, localOutboxTable, LOCAL_OUTBOX_TABLE),
      ...cityConfig().districts.map((d) => ensureTable(client, districtTable, localTableName(districtTable, d.districtId))),
    ];
    await Promise.all(jobs);
  } finally {
    client.destroy();
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new LocalStartError(`Port ${port} is already in use; stop the other process or start with PORT=<another port>.`) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function bootLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  await createLocalTables();
  const identity = new LocalIdentityProvider(await loadSigningKeys(options.dataDir), LOCAL_ISSUER);
  useIdentityProvider(identity);
  await seedLocalData(identity, options.adminPassword);

  const site = options.webClient === false ? undefined : createWebSite();
  const server = createGateway({ identity, sweep: runLocalSweep, retention: runLocalRetention, accessLog: options.accessLog, site });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port, host);
  const stopNotifier = options.notifier === false ? async () => undefined : startLocalNotifier();
  const close = async () => {
    await stopNotifier();
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  };
  return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, port, identity, server, close };
}
