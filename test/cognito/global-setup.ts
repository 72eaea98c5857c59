// Jest global setup of the `cognito` project: one cognito-local for the run, its pool built from the
// synthesized platform stack; the adapter under test finds it through the same env vars CDK sets
// (USER_POOL_ID, USER_POOL_CLIENT_ID) plus the SDK's endpoint override, inherited by the workers.
import { startEmulator, type RunningEmulator } from './emulator';

declare global {
  var __LMB_COGNITO__: RunningEmulator | undefined;
}

export default async function globalSetup(): Promise<void> {
  const emulator = await startEmulator();
  globalThis.__LMB_COGNITO__ = emulator;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulator.endpoint,
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    USER_POOL_ID: emulator.userPoolId,
    USER_POOL_CLIENT_ID: emulator.clientId,
    LMB_COGNITO_ISSUER: emulator.issuer,
    LMB_COGNITO_GROUPS: emulator.groups.join(','),
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  if (process.env.LMB_COGNITO_TIMING) {
    process.stdout.write(`\ncognito-local answering after ${emulator.timing.readyMs} ms, platform pool created after ${emulator.timing.poolMs} ms\n`);
  }
}
