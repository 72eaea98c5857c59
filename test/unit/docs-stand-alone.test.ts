// The repository stands alone: its README and docs/ describe it without pointing outside it (no
// `../` path, no handed specification), and every repository path they name exists, so a reader of
// a fresh clone can follow each one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const documents = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** A path inside the repository as the documents write them: `shared/tables.ts`, `config/districts/`. */
const REPO_PATH = /^(config|shared|functions|infra|local|test|bench|docs)\/[\w./-]*$/;

describe.each(documents.map((d) => [d, readFileSync(path.join(ROOT, d), 'utf8')] as const))('%s', (name, text) => {
  it('points nowhere outside the repository', () => {
    expect(text).not.toMatch(/\.\.\//);
    expect(text).not.toMatch(/\/work\//);
    expect(text).not.toMatch(/\bSPEC\b/);
  });

  it('names only repository paths that exist', () => {
    const named = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((t) => REPO_PATH.test(t));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((p) => !existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  it('links only to files of the repository that exist', () => {
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^(https?:|mailto:|#)/.test(l));
    expect(links.filter((l) => !existsSync(path.resolve(ROOT, path.dirname(name), l.split('#')[0])))).toEqual([]);
  });
});
