// The document must be good enough to generate a typed client from: openapi-typescript turns it into
// types, and a small openapi-fetch script that books a meeting (with its Idempotency-Key header) and
// reads `queueNumber` must compile, while the same script with a wrong field, a missing header or a
// misspelt body field must not. Everything happens in a temp dir; nothing touches the network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ts from 'typescript';
import { buildOpenApiDocument } from '../../shared/api/openapi';

const ROOT = path.resolve(__dirname, '../..');
const OPENAPI_TS = path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');

const header = `import createClient from 'openapi-fetch';
import type { paths } from './schema';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000' });
const body = { centerId: 'minhang-kss', detaineeId: 'dt_01M8S1WVWT32GBSWFF6HZAW3QW', slotId: '2026-12-02.AM' };
`;

/** The script a client developer would write; the variants below each break one thing. */
const GOOD = `${header}
type Key = paths['/bookings']['post']['parameters']['header']['Idempotency-Key'];
const key: Key = 'bk-20261201-7f3c9a2e';

export async function book(token: string): Promise<number | string> {
  const { data, error } = await client.POST('/bookings', {
    params: { header: { 'Idempotency-Key': key } },
    headers: { authorization: \`Bearer \${token}\` },
    body,
  });
  if (error) {
    const code: 'SLOT_FULL' | string = error.error.code;
    return code;
  }
  const queueNumber: number = data.queueNumber;
  return queueNumber;
}
`;

const VARIANTS = {
  'wrong-field.ts': GOOD.replace('data.queueNumber', 'data.queueNumbr'),
  'no-key.ts': GOOD.replace("params: { header: { 'Idempotency-Key': key } },", ''),
  'wrong-body.ts': GOOD.replace('    body,\n', "    body: { centerId: 'minhang-kss', detaineeId: 'dt_01M8S1WVWT32GBSWFF6HZAW3QW', slotID: '2026-12-02.AM' },\n"),
};

describe('a typed client generated from the document', () => {
  let dir: string;
  let diagnostics: Map<string, string[]>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'openapi-client-'));
    // The scripts import openapi-fetch; let them resolve it from the project.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(buildOpenApiDocument()));

    const generated = spawnSync(process.execPath, [OPENAPI_TS, 'openapi.json', '--output', 'schema.ts'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
      timeout: 120_000,
    });
    if (generated.status !== 0) throw new Error(`openapi-typescript failed (${generated.status}): ${generated.stderr}`);

    const files = { 'good.ts': GOOD, ...VARIANTS };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const program = ts.createProgram({
      rootNames: [path.join(dir, 'schema.ts'), ...Object.keys(files).map((f) => path.join(dir, f))],
      options: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        skipLibCheck: true,
      },
    });
    diagnostics = new Map();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file ? path.basename(d.file.fileName) : '(global)';
      diagnostics.set(file, [...(diagnostics.get(file) ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')]);
    }
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates types that compile on their own', () => {
    expect(diagnostics.get('schema.ts') ?? []).toEqual([]);
    expect(diagnostics.get('(global)') ?? []).toEqual([]);
  });

  it('lets a script book with the Idempotency-Key header and read queueNumber', () => {
    expect(diagnostics.get('good.ts') ?? []).toEqual([]);
  });

  it('rejects reading a field the answer does not have', () => {
    expect(diagnostics.get('wrong-field.ts')).toEqual([expect.stringContaining("'queueNumbr'")]);
  });

  it('rejects a booking without the required Idempotency-Key header', () => {
    const errors = diagnostics.get('no-key.ts')?.join('\n');
    expect(errors).toMatch(/Property 'params' is missing/);
    expect(errors).toContain('Idempotency-Key');
  });

  it('rejects a body field the contract does not have', () => {
    expect(diagnostics.get('wrong-body.ts')?.join('\n')).toMatch(/slotI[dD]/);
  });
});
