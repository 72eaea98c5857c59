// Measures what a browser downloads before the first page works: the entry chunk and every chunk
// it imports statically (from Vite's manifest), gzipped. The budget is 150 KB of JavaScript; each
// role's lazily loaded chunk is listed beside it. `vite build` alone says nothing about gzip totals.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface BundleReport {
  initialJsGzip: number;
  initialCssGzip: number;
  initialFiles: string[];
  lazy: { name: string; gzip: number }[];
}

const gz = (distDir: string, file: string) => gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length;

export function measureBundle(distDir: string): BundleReport {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
  if (!entry) throw new Error('no entry chunk in the Vite manifest');
  const initial = new Set<string>();
  const css = new Set<string>();
  const walk = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) walk(i);
  };
  walk(entry[0]);
  const lazy = Object.entries(manifest)
    .filter(([, c]) => c.isDynamicEntry && !initial.has(c.file))
    .map(([key, c]) => ({ name: c.src ?? key, gzip: gz(distDir, c.file) }));
  return {
    initialJsGzip: [...initial].reduce((n, f) => n + gz(distDir, f), 0),
    initialCssGzip: [...css].reduce((n, f) => n + gz(distDir, f), 0),
    initialFiles: [...initial],
    lazy,
  };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function printBundleReport(report: BundleReport, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  out(`web: initial JavaScript ${kb(report.initialJsGzip)} gzipped (budget ${kb(INITIAL_JS_BUDGET_BYTES)}), CSS ${kb(report.initialCssGzip)} gzipped`);
  for (const l of report.lazy) out(`web:   lazy chunk ${l.name}: ${kb(l.gzip)} gzipped`);
}
