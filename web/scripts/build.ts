// Builds the web client: `vite build` into web/dist, the bundle-size report (fails over budget),
// and a stamp of the inputs so `npm start` rebuilds only when the sources changed. The generated
// API types are not needed for it (Vite erases types): `npm run typecheck` regenerates them and
// type-checks; `--types` regenerates them here too. `npm run build:web` runs it; local/web-build.ts calls it when web/dist is stale.
import { DIST_DIR, inputHash, isWebBuildFresh, WEB_DIR, writeStamp } from './build-stamp';
import { INITIAL_JS_BUDGET_BYTES, kb, measureBundle, printBundleReport } from './bundle-size';
import { generateApiTypes } from './gen-api';
import { viteOptions } from '../vite-options';

export async function buildWeb(options: { quiet?: boolean; types?: boolean } = {}): Promise<void> {
  const hash = inputHash();
  if (options.types) await generateApiTypes();
  const { build } = await import('vite');
  await build({ ...viteOptions(), root: WEB_DIR, logLevel: options.quiet ? 'warn' : 'info' });
  const report = measureBundle(DIST_DIR);
  printBundleReport(report);
  if (report.initialJsGzip > INITIAL_JS_BUDGET_BYTES) {
    throw new Error(`initial JavaScript is ${kb(report.initialJsGzip)} gzipped, over the ${kb(INITIAL_JS_BUDGET_BYTES)} budget`);
  }
  writeStamp(hash);
}

if (require.main === module) {
  const started = Date.now();
  if (process.argv.includes('--if-stale') && isWebBuildFresh()) {
    process.stdout.write('web: web/dist is up to date\n');
    process.exit(0);
  }
  buildWeb({ quiet: process.argv.includes('--quiet'), types: process.argv.includes('--types') })
    .then(() => process.stdout.write(`web: built in ${((Date.now() - started) / 1000).toFixed(1)}s\n`))
    .catch((e: unknown) => {
      process.stderr.write(`web: build failed: ${(e as Error).message}\n`);
      process.exit(1);
    });
}
