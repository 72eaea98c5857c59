// Stops the DynamoDB Local started by test/dynamo-global-setup.ts (no orphan Java process).
export default async function globalTeardown(): Promise<void> {
  await globalThis.__LMB_DYNAMO__?.stop();
}
