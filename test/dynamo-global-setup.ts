// Jest global setup of the integration and API projects: one DynamoDB Local (in memory) for the
// run, its endpoint and the local table names exported to the test workers through process.env.
import { startDynamoLocal, type RunningDynamo } from '../local/dynamo-local';
import { applyLocalEnv } from '../local/env';

declare global {
  var __LMB_DYNAMO__: RunningDynamo | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dynamo = await startDynamoLocal();
  globalThis.__LMB_DYNAMO__ = dynamo;
  applyLocalEnv(dynamo.endpoint);
  // Tables are created once here so parallel test files never race on CreateTable.
  const { createLocalTables } = await import('../local/platform');
  await createLocalTables(dynamo.endpoint);
}
