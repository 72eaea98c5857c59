// A contract error's message is what a user reads (the error body's `message`): Simplified Chinese,
// never an English phrase, even where a caller happens to catch the error today (a sweep's "already
// handled" may be answered to someone tomorrow). Reads every `new <ContractError>(...)` in shared/
// and functions/ with the TypeScript parser: a first argument whose literal text has Latin words
// and no Chinese fails. Names and codes inside Chinese text (`Idempotency-Key 须为…`) are fine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT, tsFiles } from './support/source-files';

const parse = (file: string) => ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);

/** Every class of shared/errors.ts that extends AppError (the errors the contract answers with). */
function contractErrors(): Set<string> {
  const names = new Set<string>(['AppError']);
  parse('shared/errors.ts').forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || !node.name) return;
    const base = node.heritageClauses?.[0]?.types[0]?.expression.getText();
    if (base && names.has(base)) names.add(node.name.text);
  });
  return names;
}

const literalText = (node: ts.Expression): string | undefined => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('');
  return undefined;
};

const isEnglish = (text: string) => !/^[A-Z][A-Z_]*$/.test(text) && /[A-Za-z]{3,}/.test(text) && !/[\u4e00-\u9fff]/.test(text);

function englishMessages(files: string[], errors: ReadonlySet<string>): string[] {
  return files.flatMap((file) => {
    const found: string[] = [];
    const source = parse(file);
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && errors.has(node.expression.text) && node.arguments?.length) {
        const text = literalText(node.arguments[0]);
        if (text !== undefined && isEnglish(text)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.expression.text}('${text}')`);
      }
      node.forEachChild(visit);
    };
    visit(source);
    return found;
  });
}

describe('contract error messages', () => {
  const errors = contractErrors();

  it('knows the contract errors', () => {
    expect([...errors]).toEqual(expect.arrayContaining(['InvalidState', 'ValidationFailed', 'NotFound', 'SlotFull', 'DetaineeNotAvailable']));
    expect(errors.has('ConfigError')).toBe(false);
  });

  it('are Chinese wherever they are thrown', () => {
    expect(englishMessages([...tsFiles('shared'), ...tsFiles('functions')], errors)).toEqual([]);
  });

  it('the check tells English from Chinese', () => {
    expect(isEnglish('already handled')).toBe(true);
    expect(isEnglish('Idempotency-Key 须为 8–128 位字母')).toBe(false);
    expect(isEnglish('看守所不存在：')).toBe(false);
    // A contract code given to an error that words it itself (DetaineeNotAvailable) is no message.
    expect(isEnglish('SLOT_UNAVAILABLE')).toBe(false);
  });
});
