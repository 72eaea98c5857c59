// Stops the cognito-local of test/cognito/global-setup.ts and removes its data directory.
export default async function globalTeardown(): Promise<void> {
  await globalThis.__LMB_COGNITO__?.stop();
}
