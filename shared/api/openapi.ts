// Builds the OpenAPI 3.1 document from the route table and the contract's zod schemas, so the
// published reference cannot drift from what the handlers validate. It only describes: it must
// never be the place where a route, a role or a schema is defined.
import * as z from 'zod/mini';
import { AppError, type ErrorCode } from '../errors';
import { ROLES, routeKey, routes, type RouteDef } from '../routes';
import { contract, type RouteContract } from './contract';
import { errorExamples, operationDocs, type AnyOperationDocs } from './operation-docs';
import { errorBody } from './schemas';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  example?: unknown;
}

export interface OpenApiMediaType {
  schema: JsonSchema;
  example?: unknown;
  examples?: Record<string, { summary: string; value: unknown } | { $ref: string }>;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, OpenApiMediaType>;
  /** Error codes answered with this status (error responses only). */
  'x-error-codes'?: string[];
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
  /** `[]` on public operations, so the document says they need no token (not merely that it forgot). */
  security?: Record<string, string[]>[];
  /** Roles (Cognito groups) allowed in; absent on public operations. */
  'x-roles'?: string[];
  /** Steady-state requests per second enforced by API Gateway route throttling. */
  'x-rate-limit'?: number;
  /** Not part of contract v1 (SPEC §6): an addition. */
  'x-beyond-contract'?: boolean;
}

export type OpenApiMethod = 'get' | 'post' | 'delete';

export interface OpenApiServer {
  url: string;
  description: string;
  variables?: Record<string, { default: string; description: string; enum?: string[] }>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: OpenApiServer[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    examples?: Record<string, { summary: string; value: unknown }>;
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

/** What each first path segment (the operation's tag) groups. A new segment needs a line here. */
const TAG_DESCRIPTIONS: Record<string, string> = {
  health: '服务存活检查',
  openapi: '机器可读的接口文档（OpenAPI 3.1）',
  docs: '人可读的接口参考页面',
  centers: '看守所：公开列表，以及民警在本所办理的在押人员、委托绑定、排队、停止会见、意见建议、审计等',
  auth: '注册、短信验证码确认、重发验证码、登录与找回密码',
  me: '律师本人的信息、委托绑定、违约记录与通知方式',
  admin: '管理员：账号与通知运维',
  bookings: '会见预约：预约、查询、撤销、签到、结束、告知书与房间安排',
  waitlist: '已满时段的候补',
  violations: '违约记录的申诉与裁决',
  'urgent-requests': '48 小时紧急会见申请',
  reports: '律工委与管理员的统计报表',
  calendar: '律师本人的日历订阅（iCalendar，地址中的令牌即凭证）',
};

/** Where the API is reached: locally (`npm start`) and one HTTP API per district stack. */
const SERVERS: OpenApiServer[] = [
  { url: 'http://127.0.0.1:3000', description: '本地模式（npm start，端口可由 PORT 修改）' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com.cn',
    description: '区县 API：每个区县栈一个，地址见该栈的 ApiUrl 输出',
    variables: {
      apiId: { default: 'a1b2c3d4e5', description: '区县栈 HTTP API 的编号（ApiUrl 中的第一段）' },
      region: { default: 'cn-north-1', description: '部署区域' },
    },
  },
];

const isLocalOnly = (route: RouteDef): boolean => (route as RouteDef & { localOnly?: boolean }).localOnly === true;

/**
 * The regexes zod emits beside `format` for its own ISO schemas. They say what the format says (and
 * the server validates with zod either way), so the document keeps the format alone.
 */
const ISO_PATTERNS = new Set([z.iso.datetime({ offset: true }), z.iso.datetime(), z.iso.date()].map((schema) => (z.toJSONSchema(schema) as JsonSchema).pattern));

/** Drops `$schema` everywhere and points zod's local `#/$defs/X` refs at the hoisted components. */
function rewrite(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, names));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  const stockPattern = 'format' in value && ISO_PATTERNS.has((value as JsonSchema).pattern);
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema' || (key === 'pattern' && stockPattern)) continue;
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

  convert(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
    const raw = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
    const { $defs, ...root } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries($defs ?? {})) names.set(id, this.nameFor(id, def, io));
    for (const [id, def] of Object.entries($defs ?? {})) {
      this.components[names.get(id)!] = rewrite(def, names) as JsonSchema;
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

function docsOf(route: RouteDef): AnyOperationDocs | undefined {
  return (operationDocs as Record<string, AnyOperationDocs | undefined>)[routeKey(route)];
}

/**
 * The errors a route can answer with: what its contract lists, plus what the handler wrapper answers
 * on its own — 400 when any input is validated, 401 without a valid token, 403 for a role not let in.
 */
function errorCodesOf(route: RouteDef, spec: RouteContract | undefined): string[] {
  const implied: ErrorCode[] = [];
  if (spec && (spec.body || spec.params || spec.query || spec.headers)) implied.push('VALIDATION_FAILED');
  // A body in another charset than UTF-8 (shared/http/define-handler.ts `parseJsonBody`).
  if (spec?.body) implied.push('UNSUPPORTED_MEDIA_TYPE');
  if (route.auth !== 'public') {
    implied.push('UNAUTHENTICATED');
    const auth = route.auth;
    if (ROLES.some((role) => !auth.includes(role))) implied.push('FORBIDDEN');
  }
  return [...new Set<string>([...implied, ...(spec?.errors ?? [])])];
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

function parametersOf(route: RouteDef, spec: RouteContract | undefined, docs: AnyOperationDocs | undefined, schemas: SchemaConverter): OpenApiParameter[] {
  const params: OpenApiParameter[] = [];
  const fromObject = (schema: z.ZodMiniType | undefined, where: 'path' | 'query' | 'header', examples: Record<string, unknown> | undefined) => {
    if (!schema) return;
    const json = schemas.convert(schema, 'input');
    const required = new Set((json.required as string[] | undefined) ?? []);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, { description, ...property }] of Object.entries(properties)) {
      params.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: property,
        ...(examples?.[name] !== undefined ? { example: examples[name] } : {}),
      });
    }
  };
  fromObject(spec?.params, 'path', docs?.examples.params);
  fromObject(spec?.query, 'query', docs?.examples.query);
  fromObject(spec?.headers, 'header', docs?.examples.headers);
  // Every `{name}` in the template must be declared, even when the contract has no params schema.
  for (const [, name] of route.path.matchAll(/\{([^}]+)\}/g)) {
    if (!params.some((p) => p.in === 'path' && p.name === name)) {
      params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  return params;
}

const withExample = (media: OpenApiMediaType, example: unknown): OpenApiMediaType => (example === undefined ? media : { ...media, example });

function responsesOf(route: RouteDef, spec: RouteContract | undefined, docs: AnyOperationDocs | undefined, schemas: SchemaConverter): Record<string, OpenApiResponse> {
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, schema] of Object.entries(spec?.responses ?? {})) {
    const code = Number(status);
    const response: OpenApiResponse = { description: docs?.responseDescriptions?.[code] ?? SUCCESS_TEXT[code] ?? '成功' };
    const example = docs?.examples.responses[code];
    if (schema) response.content = { 'application/json': withExample({ schema: schemas.convert(schema, 'output') }, example) };
    else if (spec?.mediaType) response.content = { [spec.mediaType]: withExample({ schema: { type: 'string' } }, example) };
    responses[status] = response;
  }
  const byStatus = new Map<number, string[]>();
  for (const code of errorCodesOf(route, spec)) {
    const status = statusOf(code, routeKey(route));
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const examples = Object.fromEntries(codes.map((code) => [code, { $ref: `#/components/examples/${code}` }]));
    responses[String(status)] = {
      description: `${ERROR_TEXT[status] ?? '错误'}：${codes.join('、')}`,
      // Every 429 says when to try again (B11): RateLimited carries the header.
      ...(status === 429 ? { headers: { 'Retry-After': { description: '还需等待的秒数（整数，至少 1）', schema: { type: 'integer', minimum: 1 } } } } : {}),
      content: { 'application/json': { schema: { $ref: ERROR_REF }, examples } },
      'x-error-codes': codes,
    };
  }
  if (Object.keys(responses).length === 0) responses.default = { description: '契约中尚未声明响应' };
  return responses;
}

function operationOf(route: RouteDef, schemas: SchemaConverter): OpenApiOperation {
  const spec = contractOf(route);
  const docs = docsOf(route);
  const parameters = parametersOf(route, spec, docs, schemas);
  const body = spec?.body && schemas.convert(spec.body, 'input');
  return {
    operationId: route.handler,
    summary: route.summary,
    ...(docs?.description ? { description: docs.description } : {}),
    tags: [tagOf(route.path)],
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { required: true as const, content: { 'application/json': withExample({ schema: body }, docs?.examples.body) } } } : {}),
    responses: responsesOf(route, spec, docs, schemas),
    ...(route.auth === 'public' ? { security: [] } : { security: [{ bearerAuth: [] }], 'x-roles': [...route.auth] }),
    ...(route.rateLimit !== undefined ? { 'x-rate-limit': route.rateLimit } : {}),
    ...(route.beyondContract ? { 'x-beyond-contract': true } : {}),
  };
}

/** The error bodies the error responses point at, for the codes some operation answers with. */
function errorExamplesFor(paths: OpenApiDocument['paths']): Record<string, { summary: string; value: unknown }> {
  const used = new Set(Object.values(paths).flatMap((item) => Object.values(item).flatMap((op) => Object.values(op.responses).flatMap((r) => r['x-error-codes'] ?? []))));
  const examples: Record<string, { summary: string; value: unknown }> = {};
  for (const [code, value] of Object.entries(errorExamples)) if (used.has(code)) examples[code] = { summary: code, value };
  return examples;
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
        '看守所律师会见网上预约平台的 HTTP 接口（契约 v1）。请求与响应均为 JSON；请求体须为 UTF-8 编码（`Content-Type: application/json`，声明其他 charset 返回 415 `UNSUPPORTED_MEDIA_TYPE`，不是有效 UTF-8 的字节返回 400 `VALIDATION_FAILED`）；时间为带时区偏移的 ISO-8601，日期为 YYYY-MM-DD，时区 Asia/Shanghai。' +
        '需要登录的接口请在请求头携带 `Authorization: Bearer <token>`，令牌由 `POST /auth/login` 获取。' +
        '错误统一为 `{ "error": { "code": "UPPER_SNAKE", "message": "中文说明" } }`（`VALIDATION_FAILED` 另附 `issues`，`LOCKED_OUT` 另附 `lockedUntil`）。' +
        '`POST /bookings` 与撤销预约须携带请求头 `Idempotency-Key`：以同一个键重试不会重复办理，返回 200 及首次的结果。',
    },
    servers: SERVERS,
    tags: tags.map((name) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name })),
    paths,
    components: {
      schemas: schemas.components,
      examples: errorExamplesFor(paths),
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
