// Builds the OpenAPI 3.1 document from the route table and the contract's zod schemas, so the
// published reference cannot drift from what the handlers validate. It only describes: it must
// never be the place where a route, a role or a schema is defined.
import * as z from 'zod';
import { AppError, type ErrorCode } from '../errors';
import { routeKey, routes, type RouteDef } from '../routes';
import { contract, type RouteContract } from './contract';
import { errorBody } from './schemas';

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  content?: { 'application/json': { schema: JsonSchema } };
  /** Error codes answered with this status (error responses only). */
  'x-error-codes'?: string[];
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, OpenApiResponse>;
  security?: Record<string, string[]>[];
  /** Roles (Cognito groups) allowed in; absent on public operations. */
  'x-roles'?: string[];
  /** Steady-state requests per second enforced by API Gateway route throttling. */
  'x-rate-limit'?: number;
  /** Not part of contract v1 (SPEC §6): an addition. */
  'x-beyond-contract'?: boolean;
}

export type OpenApiMethod = 'get' | 'post' | 'delete';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

const ERROR_REF = '#/components/schemas/Error';

const SUCCESS_TEXT: Record<number, string> = { 200: '成功', 201: '已创建', 202: '已受理', 204: '无内容' };
const ERROR_TEXT: Record<number, string> = {
  400: '请求参数有误',
  401: '未登录或令牌无效',
  403: '无权操作',
  404: '资源不存在',
  405: '方法不允许',
  409: '状态冲突',
  422: '无法办理',
  429: '请求过于频繁',
  500: '服务器内部错误',
};

const isLocalOnly = (route: RouteDef): boolean => (route as RouteDef & { localOnly?: boolean }).localOnly === true;

/** Drops `$schema` everywhere and points zod's local `#/$defs/X` refs at the hoisted components. */
function rewrite(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, names));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema') continue;
    if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = v.slice('#/$defs/'.length);
      out.$ref = `#/components/schemas/${names.get(name) ?? name}`;
    } else {
      out[key] = rewrite(v, names);
    }
  }
  return out;
}

/**
 * Converts zod schemas to embedded JSON Schema. Schemas carrying a `.meta({ id })` come out of zod
 * as `$defs`; OpenAPI resolves `#` against the whole document, so they are hoisted into
 * `components.schemas`. The same id can differ between input and output (a non-strict object
 * accepts extra fields on input), so a differing input variant is stored as `<id>Input`.
 */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};
  private readonly emitted = new Map<string, string>();

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const { $defs, ...root } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries($defs ?? {})) names.set(id, this.nameFor(id, def, io));
    for (const [id, def] of Object.entries($defs ?? {})) {
      this.components[names.get(id) as string] = rewrite(def, names) as JsonSchema;
    }
    return rewrite(root, names) as JsonSchema;
  }

  private nameFor(id: string, def: JsonSchema, io: 'input' | 'output'): string {
    const text = JSON.stringify(def);
    for (const name of io === 'input' ? [id, `${id}Input`] : [id, `${id}Output`]) {
      const seen = this.emitted.get(name);
      if (seen === undefined) this.emitted.set(name, text);
      if (seen === undefined || seen === text) return name;
    }
    throw new Error(`schema id "${id}" is used for two different schemas`);
  }
}

function contractOf(route: RouteDef): RouteContract | undefined {
  return (contract as Record<string, RouteContract | undefined>)[routeKey(route)];
}

function statusOf(code: string, key: string): number {
  const status = new AppError(code as ErrorCode, '').status;
  if (status === undefined) throw new Error(`unknown error code ${code} in the contract of ${key}`);
  return status;
}

/** First path segment, so `/centers/{centerId}/detainees` and `/centers` share a tag. */
export function tagOf(path: string): string {
  const first = path.split('/').find(Boolean) ?? 'root';
  return first.replace(/\.json$/, '');
}

function parametersOf(route: RouteDef, spec: RouteContract | undefined, schemas: SchemaConverter): OpenApiParameter[] {
  const params: OpenApiParameter[] = [];
  const fromObject = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return;
    const json = schemas.convert(schema, 'input');
    const required = new Set((json.required as string[] | undefined) ?? []);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, property] of Object.entries(properties)) {
      params.push({ name, in: where, required: where === 'path' || required.has(name), schema: property });
    }
  };
  fromObject(spec?.params, 'path');
  fromObject(spec?.query, 'query');
  // Every `{name}` in the template must be declared, even when the contract has no params schema.
  for (const [, name] of route.path.matchAll(/\{([^}]+)\}/g)) {
    if (!params.some((p) => p.in === 'path' && p.name === name)) {
      params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  return params;
}

function responsesOf(key: string, spec: RouteContract | undefined, schemas: SchemaConverter): Record<string, OpenApiResponse> {
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, schema] of Object.entries(spec?.responses ?? {})) {
    const response: OpenApiResponse = { description: SUCCESS_TEXT[Number(status)] ?? '成功' };
    if (schema) response.content = { 'application/json': { schema: schemas.convert(schema, 'output') } };
    responses[status] = response;
  }
  const byStatus = new Map<number, string[]>();
  for (const code of spec?.errors ?? []) {
    const status = statusOf(code, key);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `${ERROR_TEXT[status] ?? '错误'}：${codes.join('、')}`,
      content: { 'application/json': { schema: { $ref: ERROR_REF } } },
      'x-error-codes': codes,
    };
  }
  if (Object.keys(responses).length === 0) responses.default = { description: '契约中尚未声明响应' };
  return responses;
}

function operationOf(route: RouteDef, schemas: SchemaConverter): OpenApiOperation {
  const spec = contractOf(route);
  const parameters = parametersOf(route, spec, schemas);
  const body = spec?.body && schemas.convert(spec.body, 'input');
  const isPublic = route.auth === 'public';
  return {
    operationId: route.handler,
    summary: route.summary,
    tags: [tagOf(route.path)],
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { required: true as const, content: { 'application/json': { schema: body } } } } : {}),
    responses: responsesOf(routeKey(route), spec, schemas),
    ...(isPublic ? {} : { security: [{ bearerAuth: [] }], 'x-roles': [...route.auth] }),
    ...(route.rateLimit !== undefined ? { 'x-rate-limit': route.rateLimit } : {}),
    ...(route.beyondContract ? { 'x-beyond-contract': true } : {}),
  };
}

function build(): OpenApiDocument {
  const schemas = new SchemaConverter();
  // The shared error body is a component every error response points at.
  const error = schemas.convert(errorBody, 'output');
  if (error.$ref !== ERROR_REF) schemas.components.Error = error;

  const paths: OpenApiDocument['paths'] = {};
  const tags: string[] = [];
  for (const route of routes) {
    if (isLocalOnly(route)) continue;
    const method = route.method.toLowerCase() as OpenApiMethod;
    (paths[route.path] ??= {})[method] = operationOf(route, schemas);
    const tag = tagOf(route.path);
    if (!tags.includes(tag)) tags.push(tag);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: '律师会见预约平台 API',
      version: '1.0.0',
      description:
        '看守所律师会见网上预约平台的 HTTP 接口（契约 v1）。请求与响应均为 JSON；时间为带时区偏移的 ISO-8601，日期为 YYYY-MM-DD，时区 Asia/Shanghai。' +
        '需要登录的接口请在请求头携带 `Authorization: Bearer <token>`，令牌由 `POST /auth/login` 获取。' +
        '错误统一为 `{ "error": { "code": "UPPER_SNAKE", "message": "中文说明" } }`。',
    },
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /auth/login 返回的 token' },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document is a pure function of code, so it is built once per process (cold start). */
export function buildOpenApiDocument(): OpenApiDocument {
  return (cached ??= build());
}
