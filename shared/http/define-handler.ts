// Builds every HTTP handler the same way: Powertools logging/metrics/tracing, bearer claims →
// Principal, the route's roles from shared/routes.ts, zod validation of body, path and query, and
// contract-shaped errors. A handler module only declares its schemas and one `handle` function.
import { validationSentence } from '../api/field-labels';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { noteAudit, runAudited } from '../audit';
import { clock } from '../clock';
import { ulid } from '../ids';
import { AppError, UnsupportedMediaType, ValidationFailed } from '../errors';
import { logger, metrics, tracer } from '../observability';
import { principalFromClaims, requireCenterScope, requireRole, type Principal } from '../principal';
import { routeKey, type RouteDef } from '../routes';
import type { RouteContract } from '../api/contract';
import { json } from './responses';
import { plainChinese } from './validation-messages';

// One wording for every validation error, in plain Chinese: the map covers every issue, so no locale text
// shows (the English locale shared/config.ts installs for config errors never answers a request).
z.config({ customError: plainChinese });

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** Roles whose accounts carry the centers they may act on (custom:centerIds). */
const CENTER_SCOPED: ReadonlySet<string> = new Set(['staff', 'investigator']);

/**
 * A route under `/centers/{centerId}` that lawyers cannot call is a center's own business: staff and
 * investigators reach it only for their centers. Routes lawyers share (slots, suggestions filed)
 * are open to every signed-in role and read nothing private.
 */
export const isCenterScoped = (route: RouteDef): boolean => route.path.startsWith('/centers/{centerId}') && route.auth !== 'public' && !route.auth.includes('lawyer');
export type HttpResult = APIGatewayProxyStructuredResultV2;

type Schema = z.ZodMiniType;
type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;
type Field<C extends RouteContract, F extends string> = C extends Record<F, infer S> ? Out<S> : undefined;

export interface HandlerInput<C extends RouteContract> {
  body: Field<C, 'body'>;
  params: Field<C, 'params'>;
  query: Field<C, 'query'>;
  /** Set on every route that is not public (an unauthenticated call never reaches `handle`). */
  principal: Principal;
  now: Date;
  /** Request headers, names lower-cased. */
  headers: Record<string, string | undefined>;
  route: RouteDef;
}

function fieldIssues(error: z.core.$ZodError, where: string) {
  return error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

function validationMessage(issues: { field: string; message: string }[]): string {
  return validationSentence(issues);
}

type BodyEvent = Pick<HttpEvent, 'body' | 'isBase64Encoded'> & { headers?: HttpEvent['headers'] };

/** The charset a Content-Type names, lower case, or undefined. */
export function declaredCharset(headers: HttpEvent['headers'] | undefined): string | undefined {
  const contentType = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const charset = contentType === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1];
  return charset?.toLowerCase();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const NOT_UTF8 = '请求体不是有效的 UTF-8 编码';

/**
 * A request body is JSON in UTF-8 (issue 23 F6): a Content-Type naming another charset is a 415,
 * bytes that are not UTF-8 a 400 — never decoded with U+FFFD in their place and stored so. A body
 * that is not text reaches the handler base64-encoded (API Gateway, and the local gateway for bytes
 * that are not UTF-8) and is decoded strictly here; a text body carrying U+FFFD is one a proxy
 * already decoded lossily, and is refused for the same reason.
 */
export function parseJsonBody(event: BodyEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new ValidationFailed('请求体不能为空，须为 JSON 对象');
  }
  const charset = declaredCharset(event.headers);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new UnsupportedMediaType(charset);
  let raw: string;
  if (event.isBase64Encoded) {
    try {
      raw = strictUtf8.decode(Buffer.from(event.body, 'base64'));
    } catch {
      throw new ValidationFailed(NOT_UTF8);
    }
  } else {
    raw = event.body;
  }
  if (raw.includes('\uFFFD')) throw new ValidationFailed(`${NOT_UTF8}（含替换字符 U+FFFD）`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationFailed('请求体不是合法的 JSON');
  }
}

/** A missing body is `{}` where every field is optional (e.g. check-in's `{arrivedAt?}`). */
function bodyOrEmpty(event: BodyEvent, schema: Schema): unknown {
  if ((event.body === undefined || event.body === null || event.body === '') && schema.safeParse({}).success) return {};
  return parseJsonBody(event);
}

function validate(schema: Schema | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error, where);
    throw new ValidationFailed(validationMessage(issues), { issues });
  }
  return parsed.data;
}

/** Maps thrown errors to the contract's error body; never leaks a stack trace. */
export function errorResponse(error: unknown): HttpResult {
  if (error instanceof AppError) {
    if (error.status >= 500) logger.error('request failed', { code: error.code });
    return json(error.status, error.toBody(), error.headers);
  }
  logger.error('unhandled error', error as Error);
  return json(500, { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } });
}

/** One metric per request: ops alarm on server errors and watch client-error rates per function. */
function countOutcome(result: HttpResult): HttpResult {
  const status = result.statusCode ?? 200;
  metrics.addMetric(status >= 500 ? 'ServerError' : status >= 400 ? 'ClientError' : 'Success', MetricUnit.Count, 1);
  return result;
}

/**
 * Wraps one use case as a Lambda handler for the route of contract entry `schemas` (an entry of
 * shared/api/contract.ts, imported by name so the bundle carries no other route): the route's roles
 * and the contract's schemas come from there, so a handler cannot accept what the contract and the
 * docs do not say.
 */
export function defineHandler<C extends RouteContract>(schemas: C, handle: (input: HandlerInput<C>) => Promise<HttpResult>) {
  const route = schemas.route;
  const key = routeKey(route);
  const scopedToCenter = isCenterScoped(route);

  const core = async (event: HttpEvent, _context: Context): Promise<HttpResult> => {
    // The request id is the correlation id of every log line (set directly: a JMESPath engine
    // just to read one field would add to every bundle).
    logger.setCorrelationId(event.requestContext?.requestId);
    try {
      let principal = undefined as unknown as Principal;
      if (route.auth !== 'public') {
        principal = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims);
        requireRole(principal, route.auth);
        logger.appendKeys({ userId: principal.userId, role: principal.role });
        // B13: staff and investigators are scoped to their centers; the center in the path is
        // checked before anything they sent is validated, so out of scope is 403 whatever the body.
        const pathCenter = event.pathParameters?.centerId;
        if (pathCenter !== undefined && scopedToCenter && CENTER_SCOPED.has(principal.role)) requireCenterScope(principal, pathCenter);
      }
      const params = validate(schemas.params, event.pathParameters ?? {}, 'path');
      const query = validate(schemas.query, event.queryStringParameters ?? {}, 'query');
      const body = schemas.body ? validate(schemas.body, bodyOrEmpty(event, schemas.body), 'body') : undefined;
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const now = clock.now();
      // Every write of this request carries its one audit record (R14): who, in which role, what, when.
      const actor = {
        actorId: principal?.userId ?? 'anonymous',
        actorRole: principal?.role ?? 'public',
        action: key,
        requestId: event.requestContext?.requestId || ulid(),
        at: now,
      };
      const centerId = (params as { centerId?: string } | undefined)?.centerId;
      const target = params ? Object.values(params as Record<string, string>).join('/') || undefined : undefined;
      return countOutcome(
        await runAudited(actor, 'request', () => {
          if (centerId || target) noteAudit({ centerId, target });
          return handle({ body, params, query, principal, now, headers, route } as HandlerInput<C>);
        }),
      );
    } catch (error) {
      return countOutcome(errorResponse(error));
    }
  };

  return middy(core)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
