// One `npm start` per data directory. Two DynamoDB Local processes on one database file do not share
// it: the second starts, then fails every write (500s). The lock is a file `<dataDir>/lock` holding
// the owner's pid, created atomically (it fails when the name exists) and removed on exit; a lock
// whose pid no longer runs (a killed or crashed start) is taken over. Memory mode has no data
// directory and takes no lock.
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalStartError } from './dynamo-local';

export const LOCK_FILE = 'lock';

export interface DataDirLock {
  path: string;
  /** Removes the lock if it is still ours; synchronous so an `exit` handler can call it. */
  release(): void;
}

/** True while a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readPid = (file: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;

/** Filesystems without hard links (some network and FAT mounts). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates the lock with our pid, or returns false when one exists. The pid is written to a private
 * file first and hard-linked into place, so a lock is never seen half-written (an empty file could
 * not be told from a stale one); without hard links, an exclusive create (`wx`) does it.
 */
function tryCreate(file: string, pid: number): boolean {
  const draft = `${file}.${pid}.new`;
  writeFileSync(draft, `${pid}\n`, { mode: 0o644 });
  try {
    linkSync(draft, file);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    if (!NO_LINKS.has(errno(e) ?? '')) throw e;
  } finally {
    unlinkSync(draft);
  }
  try {
    writeFileSync(file, `${pid}\n`, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Removes a stale lock left by `stalePid` without ever removing a live one: the lock is moved aside
 * atomically and checked; if a concurrent start replaced it meanwhile, it is put back.
 */
function removeStale(file: string, stalePid: number | undefined): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if (errno(e) === 'ENOENT') return;
    throw e;
  }
  const moved = readPid(aside);
  if (moved !== stalePid && moved !== undefined && isAlive(moved)) {
    // A concurrent start took the stale lock over between our read and the move: theirs goes back.
    renameSync(aside, file);
    return;
  }
  unlinkSync(aside);
}

export function acquireDataDirLock(dataDir: string, pid = process.pid): DataDirLock {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    throw new LocalStartError(
      `Cannot use the data directory ${dataDir} (${errno(e) ?? (e as Error).message}); start with LOCAL_DATA_DIR=<a writable directory> or LOCAL_DB=memory.`,
    );
  }
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, pid)) {
      return {
        path: file,
        release: () => {
          if (readPid(file) !== pid) return;
          try {
            unlinkSync(file);
          } catch (e) {
            if (errno(e) !== 'ENOENT') throw e;
          }
        },
      };
    }
    const owner = readPid(file);
    if (owner !== undefined && owner !== pid && isAlive(owner)) {
      throw new LocalStartError(
        `The data directory ${dataDir} is in use by another npm start (pid ${owner}); stop it first, or start with ` +
          `LOCAL_DATA_DIR=<another directory> or LOCAL_DB=memory (if pid ${owner} is not npm start, delete ${file}).`,
      );
    }
    // A dead owner, our own pid left by an earlier process, or an unreadable file: take it over.
    removeStale(file, owner);
  }
  throw new LocalStartError(`Could not take the lock ${file}: other starts keep racing for it; try again.`);
}
