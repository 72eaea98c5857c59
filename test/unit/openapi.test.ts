// The generated OpenAPI document must cover the route table exactly and carry the contract's
// schemas and auth; these tests pin that, plus the two public handlers that serve it.
import type { Context } from 'aws-lambda';
import { buildOpenApiDocument, type OpenApiMethod, type OpenApiOperation } from '../../shared/api/openapi';
import { routes, type RouteDef } from '../../shared/routes';
import { handler as openapiHandler } from '../../functions/openapi';
import { handler as docsHandler } from '../../functions/docs';

const doc = buildOpenApiDocument();
const isLocalOnly = (r: RouteDef) => (r as RouteDef & { localOnly?: boolean }).localOnly === true;
const cloudRoutes = routes.filter((r) => !isLocalOnly(r));
const opOf = (r: Pick<RouteDef, 'method' | 'path'>): OpenApiOperation | undefined => doc.paths[r.path]?.[r.method.toLowerCase() as OpenApiMethod];

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1.0 with the Chinese title and a bearer JWT scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: '律师会见预约平台 API', version: '1.0.0' });
    expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }));
  });

  it('is built once per process', () => {
    expect(buildOpenApiDocument()).toBe(doc);
  });

  it.each(cloudRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('documents %s', (_key, route) => {
    const op = opOf(route);
    expect(op).toBeDefined();
    expect(op?.operationId).toBe(route.handler);
    expect(op?.summary).toBe(route.summary);
    expect(Object.keys(op?.responses ?? {}).length).toBeGreaterThan(0);
  });

  it('has exactly one operation per non-local route and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(cloudRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(new Set(documented.map((k) => opOf({ method: k.split(' ')[0] as RouteDef['method'], path: k.split(' ')[1] })?.operationId)).size).toBe(documented.length);
  });

  it('puts bearerAuth on protected routes only, with their roles, and an explicit no-auth on public ones', () => {
    for (const route of cloudRoutes) {
      const op = opOf(route);
      if (route.auth === 'public') {
        expect(op?.security).toEqual([]);
        expect(op?.['x-roles']).toBeUndefined();
      } else {
        expect(op?.security).toEqual([{ bearerAuth: [] }]);
        expect(op?.['x-roles']).toEqual([...route.auth]);
      }
    }
  });

  it('gives POST /auth/register a strict body with its required fields', () => {
    const schema = doc.paths['/auth/register']?.post?.requestBody?.content['application/json'].schema;
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schema?.required).toEqual(expect.arrayContaining(['username', 'password', 'name', 'phone', 'licenseNo', 'lawFirm', 'role']));
    expect(schema?.required).not.toContain('email');
    expect(JSON.stringify(doc)).not.toContain('$schema');
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('declares path parameters from the params schema', () => {
    const params = doc.paths['/centers/{centerId}/detainees']?.post?.parameters;
    expect(params).toEqual([expect.objectContaining({ name: 'centerId', in: 'path', required: true, schema: expect.objectContaining({ type: 'string' }) })]);
    const release = doc.paths['/centers/{centerId}/detainees/{detaineeId}/release']?.post?.parameters?.map((p) => p.name);
    expect(release).toEqual(['centerId', 'detaineeId']);
  });

  it('declares every templated path parameter', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        expect(
          op.parameters
            ?.filter((p) => p.in === 'path')
            .map((p) => p.name)
            .sort() ?? [],
        ).toEqual(names.sort());
      }
    }
  });

  it('answers contract errors with the Error component, grouped by status', () => {
    const responses = doc.paths['/centers/{centerId}/bindings']?.post?.responses ?? {};
    expect(responses['201']).toBeDefined();
    expect(responses['409']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      'x-error-codes': ['ALREADY_EXISTS', 'INVALID_STATE'],
    });
    expect(responses['409'].description).toContain('ALREADY_EXISTS');
    expect(responses['401']['x-error-codes']).toEqual(['UNAUTHENTICATED']);
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
  });
});

describe('public handlers', () => {
  const event = (rawPath: string) => ({ requestContext: {}, headers: {}, rawPath }) as never;
  const context = {
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:test',
    memoryLimitInMB: '128',
    awsRequestId: 'req-1',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as Context;

  it('GET /openapi.json answers 200 with the JSON document', async () => {
    const res = await openapiHandler(event('/openapi.json'), context);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body as string)).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('GET /docs answers 200 with a self-contained HTML page', async () => {
    const res = await docsHandler(event('/docs'), context);
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<!doctype html>');
  });
});

describe('routes beyond contract v1', () => {
  it('are flagged in the document and only they are', () => {
    const flagged = routes.filter((r) => doc.paths[r.path]?.[r.method.toLowerCase() as OpenApiMethod]?.['x-beyond-contract']);
    expect(flagged.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      routes
        .filter((r) => r.beyondContract)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    expect(flagged.length).toBeGreaterThan(0);
  });
});
