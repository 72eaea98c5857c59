// Item "the OpenAPI document is complete": every operation explains itself and shows an example of
// each input and each success answer, every example passes the schema the server validates with,
// and the Idempotency-Key header, servers, security and error fields are declared. A route added to
// shared/routes.ts without docs in shared/api/operation-docs.ts fails here (and fails to compile).
import * as z from 'zod';
import { contract } from '../../shared/api/contract';
import { buildOpenApiDocument, type JsonSchema, type OpenApiMethod } from '../../shared/api/openapi';
import { errorExamples, operationDocs, type AnyOperationDocs, type OperationDocs } from '../../shared/api/operation-docs';
import { errorBody, idempotencyHeaders } from '../../shared/api/schemas';
import { requireIdempotencyKey } from '../../shared/adapters/idempotency';
import { AppError, ERROR_CODES } from '../../shared/errors';
import { routeKey, routes, type RouteDef } from '../../shared/routes';
import type { RouteContract } from '../../shared/api/contract';

const doc = buildOpenApiDocument();
const isLocalOnly = (r: RouteDef) => (r as RouteDef & { localOnly?: boolean }).localOnly === true;
const cloudRoutes = routes.filter((r) => !isLocalOnly(r));
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method as OpenApiMethod, path, op: op })),
);
const contractOf = (key: string) => (contract as Record<string, RouteContract | undefined>)[key];

describe('every operation of the document', () => {
  it('covers every cloud route (so the walk below misses none)', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(cloudRoutes.map(routeKey).sort());
  });

  it.each(operations.map((o) => [o.key, o] as const))('%s has a description and examples of its inputs and answers', (_key, { op }) => {
    expect(op.description?.trim().length).toBeGreaterThan(10);
    const body = op.requestBody?.content['application/json'];
    if (op.requestBody) expect(body?.example).toBeDefined();
    for (const param of op.parameters ?? []) {
      expect({ param: param.name, example: param.example }).toEqual({ param: param.name, example: expect.anything() });
    }
    const success = Object.entries(op.responses).filter(([status]) => Number(status) < 400);
    expect(success.length).toBeGreaterThan(0);
    for (const [status, response] of success) {
      const media = Object.values(response.content ?? {});
      expect({ status, media: media.length }).toEqual({ status, media: 1 });
      expect({ status, example: media[0].example }).toEqual({ status, example: expect.anything() });
    }
    for (const [status, response] of Object.entries(op.responses).filter(([s]) => Number(s) >= 400)) {
      const examples = response.content?.['application/json'].examples ?? {};
      expect({ status, codes: Object.keys(examples) }).toEqual({ status, codes: response['x-error-codes'] });
    }
  });

  it('groups operations under tags that all carry a description', () => {
    const used = new Set(operations.flatMap((o) => o.op.tags));
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...used].sort());
    for (const tag of doc.tags) expect({ tag: tag.name, description: tag.description }).toEqual({ tag: tag.name, description: expect.any(String) });
  });
});

describe('the examples', () => {
  const entries = Object.entries(operationDocs as Record<string, AnyOperationDocs>);

  it('exist exactly for the contract entries', () => {
    expect(entries.map(([key]) => key).sort()).toEqual(Object.keys(contract).sort());
  });

  it.each(entries)('of %s pass the schemas the server validates with', (key, docs) => {
    const spec = contractOf(key) as RouteContract;
    for (const where of ['body', 'params', 'query', 'headers'] as const) {
      const schema = spec[where];
      const example = docs.examples[where];
      expect({ where, hasExample: example !== undefined }).toEqual({ where, hasExample: schema !== undefined });
      if (schema) expect({ where, issues: schema.safeParse(example).error?.issues }).toEqual({ where, issues: undefined });
    }
    expect(Object.keys(docs.examples.responses).sort()).toEqual(Object.keys(spec.responses).sort());
    for (const [status, schema] of Object.entries(spec.responses)) {
      const example = docs.examples.responses[Number(status)];
      if (!schema) {
        expect(typeof example).toBe('string');
        continue;
      }
      const parsed = schema.safeParse(example);
      expect({ status, issues: parsed.error?.issues }).toEqual({ status, issues: undefined });
      // Response objects are not strict; comparing with the parsed value catches a misspelt extra field.
      expect(parsed.data).toEqual(example);
    }
  });

  it('use the Shanghai offset for every instant they show', () => {
    const instants = JSON.stringify(operationDocs).match(/\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?/g) ?? [];
    expect(instants.length).toBeGreaterThan(20);
    for (const instant of instants) expect(instant).toMatch(/\+08:00$/);
  });

  it('give every error code an error body that fits the Error schema', () => {
    for (const code of ERROR_CODES) {
      const example = errorExamples[code];
      expect(errorBody.parse(example)).toEqual(example);
      expect(example.error.code).toBe(code);
    }
    expect(errorExamples.VALIDATION_FAILED.error.issues?.length).toBeGreaterThan(0);
    expect(errorExamples.LOCKED_OUT.error.lockedUntil).toMatch(/\+08:00$/);
  });

  it('are checked against the schemas at compile time too', () => {
    type C = typeof contract;
    const booked = (operationDocs['POST /bookings'].examples.responses as { 201: z.output<C['POST /bookings']['responses'][201]> })[201];
    const missingBody: OperationDocs<C['POST /bookings']> = {
      description: '缺少请求体示例',
      // @ts-expect-error a route with a body needs a body example
      examples: { headers: { 'Idempotency-Key': 'abcdefgh' }, responses: { 201: booked, 200: booked } },
    };
    const missingHeader: OperationDocs<C['POST /bookings']> = {
      description: '缺少请求头示例',
      // @ts-expect-error a route with a required header needs a header example
      examples: { body: { centerId: 'minhang-kss', detaineeId: 'dt_1', slotId: '2026-12-02.AM' }, responses: { 201: booked, 200: booked } },
    };
    const missingStatus: OperationDocs<C['POST /bookings']> = {
      description: '缺少 200 示例',
      examples: {
        headers: { 'Idempotency-Key': 'abcdefgh' },
        body: { centerId: 'minhang-kss', detaineeId: 'dt_1', slotId: '2026-12-02.AM' },
        // @ts-expect-error every success status needs an example
        responses: { 201: booked },
      },
    };
    const misspelt: OperationDocs<C['POST /waitlist']> = {
      description: '字段名拼错',
      // @ts-expect-error an example field the schema does not have
      examples: { body: { centerId: 'minhang-kss', detaineeId: 'dt_1', slotID: '2026-12-02.AM' }, responses: { 201: { waitlistId: 'wl.minhang.1', position: 1 } } },
    };
    const bodyWithoutSchema: OperationDocs<C['GET /me']> = {
      description: '没有请求体的接口',
      // @ts-expect-error no body example where the route takes no body
      examples: { body: {}, responses: { 200: operationDocs['GET /me'].examples.responses[200] } },
    };
    // The values only exist for the compiler; at run time they are what was written.
    expect([missingBody, missingHeader, missingStatus, misspelt, bodyWithoutSchema].map((d) => d.description)).toHaveLength(5);
  });
});

describe('Idempotency-Key', () => {
  const idempotent = ['POST /bookings', 'POST /bookings/{bookingId}/cancel', 'POST /bookings/{bookingId}/reschedule'];

  it.each(idempotent)('is a required header parameter of %s, with the replay and reuse rules', (key) => {
    const [method, path] = key.split(' ');
    const op = doc.paths[path]?.[method.toLowerCase() as OpenApiMethod];
    const header = op?.parameters?.find((p) => p.in === 'header');
    expect(header).toMatchObject({ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 8, maxLength: 128 } });
    expect(header?.description).toContain('200');
    expect(header?.description).toContain('IDEMPOTENCY_KEY_REUSED');
    expect(op?.description).toContain('Idempotency-Key');
    expect(op?.responses['200'].description).toMatch(/首次/);
    expect(op?.responses['409']['x-error-codes']).toContain('IDEMPOTENCY_KEY_REUSED');
  });

  it('appears on no other operation', () => {
    const withHeader = operations.filter((o) => o.op.parameters?.some((p) => p.in === 'header')).map((o) => o.key);
    expect(withHeader.sort()).toEqual([...idempotent].sort());
  });

  it('is documented with exactly the rule the handlers enforce', () => {
    const documented = idempotencyHeaders.shape['Idempotency-Key'];
    const cases = ['', 'short12', 'exactly8', 'a'.repeat(128), 'a'.repeat(129), 'bk-2026:12.01_x', 'with space!', '预约-12345678', 'new\nline1234'];
    for (const key of cases) {
      let enforced = true;
      try {
        requireIdempotencyKey({ 'idempotency-key': key });
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        enforced = false;
      }
      expect({ key, documented: documented.safeParse(key).success }).toEqual({ key, documented: enforced });
    }
  });
});

describe('document level', () => {
  it('lists the local server and a district API with its variables', () => {
    expect(doc.servers?.[0]).toMatchObject({ url: 'http://127.0.0.1:3000' });
    const district = doc.servers?.[1];
    const variables = [...(district?.url.matchAll(/\{([^}]+)\}/g) ?? [])].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(0);
    expect(Object.keys(district?.variables ?? {}).sort()).toEqual(variables.sort());
  });

  it('answers 400, 401 and 403 wherever the handler wrapper does, even when a contract forgets to list them', () => {
    for (const route of cloudRoutes) {
      const spec = contractOf(routeKey(route));
      const op = doc.paths[route.path]?.[route.method.toLowerCase() as OpenApiMethod];
      const codes = Object.values(op?.responses ?? {}).flatMap((r) => r['x-error-codes'] ?? []);
      const validates = Boolean(spec?.body || spec?.params || spec?.query || spec?.headers);
      expect({ route: routeKey(route), validates: codes.includes('VALIDATION_FAILED') }).toEqual({ route: routeKey(route), validates });
      if (route.auth !== 'public') expect({ route: routeKey(route), codes }).toEqual({ route: routeKey(route), codes: expect.arrayContaining(['UNAUTHENTICATED']) });
    }
    // This contract entry lists no VALIDATION_FAILED, yet a malformed bookingId is a 400.
    expect(contract['GET /bookings/{bookingId}'].errors).not.toContain('VALIDATION_FAILED');
    expect(doc.paths['/bookings/{bookingId}']?.get?.responses['400']?.['x-error-codes']).toEqual(['VALIDATION_FAILED']);
    // Every role may list slots, so no role is refused there.
    expect(doc.paths['/centers/{centerId}/slots']?.get?.responses['403']).toBeUndefined();
  });

  it('declares the extra error fields and every error code in the Error schema', () => {
    const error = (doc.components.schemas.Error as { properties: { error: JsonSchema } }).properties.error as {
      properties: Record<string, JsonSchema>;
      required: string[];
    };
    expect(error.required.sort()).toEqual(['code', 'message']);
    expect((error.properties.code.enum as string[]).sort()).toEqual([...ERROR_CODES].sort());
    expect(error.properties.issues).toMatchObject({
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] },
    });
    expect(error.properties.lockedUntil).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('marks times as date-time and days as date, in requests and answers', () => {
    const formatOf = (schema: unknown, ...path: string[]): unknown => path.reduce<unknown>((s, key) => (s as Record<string, unknown> | undefined)?.[key], schema);
    const booking = doc.paths['/bookings/{bookingId}']?.get?.responses['200'].content?.['application/json'].schema;
    expect(formatOf(booking, 'properties', 'createdAt', 'format')).toBe('date-time');
    expect(formatOf(booking, 'properties', 'date', 'format')).toBe('date');
    expect(formatOf(booking, 'properties', 'cancelledAt', 'anyOf', '0', 'format')).toBe('date-time');
    const slots = doc.paths['/centers/{centerId}/slots']?.get;
    expect(slots?.parameters?.find((p) => p.name === 'from')?.schema.format).toBe('date');
    const checkIn = doc.paths['/bookings/{bookingId}/check-in']?.post?.requestBody?.content['application/json'].schema;
    expect(formatOf(checkIn, 'properties', 'arrivedAt', 'format')).toBe('date-time');
    const me = doc.paths['/me']?.get?.responses['200'].content?.['application/json'].schema;
    expect(formatOf(me, 'properties', 'lockedUntil', 'anyOf', '0', 'format')).toBe('date-time');
  });

  it('keeps the server-side validation as it was (the added formats only describe)', () => {
    // The request schemas still accept and refuse what they did: dates and instants with offset.
    const slotsQuery = contract['GET /centers/{centerId}/slots'].query;
    expect(slotsQuery.safeParse({ from: '2026-12-02' }).success).toBe(true);
    expect(slotsQuery.safeParse({ from: '2026-12-32' }).success).toBe(false);
    const checkIn = contract['POST /bookings/{bookingId}/check-in'].body;
    expect(checkIn.safeParse({ arrivedAt: '2026-12-02T08:52:00+08:00' }).success).toBe(true);
    expect(checkIn.safeParse({ arrivedAt: '2026-12-02 08:52' }).success).toBe(false);
  });
});
