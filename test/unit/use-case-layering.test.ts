// The layers' import rules: use cases and the domain never import the AWS SDK (DynamoDB reads,
// writes and expressions live in shared/adapters/, use cases call them or add the items they plan to
// a transaction), the domain imports nothing from the adapters, and adapters import no use case
// (only the ports in shared/use-cases/ports/ they implement). Imports are read through the
// TypeScript pre-processor, so `import type`, re-exports and dynamic imports count too. And no file of
// shared/ or functions/ reaches itself through its imports (runtime or type-only): a reader can start
// at any module and read down, never round.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT, tsFiles } from './support/source-files';

const importsOf = (file: string): string[] => ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);

function offending(dir: string, forbidden: (specifier: string, file: string) => boolean): string[] {
  return tsFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((s) => forbidden(s, file))
      .map((s) => `${file} imports ${s}`),
  );
}

/** The shared/ or functions/ file a relative import names, if it is one. */
function resolved(file: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return [`${base}.ts`, `${base}/index.ts`].find((f) => known.has(f));
}

/** Which of `files` each of them imports. */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((f) => [f, [...new Set(importsOf(f).flatMap((s) => resolved(f, s, known) ?? []))]]));
}

/** Every circle of a graph: each strongly connected component of more than one node, or a node reaching itself. */
function circlesOf(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const files = [...edges.keys()];
  // Tarjan's algorithm: a component of more than one file, or a file importing itself, is a circle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || edges.get(v)!.includes(v)) circles.push(component.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return circles;
}

const target = (specifier: string, file: string) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
/** A use case itself, not one of the ports it declares (adapters implement those). */
const isUseCase = (specifier: string, file: string) => target(specifier, file).startsWith('shared/use-cases/') && !target(specifier, file).startsWith('shared/use-cases/ports/');

const isSdk = (specifier: string) => specifier.startsWith('@aws-sdk/');
const isAdapter = (specifier: string, file: string) => target(specifier, file).startsWith('shared/adapters/');

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

  it('adapters and delivery import no use case, only the ports use cases declare', () => {
    expect([...offending('shared/adapters', isUseCase), ...offending('shared/notifications', isUseCase)]).toEqual([]);
  });

  it('no file of shared/ or functions/ imports itself round a circle (type-only imports count)', () => {
    expect(circlesOf(importGraph([...tsFiles('shared'), ...tsFiles('functions')]))).toEqual([]);
  });

  it('the circle check finds every circle, and only circles', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', ['d']],
      ['e', ['a']],
      ['f', []],
    ]);
    expect(circlesOf(graph)).toEqual([['d'], ['a', 'b', 'c']]);
    expect(
      circlesOf(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('the import graph counts type-only imports and re-exports', () => {
    const graph = importGraph(tsFiles('shared'));
    // shared/notifications/outbox.ts imports TransactionPlan as a type only.
    expect(graph.get('shared/notifications/outbox.ts')).toContain('shared/adapters/transaction.ts');
    // shared/adapters/identity.ts re-exports the port's types.
    expect(graph.get('shared/adapters/identity.ts')).toContain('shared/use-cases/ports/identity.ts');
  });
});
