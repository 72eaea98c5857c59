// Starts local mode (`local/start.ts`: DynamoDB Local in memory + the local gateway) as a child
// process, so the server's CPU time is not the load generator's, and stops it with SIGTERM (which
// also stops its DynamoDB Local Java child).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cpuOfTree, type CpuSample } from './cpu';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface LocalServer {
  url: string;
  pid: number;
  startupSeconds: number;
  /** The server's stdout and stderr (handler error logs land here). */
  logFile: string;
  /** Handler errors logged by the gateway since the log had `fromByte` bytes; `bytes` is the log's size now. */
  errorsSince(fromByte: number): ServerErrors;
  /** CPU time used so far (ms): the gateway process (handlers run in it) and its children (DynamoDB Local's JVM). */
  cpu(): CpuSample | undefined;
  stop(): Promise<void>;
}

export interface ServerErrors {
  bytes: number;
  /** Lambda timeouts: middy's early timeout response (TimeoutError) reported by the gateway as 500. */
  timeouts: number;
  other: number;
  otherSamples: string[];
}

function countErrors(logFile: string, fromByte: number): ServerErrors {
  let text = '';
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch {
    // no log
  }
  const bytes = Buffer.byteLength(text);
  const lines = Buffer.from(text).subarray(fromByte).toString('utf8').split('\n');
  const errors = lines.filter((l) => l.includes('"level":"ERROR"'));
  const isTimeout = (l: string) => l.includes('"gateway error"') && l.includes('AbortError');
  const timeouts = errors.filter(isTimeout).length;
  const others = errors.filter((l) => !isTimeout(l));
  return { bytes, timeouts, other: others.length, otherSamples: [...new Set(others.map((l) => l.slice(0, 300)))].slice(0, 3) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startLocalServer(extraEnv: Record<string, string> = {}): Promise<LocalServer> {
  const port = await freePort();
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('local', 'start.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      LOCAL_DB: 'memory',
      ACCESS_LOG: 'false',
      BOOKING_ATTEMPTS_PER_MINUTE: '1000000',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const logFile = path.join(os.tmpdir(), `lmb-bench-server-${process.pid}.log`);
  const log = fs.createWriteStream(logFile);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const onStderr = (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  };
  child.stderr!.on('data', onStderr);
  let onStdout: (d: Buffer) => void = () => undefined;

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`local mode not ready after 90 s\n${stdout}\n${stderr}`));
    }, 90_000);
    onStdout = (d: Buffer) => {
      stdout += d.toString();
      const m = /ready in \S+ at (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onStdout);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`local mode exited before it was ready (code ${code}, signal ${signal})\n${stdout}\n${stderr}`));
    });
  });
  // Only the log file reads stdout from here on.
  child.stdout!.off('data', onStdout);
  child.stderr!.off('data', onStderr);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url,
    pid: child.pid!,
    startupSeconds: (Date.now() - started) / 1000,
    logFile,
    errorsSince: (fromByte) => countErrors(logFile, fromByte),
    cpu: () => (process.platform === 'linux' ? cpuOfTree(child.pid!) : undefined),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(resolve));
      // Keep the log only when it holds errors worth reading.
      const errors = countErrors(logFile, 0);
      if (!errors.timeouts && !errors.other) fs.rmSync(logFile, { force: true });
    },
  };
}
