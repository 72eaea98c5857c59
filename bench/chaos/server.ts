// `npm start` as an operator runs it (persisted data directory), in its own process group so that
// one `kill -9` of the group takes npm, the platform's node process and DynamoDB Local's JVM at once
// — the crash the chaos suite inflicts. Restarts reuse the data directory and the port.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../lib/local-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while any process of the group exists (zombies included, until reaped). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StartOptions {
  dataDir: string;
  port: number;
  logFile: string;
  /** How long one start may take (a loaded machine with a stale web build needs a minute or more). */
  timeoutMs?: number;
}

export class ChaosServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly url: string;
  /** Seconds each start took, in order. */
  readonly startSeconds: number[] = [];

  constructor(private readonly options: StartOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get pgid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const started = Date.now();
    const log = fs.openSync(this.options.logFile, 'a');
    fs.writeSync(log, `\n===== npm start at ${new Date().toISOString()} =====\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['start'], {
      cwd: REPO_ROOT,
      // Its own process group: `kill -9 -<pgid>` reaches npm, node and java, and nothing of ours.
      detached: true,
      env: {
        ...process.env,
        PORT: String(this.options.port),
        LOCAL_DATA_DIR: this.options.dataDir,
        LOCAL_DB: 'persisted',
        ACCESS_LOG: 'false',
        // The chaos workload books far more than a lawyer would in a minute (B5's attempt limit).
        BOOKING_ATTEMPTS_PER_MINUTE: '1000000',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
      stdio: ['ignore', 'pipe', log],
    });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let stdout = '';
    const logStream = fs.createWriteStream(this.options.logFile, { flags: 'a' });
    child.once('exit', () => logStream.end());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start not ready after ${(this.options.timeoutMs ?? 180_000) / 1000} s (log: ${this.options.logFile})`)),
        this.options.timeoutMs ?? 180_000,
      );
      child.stdout!.on('data', (d: Buffer) => {
        logStream.write(d);
        if (stdout.length < 10_000) stdout += d.toString();
        if (/ready in \S+ at http:\/\//.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited before it was ready (code ${code}, signal ${signal}; log: ${this.options.logFile})`));
      });
    });
    this.startSeconds.push((Date.now() - started) / 1000);
  }

  /** `kill -9` of the whole process group, synchronously: nothing of the server runs after this returns. */
  kill9(): void {
    const pgid = this.child?.pid;
    if (pgid === undefined) return;
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }

  /** Waits until no process of the group is left (the JVM's exit is what frees the database files). */
  async waitGone(timeoutMs = 30_000): Promise<void> {
    const pgid = this.child?.pid;
    if (pgid === undefined) return;
    await this.exited;
    const deadline = Date.now() + timeoutMs;
    while (groupAlive(pgid)) {
      if (Date.now() > deadline) throw new Error(`process group ${pgid} still alive ${timeoutMs / 1000} s after kill -9`);
      await sleep(50);
    }
    this.child = undefined;
  }

  /** A clean stop (SIGTERM to the group; SIGKILL after 20 s). */
  async stop(): Promise<void> {
    const pgid = this.child?.pid;
    if (pgid === undefined || !groupAlive(pgid)) return;
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.kill9(), 20_000);
    await this.waitGone(40_000).finally(() => clearTimeout(timer));
  }
}

export const defaultLogFile = (dataDir: string) => path.join(dataDir, 'npm-start.log');
