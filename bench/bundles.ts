// Part 3: per-handler bundle size and cold import time. Each functions/*.ts is bundled with esbuild
// the way LmbFunction (aws-lambda-nodejs) does — platform node, target node22, CJS, minified,
// source map without sources content, the aliases of infra/bundling/options.ts — once with the AWS SDK external (what is deployed: the
// Node.js 22 runtime ships SDK v3) and once with nothing external. The metafile says which
// packages fill each bundle. Cold import: a fresh `node` process times `require(bundle)`, repeated
// in separate processes and the median taken.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES } from '../infra/bundling/options';
import { REPO_ROOT } from './lib/local-server';
import { median } from './lib/table';

export interface BundleVariant {
  bytes: number;
  top: { name: string; bytes: number; via: string[] }[];
  /** Bytes from zod's message locales (node_modules/zod/v4/locales), which only a non-tree-shaken zod drags in. */
  localesBytes: number;
  coldMs: number;
  /** Median CPU time of the require (user + system, all threads): less sensitive to other load on the machine. */
  coldCpuMs: number;
  coldRuns: number[];
  coldError?: string;
}

export interface BundleRow {
  handler: string;
  external: BundleVariant;
  bundled: BundleVariant;
  /** esbuild's first error when the handler does not build (its figures are then NaN). */
  buildError?: string;
}

const failedVariant = (): BundleVariant => ({ bytes: NaN, top: [], localesBytes: 0, coldMs: NaN, coldCpuMs: NaN, coldRuns: [] });

const COLD_SCRIPT = [
  "const { performance } = require('node:perf_hooks');",
  'const c0 = process.cpuUsage();',
  'const t0 = performance.now();',
  'require(process.env.BENCH_BUNDLE);',
  'const ms = performance.now() - t0;',
  'const c = process.cpuUsage(c0);',
  'process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000 }));',
  'process.exit(0);',
].join('\n');

/** What the handler sees in Lambda, minus anything that would talk to AWS at load. */
function lambdaEnv(): NodeJS.ProcessEnv {
  const districts = fs
    .readdirSync(path.join(REPO_ROOT, 'config', 'districts'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
  return {
    PATH: process.env.PATH,
    LMB_CONFIG_DIR: path.join(REPO_ROOT, 'config'),
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_NAMESPACE: 'bench',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    PLATFORM_TABLE: 'bench-platform',
    DISTRICT_TABLES: districts.map((d) => `${d}=bench-${d}`).join(','),
    IDEMPOTENCY_TABLES: districts.map((d) => `${d}=bench-${d}-idempotency`).join(','),
    USER_POOL_ID: 'cn-north-1_bench',
    USER_POOL_CLIENT_ID: 'bench-client',
  };
}

const packageOf = (file: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return m ? m[1] : `${file.split('/')[0]}/ (repo)`;
};

/** Bytes in the output per package (node_modules/<pkg>) or per repo folder, and which other packages import it. */
function contributors(meta: Metafile, outfile: string): { name: string; bytes: number; via: string[] }[] {
  const output = Object.entries(meta.outputs).find(([k]) => path.resolve(REPO_ROOT, k) === outfile)?.[1];
  if (!output) return [];
  const by = new Map<string, number>();
  for (const [file, info] of Object.entries(output.inputs)) by.set(packageOf(file), (by.get(packageOf(file)) ?? 0) + info.bytesInOutput);
  const via = new Map<string, Set<string>>();
  for (const [file, info] of Object.entries(meta.inputs)) {
    for (const imp of info.imports) {
      if (imp.external) continue;
      const from = packageOf(file);
      const to = packageOf(imp.path);
      if (from !== to) (via.get(to) ?? via.set(to, new Set()).get(to)!).add(from);
    }
  }
  return [...by.entries()].map(([name, bytes]) => ({ name, bytes, via: [...(via.get(name) ?? [])].sort() })).sort((a, b) => b.bytes - a.bytes);
}

function bytesMatching(meta: Metafile, outfile: string, pattern: RegExp): number {
  const output = Object.entries(meta.outputs).find(([k]) => path.resolve(REPO_ROOT, k) === outfile)?.[1];
  return Object.entries(output?.inputs ?? {}).reduce((s, [file, info]) => s + (pattern.test(file) ? info.bytesInOutput : 0), 0);
}

function coldImport(bundle: string, runs: number): { runs: number[]; cpu: number[]; error?: string } {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', COLD_SCRIPT], { env: { ...lambdaEnv(), BENCH_BUNDLE: bundle }, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) {
      const line = `${r.stderr ?? ''}`.split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${r.status}`;
      return { runs: times, cpu, error: line.trim().slice(0, 200) };
    }
    const out = JSON.parse(r.stdout) as { ms: number; cpuMs: number };
    times.push(out.ms);
    cpu.push(out.cpuMs);
  }
  return { runs: times, cpu };
}

export interface BundleOptions {
  coldRuns: number;
  log: (line: string) => void;
}

export async function runBundles(options: BundleOptions): Promise<BundleRow[]> {
  const handlers = fs
    .readdirSync(path.join(REPO_ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  // In the temp dir, a node_modules link lets the SDK-external bundles resolve @aws-sdk/* like
  // the Lambda runtime's built-in SDK would.
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lmb-bench-'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(outRoot, 'node_modules'), 'dir');
  try {
    const rows: BundleRow[] = [];
    for (const handler of handlers) {
      const variants: Partial<Record<'external' | 'bundled', BundleVariant>> = {};
      let buildError: string | undefined;
      for (const variant of ['external', 'bundled'] as const) {
        const outfile = path.join(outRoot, variant, handler, 'index.js');
        const result = await build({
          entryPoints: [path.join(REPO_ROOT, 'functions', `${handler}.ts`)],
          absWorkingDir: REPO_ROOT,
          outfile,
          bundle: true,
          platform: 'node',
          target: 'node22',
          format: 'cjs',
          minify: true,
          sourcemap: true,
          sourcesContent: false,
          external: variant === 'external' ? ['@aws-sdk/*'] : [],
          alias: { ...BUNDLE_ALIASES },
          metafile: true,
          logLevel: 'silent',
        }).catch((e: Error & { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
          const first = e.errors?.[0];
          buildError = first ? `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}` : String(e);
          return undefined;
        });
        if (!result) {
          variants[variant] = failedVariant();
          continue;
        }
        const cold = coldImport(outfile, options.coldRuns);
        variants[variant] = {
          bytes: fs.statSync(outfile).size,
          top: contributors(result.metafile, outfile),
          localesBytes: bytesMatching(result.metafile, outfile, /node_modules\/zod\/.*\/locales\//),
          coldMs: cold.error ? NaN : median(cold.runs),
          coldCpuMs: cold.error ? NaN : median(cold.cpu),
          coldRuns: cold.runs,
          coldError: cold.error,
        };
      }
      const row: BundleRow = { handler, external: variants.external!, bundled: variants.bundled!, buildError };
      rows.push(row);
      if (buildError) {
        options.log(`  ${handler}: BUILD FAILED: ${buildError}`);
        continue;
      }
      options.log(
        `  ${handler}: ${(row.external.bytes / 1024).toFixed(0)} KB / ${(row.bundled.bytes / 1024).toFixed(0)} KB, ` +
          `cold ${row.external.coldError ?? `${row.external.coldMs.toFixed(1)} ms`} / ${row.bundled.coldError ?? `${row.bundled.coldMs.toFixed(1)} ms`}`,
      );
    }
    return rows;
  } finally {
    fs.rmSync(outRoot, { recursive: true, force: true });
  }
}
