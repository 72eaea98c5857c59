// `npm start` as a newcomer runs it: a real process, ready within 30 s, persisted data surviving a
// restart without duplicated seed, DynamoDB Local listening on loopback only, a clear one-line
// error when Java, javac or the port is missing or the data directory is taken by another start,
// and no orphan Java process after SIGTERM.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isAlive, LOCK_FILE } from '../../local/data-lock';
import { freePort } from '../../local/dynamo-local';
import { isLoopback, listeningSocketsOf } from '../support/sockets';

const ROOT = path.resolve(__dirname, '..', '..');
/**
 * local/start.ts run by Node with tsx's loader, as `npm start` runs it but without the tsx CLI
 * wrapper: that wrapper gives the child 30 ms to acknowledge a relayed SIGTERM and SIGKILLs it
 * otherwise, which on a loaded machine turns a clean stop into exit 143 and an orphaned Java.
 */
const START = ['--import', 'tsx', 'local/start.ts'];
const READY_GUARD_MS = 120_000;

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  readyMs: number;
}

function start(env: Record<string, string>): Promise<Started> {
  const began = Date.now();
  const child = spawn(process.execPath, START, { cwd: ROOT, env: { ...process.env, ACCESS_LOG: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    // A guard against a start that hangs, not a speed test: the first test checks the 30 s.
    const timer = setTimeout(() => reject(new Error(`not ready in ${READY_GUARD_MS / 1000} s:\n${out}`)), READY_GUARD_MS);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /ready in [\d.]+s at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, readyMs: Date.now() - began });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
}

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, START, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.once('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

/** The pid a data directory's lock names, or undefined when there is no lock. */
function lockOwner(dir: string): number | undefined {
  const file = path.join(dir, LOCK_FILE);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

/** A pid that was just used and is no longer running. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.once('exit', () => resolve(child.pid!));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** DynamoDB Local processes started for this data directory. */
function javaProcessesFor(marker: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes('DynamoDBLocal.jar') && l.includes(marker));
}

const json = async (url: string, init?: RequestInit) => {
  const r = await fetch(url, init);
  return { status: r.status, body: (await r.json()) as any };
};
const post = (url: string, body: unknown, token?: string) =>
  json(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'lmb-start-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('starts, persists across a restart without duplicating the seed, and stops its Java child', async () => {
  const port = String(await freePort());
  const first = await start({ PORT: port, LOCAL_DATA_DIR: dataDir });
  expect(first.readyMs).toBeLessThan(30_000);
  expect(first.output()).toContain('admin');
  expect(first.output()).toMatch(/curl .*\/centers/);
  expect(javaProcessesFor(dataDir)).toHaveLength(1);
  if (process.platform === 'linux') {
    // The Java child of `npm start` serves DynamoDB on 127.0.0.1 and nowhere else.
    const javaPid = Number(javaProcessesFor(dataDir)[0].trim().split(/\s+/)[0]);
    const addresses = listeningSocketsOf(javaPid).map((s) => s.address);
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((a) => !isLoopback(a))).toEqual([]);
  }

  const centers = await json(`${first.url}/centers`);
  expect(centers.body.centers).toHaveLength(4);
  expect(centers.body.centers.filter((c: { onlineBooking: boolean }) => !c.onlineBooking)).toHaveLength(1);
  const admin = await post(`${first.url}/auth/login`, { username: 'admin', password: 'Local-Admin-2013' });
  const created = await post(`${first.url}/admin/users`, { username: 'persisted-staff', password: 'Pass-Word-123', role: 'staff', centerIds: ['jiading-kss'] }, admin.body.token);
  expect(created.status).toBe(201);

  expect(await stop(first.child)).toBe(0);
  expect(javaProcessesFor(dataDir)).toHaveLength(0);

  const second = await start({ PORT: port, LOCAL_DATA_DIR: dataDir });
  try {
    // The signing key persisted too: a token from the first run still works.
    const staffLogin = await post(`${second.url}/auth/login`, { username: 'persisted-staff', password: 'Pass-Word-123' });
    expect(staffLogin.status).toBe(200);
    const oldToken = await post(`${second.url}/admin/users`, { username: 'admin', password: 'Pass-Word-123', role: 'admin' }, admin.body.token);
    // The seed ran again without creating a second admin: the name is still taken once.
    expect(oldToken.status).toBe(409);
    expect((await post(`${second.url}/auth/login`, { username: 'admin', password: 'Local-Admin-2013' })).status).toBe(200);
  } finally {
    await stop(second.child);
  }
  expect(javaProcessesFor(dataDir)).toHaveLength(0);
}, 90_000);

it('exits non-zero with one clear line when the port is taken', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const { code, stderr } = await run({ PORT: String(port), LOCAL_DB: 'memory' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(`Port ${port} is already in use`)]);
  } finally {
    blocker.close();
  }
}, 60_000);

it('exits non-zero with one clear line when javac (a JDK) is missing', async () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'lmb-nojavac-'));
  symlinkSync(process.execPath, path.join(bin, 'node'));
  symlinkSync(realpathSync(execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim()), path.join(bin, 'java'));
  try {
    const { code, stderr } = await run({ PATH: bin, LOCAL_DB: 'memory' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('`javac` was not found on PATH (install e.g. openjdk-17-jdk-headless)')]);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}, 60_000);

it('exits non-zero with one clear line when Java is missing', async () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'lmb-nojava-'));
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, path.join(bin, 'node'));
  try {
    const { code, stderr } = await run({ PATH: bin, LOCAL_DB: 'memory' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('Java 17+ is required')]);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}, 60_000);

describe('one start per data directory', () => {
  let lockDir: string;
  beforeEach(() => {
    lockDir = mkdtempSync(path.join(os.tmpdir(), 'lmb-lock-'));
  });
  afterEach(() => rmSync(lockDir, { recursive: true, force: true }));

  it('refuses a second start on the same data directory with one line naming it and the first pid, and the first keeps serving', async () => {
    const first = await start({ PORT: String(await freePort()), LOCAL_DATA_DIR: lockDir });
    try {
      const owner = lockOwner(lockDir)!;
      expect(isAlive(owner)).toBe(true);

      const second = await run({ PORT: String(await freePort()), LOCAL_DATA_DIR: lockDir });
      expect(second.code).toBe(1);
      const lines = second.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(lockDir);
      expect(lines[0]).toContain(`pid ${owner}`);
      // It stopped before starting anything: no ready line, no second DynamoDB Local on the data.
      expect(second.stdout).not.toContain('ready');
      expect(javaProcessesFor(lockDir)).toHaveLength(1);
      expect(lockOwner(lockDir)).toBe(owner);

      // The first one still reads and writes.
      const admin = await post(`${first.url}/auth/login`, { username: 'admin', password: 'Local-Admin-2013' });
      expect(admin.status).toBe(200);
      const created = await post(`${first.url}/admin/users`, { username: 'after-refused-start', password: 'Pass-Word-123', role: 'staff', centerIds: ['minhang-kss'] }, admin.body.token);
      expect(created.status).toBe(201);

      // A throwaway database has no data directory and takes no lock: with the same LOCAL_DATA_DIR it
      // gets past the lock to the next check (here, a PATH without Java, so nothing else starts).
      const noJava = mkdtempSync(path.join(os.tmpdir(), 'lmb-nojava-'));
      try {
        const memory = await run({ PORT: String(await freePort()), LOCAL_DB: 'memory', LOCAL_DATA_DIR: lockDir, PATH: noJava });
        expect(memory.code).toBe(1);
        expect(memory.stderr.trim().split('\n')).toEqual([expect.stringContaining('Java 17+ is required')]);
      } finally {
        rmSync(noJava, { recursive: true, force: true });
      }
      expect(lockOwner(lockDir)).toBe(owner);
    } finally {
      await stop(first.child);
    }
    // Released on exit.
    expect(lockOwner(lockDir)).toBeUndefined();
  }, 2 * READY_GUARD_MS);

  it('takes over a lock left by a start that is gone', async () => {
    const dead = await deadPid();
    expect(isAlive(dead)).toBe(false);
    writeFileSync(path.join(lockDir, LOCK_FILE), `${dead}\n`);

    const started = await start({ PORT: String(await freePort()), LOCAL_DATA_DIR: lockDir });
    try {
      const owner = lockOwner(lockDir)!;
      expect(owner).not.toBe(dead);
      expect(isAlive(owner)).toBe(true);
      expect(started.output()).toContain(`persisted in ${lockDir}`);
    } finally {
      await stop(started.child);
    }
    expect(lockOwner(lockDir)).toBeUndefined();
  }, 2 * READY_GUARD_MS);
});
