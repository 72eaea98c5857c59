// The esbuild aliases every Lambda bundle gets (infra/bundling/options.ts): LmbFunction really
// bundles with them (one function through NodejsFunction's local esbuild), and the stand-in for
// `semver` offers every member the bundled code calls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { BUNDLE_ALIASES } from '../../infra/bundling/options';
import { DataKey } from '../../infra/constructs/data-key';
import { LmbFunction, REPO_ROOT } from '../../infra/constructs/lmb-function';

jest.setTimeout(120_000);

describe('the semver alias', () => {
  it('covers every semver member the bundled dependencies call', async () => {
    // Without the alias, which modules import semver, and what do they call on it?
    const result = await build({
      entryPoints: [path.join(REPO_ROOT, 'functions', 'health.ts')],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      write: false,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      metafile: true,
      logLevel: 'silent',
    });
    const importers = Object.entries(result.metafile.inputs)
      .filter(([, info]) => info.imports.some((i) => /node_modules\/semver\//.test(i.path) && i.original === 'semver'))
      .map(([file]) => file);
    expect(importers).toEqual(['node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the stand-in is a CommonJS file, loaded as the bundle loads it
    const shim = require(path.join(REPO_ROOT, BUNDLE_ALIASES.semver)) as Record<string, unknown>;
    for (const file of importers) {
      const source = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const members = [...source.matchAll(/\bsemver\.(\w+)/g)].map((m) => m[1]);
      expect({ file, missing: members.filter((m) => typeof shim[m] !== 'function') }).toEqual({ file, missing: [] });
    }
    expect((shim.gte as (a: string, b: string) => boolean)('22.11.0', '8.0.0')).toBe(true);
    expect((shim.gte as (a: string, b: string) => boolean)('2.7.14', '2.7.15')).toBe(false);
  });

  it('is what LmbFunction bundles with: the asset carries gte, not the rest of semver', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lmb-bundling-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'BundlingTest');
      new DataKey(stack, { cityId: 'test', owner: 'bundling', label: 'the bundling test' });
      new LmbFunction(stack, 'Health', { handlerModule: 'health', serviceName: 'test', metricsNamespace: 'Test', removalPolicy: RemovalPolicy.DESTROY });
      app.synth();
      const bundle = fs
        .readdirSync(outdir)
        .filter((d) => d.startsWith('asset.'))
        .map((d) => path.join(outdir, d, 'index.js'))
        .find((f) => fs.existsSync(f));
      expect(bundle).toBeDefined();
      const code = fs.readFileSync(bundle!, 'utf8');
      expect(code).toContain('Invalid Version'); // semver's SemVer class, which gte parses with
      expect(code).not.toContain('Invalid SemVer Range'); // semver's Range class, which nothing here needs
      expect(fs.existsSync(path.join(path.dirname(bundle!), 'config', 'calendar'))).toBe(true);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('a handler bundle', () => {
  /** Bytes each repo file contributes to the minified bundle of functions/<handler>.ts. */
  async function contributions(handler: string): Promise<Map<string, number>> {
    const result = await build({
      entryPoints: [path.join(REPO_ROOT, 'functions', `${handler}.ts`)],
      absWorkingDir: REPO_ROOT,
      outfile: path.join(os.tmpdir(), 'lmb-bundle-contributions.js'),
      bundle: true,
      write: false,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      alias: { ...BUNDLE_ALIASES },
      metafile: true,
      logLevel: 'silent',
    });
    const [output] = Object.values(result.metafile.outputs);
    return new Map(Object.entries(output.inputs).map(([file, info]) => [file, info.bytesInOutput]));
  }

  it('carries its own route and schemas (zod/mini), not the whole route table, contract or classic zod', async () => {
    // GET /health validates nothing and answers a one-field object: a few hundred bytes at most
    // (the whole table and contract were ~38 KB); shared/api/schemas.ts builds schemas in `schema()`.
    const bytes = await contributions('health');
    for (const file of ['shared/routes.ts', 'shared/api/contract.ts', 'shared/api/schemas.ts']) {
      expect({ file, small: (bytes.get(file) ?? 0) < 512 }).toEqual({ file, small: true });
    }
    // zod/mini only: classic zod (its chainable API, ~60 KB more) must not come back through an import of 'zod'.
    expect([...bytes.keys()].filter((file) => file.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    const booking = await contributions('book-meeting');
    expect(booking.get('shared/api/schemas.ts') ?? 0).toBeLessThan(4096);
    expect(booking.get('shared/routes.ts') ?? 0).toBeLessThan(512);
  });
});
