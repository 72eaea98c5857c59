// The data directory lock of `npm start` (local/data-lock.ts) on a real file system: taken once,
// refused while its owner runs, taken over from an owner that is gone or a file that names nobody,
// and released only by its owner.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireDataDirLock, isAlive, LOCK_FILE } from '../../local/data-lock';
import { LocalStartError } from '../../local/dynamo-local';

let dir: string;
const lockFile = () => path.join(dir, LOCK_FILE);
const content = () => readFileSync(lockFile(), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lmb-lock-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that was just used and is no longer running. */
const deadPid = (): Promise<number> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.once('exit', () => resolve(child.pid!));
  });

it('creates the lock with the pid, in a data directory that does not exist yet, and releases it', () => {
  const nested = path.join(dir, 'not', 'yet');
  const lock = acquireDataDirLock(nested, 4242);
  expect(readFileSync(path.join(nested, LOCK_FILE), 'utf8')).toBe('4242\n');
  lock.release();
  expect(existsSync(path.join(nested, LOCK_FILE))).toBe(false);
  // No draft or moved-aside file is left behind.
  expect(readdirSync(nested)).toEqual([]);
});

it('refuses while the owner runs, naming the directory and the owner pid in one line', () => {
  // This test process is the live owner; the caller pretends to be another process.
  writeFileSync(lockFile(), `${process.pid}\n`);
  let error: unknown;
  try {
    acquireDataDirLock(dir, process.pid + 1);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LocalStartError);
  const message = (error as Error).message;
  expect(message).toContain(dir);
  expect(message).toContain(`pid ${process.pid}`);
  expect(message).not.toContain('\n');
  expect(content()).toBe(`${process.pid}\n`);
});

it('takes over a lock whose pid is gone', async () => {
  const dead = await deadPid();
  expect(isAlive(dead)).toBe(false);
  writeFileSync(lockFile(), `${dead}\n`);
  const lock = acquireDataDirLock(dir, 4242);
  expect(content()).toBe('4242\n');
  lock.release();
  expect(readdirSync(dir)).toEqual([]);
});

it.each([
  ['empty', ''],
  ['not a pid', 'hello\n'],
  ['zero', '0\n'],
])('takes over a lock file that names no process (%s)', (_name, text) => {
  writeFileSync(lockFile(), text);
  acquireDataDirLock(dir, 4242);
  expect(content()).toBe('4242\n');
});

it('a second acquire in the same directory by another live owner is refused after the first succeeded', () => {
  acquireDataDirLock(dir, process.pid);
  expect(() => acquireDataDirLock(dir, process.pid + 1)).toThrow(LocalStartError);
});

it('release leaves a lock that is no longer its own', () => {
  const lock = acquireDataDirLock(dir, 4242);
  writeFileSync(lockFile(), `${process.pid}\n`);
  lock.release();
  expect(content()).toBe(`${process.pid}\n`);
});

it('counts a process it may not signal (EPERM when unprivileged) as alive', () => {
  // pid 1 exists on every Unix; unprivileged, signalling it is refused with EPERM, as root it succeeds.
  expect(isAlive(1)).toBe(true);
});

it('explains in one line a data directory that cannot be created', () => {
  const blocker = path.join(dir, 'a-file');
  writeFileSync(blocker, '');
  expect(() => acquireDataDirLock(path.join(blocker, 'data'), 4242)).toThrow(
    new LocalStartError(`Cannot use the data directory ${path.join(blocker, 'data')} (ENOTDIR); start with LOCAL_DATA_DIR=<a writable directory> or LOCAL_DB=memory.`),
  );
});
