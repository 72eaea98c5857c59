// Jest global setup of the browser tests: `npm start` in memory mode on a free port (it builds the
// web client first when web/dist is stale), the URL handed to the test files through process.env.
// One platform for the run; test files use their own accounts, detainees and sessions.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';

declare global {
  var __LMB_WEB_SERVER__: ChildProcess | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const root = path.join(__dirname, '..', '..');
  // Output goes to a file, not a pipe: a pipe would keep Jest's process alive after the run.
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'lmb-web-')), 'npm-start.log');
  const fd = openSync(logFile, 'a');
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOCAL_DB: 'memory', ACCESS_LOG: 'false', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  child.unref();
  globalThis.__LMB_WEB_SERVER__ = child;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 180_000;
  for (;;) {
    const output = readFileSync(logFile, 'utf8');
    if (/ready in [\d.]+s at/.test(output)) {
      if (/web client: .*not built/.test(output)) throw new Error(`the web client did not build:\n${output}`);
      break;
    }
    if (exited !== undefined) throw new Error(`npm start exited with ${exited}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start was not ready within 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  process.env.LMB_WEB_URL = `http://127.0.0.1:${port}`;
  process.env.LMB_WEB_LOG = logFile;
}
