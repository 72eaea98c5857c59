// Stops the `npm start` of the browser tests (its whole process group: npm, tsx, Java).
export default async function globalTeardown(): Promise<void> {
  const child = globalThis.__LMB_WEB_SERVER__;
  if (!child?.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
