// Every requirement id cited anywhere in the repository (code, tests, docs) is defined in
// docs/glossary.md, and the glossary defines no id nobody cites.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const scanned = ['shared', 'functions', 'infra', 'local', 'test', 'web/src', 'bench', 'scripts', 'docs', 'README.md', 'CHANGELOG.md'];
const ID = /\b([RB](?:1[0-5]|[1-9])[a-z]?)\b/g;

function files(p: string): string[] {
  const full = path.join(root, p);
  if (statSync(full).isFile()) return [p];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' || name.endsWith('.gen.ts') ? [] : files(path.join(p, name))));
}

function cited(): Set<string> {
  const ids = new Set<string>();
  for (const f of scanned.flatMap(files)) {
    if (!/\.(ts|tsx|md)$/.test(f) || f === path.join('docs', 'glossary.md')) continue;
    for (const m of readFileSync(path.join(root, f), 'utf8').matchAll(ID)) ids.add(m[1]);
  }
  return ids;
}

const defined = new Set([...readFileSync(path.join(root, 'docs/glossary.md'), 'utf8').matchAll(/^\| ([RB]\d+[a-z]?) \|/gm)].map((m) => m[1]));

test('every requirement id the repository cites is defined in docs/glossary.md', () => {
  expect([...cited()].filter((id) => !defined.has(id)).sort()).toEqual([]);
});

test('the glossary defines only ids the repository cites', () => {
  const ids = cited();
  expect([...defined].filter((id) => !ids.has(id)).sort()).toEqual([]);
});
