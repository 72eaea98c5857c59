// `redocly lint` (the pinned @redocly/cli, rules in redocly.yaml) on exactly what GET /openapi.json
// serves must report 0 errors and 0 warnings. The CLI runs offline: telemetry is off (redocly.yaml
// and REDOCLY_TELEMETRY), the update notice is suppressed, and the document has no remote $ref.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { handler } from '../../functions/openapi';

const ROOT = path.resolve(__dirname, '../..');
const REDOCLY = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
}

function lint(file: string): { status: number | null; report: LintReport; stderr: string } {
  const run = spawnSync(
    process.execPath,
    // --lint-config error: a mistake in redocly.yaml fails the run instead of being a side note.
    [REDOCLY, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json', '--lint-config', 'error'],
    {
      cwd: path.dirname(file),
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 120_000,
    },
  );
  const stdout = run.stdout ?? '';
  const json = stdout.slice(stdout.indexOf('{'));
  if (!json) throw new Error(`redocly printed no report (status ${run.status}): ${run.stderr}`);
  return { status: run.status, report: JSON.parse(json) as LintReport, stderr: run.stderr };
}

const context = {
  functionName: 'openapi',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:openapi',
  memoryLimitInMB: '128',
  awsRequestId: 'lint-1',
  logGroupName: '/aws/lambda/openapi',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

describe('redocly lint of the served OpenAPI document', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'openapi-lint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports 0 errors and 0 warnings', async () => {
    const res = await handler({ requestContext: {}, headers: {}, rawPath: '/openapi.json' } as never, context);
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, res.body as string);

    const { status, report, stderr } = lint(file);
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect({ status, stderr: status === 0 ? '' : stderr }).toEqual({ status: 0, stderr: '' });
  }, 120_000);

  it('does find problems in a document that has them (the run is real)', () => {
    const file = path.join(dir, 'broken.json');
    // A public operation without `security: []` and a path parameter nobody declares.
    const broken = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      servers: [{ url: 'http://127.0.0.1:3000' }],
      paths: { '/x/{id}': { get: { operationId: 'x', summary: 'x', responses: { '200': { description: 'ok' } } } } },
    };
    writeFileSync(file, JSON.stringify(broken));
    const { status, report } = lint(file);
    expect(status).not.toBe(0);
    expect(report.problems.map((p) => p.ruleId)).toEqual(expect.arrayContaining(['security-defined', 'path-parameters-defined']));
    expect(report.totals.errors).toBeGreaterThan(0);
  }, 120_000);
});
