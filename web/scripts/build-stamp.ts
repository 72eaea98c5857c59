// Whether web/dist was built from the sources as they are now: a hash of every input, stored
// beside the build. Cheap (no bundler loaded), so `npm start` can decide to skip the build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const WEB_DIR = path.join(__dirname, '..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');
const ROOT = path.join(WEB_DIR, '..');
export const STAMP = path.join(DIST_DIR, '.build-stamp');

/** Everything the built app depends on: its sources, the contract it is typed against, the lockfile. */
const INPUTS = ['web/src', 'web/public', 'web/index.html', 'web/vite-options.ts', 'web/api-paths.ts', 'shared/api', 'shared/routes.ts', 'shared/domain', 'package-lock.json'];

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'schema.gen.ts')
    .flatMap((e) => files(path.join(rel, e.name)));
}

export function inputHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(file);
    hash.update(readFileSync(path.join(ROOT, file)));
  }
  return hash.digest('hex');
}

export function isWebBuildFresh(): boolean {
  try {
    return readFileSync(STAMP, 'utf8').trim() === inputHash() && existsSync(path.join(DIST_DIR, 'index.html'));
  } catch {
    return false;
  }
}

export function writeStamp(hash: string): void {
  writeFileSync(STAMP, `${hash}\n`);
}
