// `npm start` on a fresh clone (or after a change to the web client or the contract) builds the
// web client before serving it: in a child process, beside DynamoDB Local's start, so readiness
// stays within seconds. An up-to-date web/dist (web/scripts/build-stamp.ts) is used as it is. A
// failed build does not stop the API: `/` then explains how to build.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { isWebBuildFresh } from '../web/scripts/build-stamp';

export interface WebBuildResult {
  built: boolean;
  seconds: number;
  error?: string;
}

export function ensureWebClient(): Promise<WebBuildResult> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  if (isWebBuildFresh()) return Promise.resolve({ built: false, seconds: seconds() });
  const root = path.join(__dirname, '..');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'web', 'scripts', 'build.ts'), '--quiet'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Stopping `npm start` mid-build must not leave the build running on.
    const stop = () => child.kill();
    process.once('exit', stop);
    child.once('exit', () => process.off('exit', stop));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ built: false, seconds: seconds(), error: e.message }));
    child.on('exit', (code) =>
      resolve(code === 0 ? { built: true, seconds: seconds() } : { built: false, seconds: seconds(), error: output.trim().split('\n').slice(-5).join('\n') }),
    );
  });
}
