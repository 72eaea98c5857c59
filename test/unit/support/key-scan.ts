// Finds every DynamoDB key prefix and key constant the source builds, so test/unit/data-model.test.ts
// can hold docs/data-model.md to the code. It parses each file with the TypeScript compiler (comments
// and identifiers never count, only string and template literal text):
//  - a prefix is an upper-case word ending in `#` at the start of a literal part or right after a `#`
//    in it: `BOOKING#${id}`, 'BOUND#', `SLOT#${centerId}#${slotId}`, 'NOTIFY#sending', `${a}#WAIT#${b}`;
//  - a constant is an upper-case word given whole to a key attribute (PK, SK, GSI<n>PK, GSI<n>SK, or the
//    :pk/:sk/:gpk/:gsk expression values), directly or through a `const NAME = '…'` of the same file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface KeyToken {
  token: string;
  kind: 'prefix' | 'constant';
  /** `file:line` where the code builds it. */
  at: string;
}

const PREFIX = /(?:^|#)([A-Z][A-Z0-9_]*#)/g;
const CONSTANT = /^[A-Z][A-Z0-9_]*$/;
const KEY_ATTRIBUTE = /^(PK|SK|GSI\d+PK|GSI\d+SK|:pk|:sk|:gpk|:gsk)$/;

/** The literal text parts of a string or template literal node. */
function literalParts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return [];
}

const propertyName = (name: ts.PropertyName): string | undefined =>
  ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) ? name.text : undefined;

export function keyTokensIn(source: string, file: string): KeyToken[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const at = (node: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
  const tokens: KeyToken[] = [];

  // `const NAME = 'VALUE'` anywhere in the file, for constants handed to a key by name.
  const constants = new Map<string, string>();
  const collect = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))
    ) {
      constants.set(node.name.text, node.initializer.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);

  const visit = (node: ts.Node): void => {
    for (const part of literalParts(node)) {
      for (const m of part.matchAll(PREFIX)) tokens.push({ token: m[1], kind: 'prefix', at: at(node) });
    }
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && KEY_ATTRIBUTE.test(name)) {
        const init = node.initializer;
        const value = ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) ? init.text : ts.isIdentifier(init) ? constants.get(init.text) : undefined;
        if (value !== undefined && CONSTANT.test(value)) tokens.push({ token: value, kind: 'constant', at: at(init) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return tokens;
}

/** Every `.ts` file under the directories, recursively (node_modules and build output skipped). */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === 'cdk.out' || entry === 'dist') continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return out.sort();
}

export function keyTokensOfTree(root: string, dirs: readonly string[]): KeyToken[] {
  return sourceFiles(root, dirs).flatMap((file) => keyTokensIn(readFileSync(file, 'utf8'), path.relative(root, file)));
}

/** What a document names as keys: prefixes inside inline code spans, and code spans that are one upper-case word. */
export function documentedKeys(markdown: string): { prefixes: Set<string>; constants: Set<string> } {
  const prefixes = new Set<string>();
  const constants = new Set<string>();
  for (const [, span] of markdown.matchAll(/`([^`\n]+)`/g)) {
    for (const m of span.matchAll(PREFIX)) prefixes.add(m[1]);
    if (CONSTANT.test(span.trim())) constants.add(span.trim());
  }
  return { prefixes, constants };
}

/** The tokens the document does not name, one entry per token with every place that builds it. */
export function undocumented(tokens: readonly KeyToken[], markdown: string): string[] {
  const doc = documentedKeys(markdown);
  const missing = new Map<string, string[]>();
  for (const t of tokens) {
    const known = t.kind === 'prefix' ? doc.prefixes.has(t.token) : doc.constants.has(t.token);
    if (!known) missing.set(`${t.kind} ${t.token}`, [...(missing.get(`${t.kind} ${t.token}`) ?? []), t.at]);
  }
  return [...missing].map(([token, places]) => `${token} (built at ${[...new Set(places)].join(', ')})`).sort();
}
