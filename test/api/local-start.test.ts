// `npm start` as a newcomer runs it: a real process, ready within 30 s, persisted data surviving a
// restart without duplicated seed, DynamoDB Local listening on loopback only, a clear one-line
// error when Java, javac or the port is missing, and no orphan Java process after SIGTERM.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../local/dynamo-local';
import { isLoopback, listeningSocketsOf } from '../support/sockets';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  readyMs: number;
}

function start(env: Record<string, string>): Promise<Started> {
  const began = Date.now();
  const child = spawn(TSX, ['local/start.ts'], { cwd: ROOT, env: { ...process.env, ACCESS_LOG: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /ready in [\d.]+s at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, readyMs: Date.now() - began });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${out}`));
    });
  });
}

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['local/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
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
