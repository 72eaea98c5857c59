// The layers' import rules: use cases and the domain never import the AWS SDK (DynamoDB reads,
// writes and expressions live in shared/adapters/, use cases call them or add the items they plan to
// a transaction), and the domain imports nothing from the adapters. Imports are read through the
// TypeScript pre-processor, so `import type`, re-exports and dynamic imports count too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

const importsOf = (file: string): string[] => ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);

function offending(dir: string, forbidden: (specifier: string, file: string) => boolean): string[] {
  return tsFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((s) => forbidden(s, file))
      .map((s) => `${file} imports ${s}`),
  );
}

const isSdk = (specifier: string) => specifier.startsWith('@aws-sdk/');
const isAdapter = (specifier: string, file: string) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).startsWith('shared/adapters/');

describe('layering', () => {
  it('finds the files it checks', () => {
    expect(tsFiles('shared/use-cases').length).toBeGreaterThan(10);
    expect(tsFiles('shared/domain').length).toBeGreaterThan(5);
  });

  it('use cases import no AWS SDK', () => {
    expect(offending('shared/use-cases', isSdk)).toEqual([]);
  });

  it('the domain imports no AWS SDK and nothing from the adapters', () => {
    expect(offending('shared/domain', (s, file) => isSdk(s) || isAdapter(s, file))).toEqual([]);
  });
});
