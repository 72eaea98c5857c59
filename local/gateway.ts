// The local HTTP gateway: plays API Gateway's part in local mode. It matches requests against the
// same route table CDK deploys, verifies the bearer JWT like the HTTP API JWT authorizer
// (signature, issuer, audience, expiry → 401), builds an HTTP API v2 event and invokes the real
// handler in-process. It also serves the local-only routes (/_local/outbox, /_local/clock, /_local/sweep).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { clock, setClock } from '../shared/clock';
import { routeKey, routes, type RouteDef } from '../shared/routes';
import { shanghaiIso } from '../shared/time';
import type { LocalIdentityProvider } from './identity-provider';
import { readOutbox } from './outbox';

type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GatewayOptions {
  identity: LocalIdentityProvider;
  /** Runs the scheduled sweep once and says what it did. */
  sweep: () => Promise<unknown>;
  /** Print one line per request. */
  accessLog?: boolean;
  /** The web client (local/web-site.ts): answers the paths that are not the API's, else undefined. */
  site?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<number | undefined>;
}

const MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRoute {
  route: RouteDef;
  pattern: RegExp;
  names: string[];
}

/** API Gateway prefers the most specific route: fewer path variables first. */
function compile(all: readonly RouteDef[]): CompiledRoute[] {
  return all
    .map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, pattern: new RegExp(`^${source}$`), names };
    })
    .sort((a, b) => a.names.length - b.names.length);
}

const handlerCache = new Map<string, LambdaHandler>();
function loadHandler(name: string): LambdaHandler {
  let handler = handlerCache.get(name);
  if (!handler) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require(path.join(__dirname, '..', 'functions', name)) as { handler: LambdaHandler }).handler;
    handlerCache.set(name, handler);
  }
  return handler;
}

function lambdaContext(functionName: string, requestId: string, timeoutSeconds = 10): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** API Gateway hands claims to the integration as strings; arrays become "[a b]". */
function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) claims[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  return claims;
}

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const clockBody = z.object({ now: z.iso.datetime({ offset: true }) }).strict();

export function createGateway(options: GatewayOptions): http.Server {
  const compiled = compile(routes);

  async function local(method: string, pathname: string, query: URLSearchParams, body: string): Promise<[number, unknown] | undefined> {
    if (method === 'GET' && pathname === '/_local/outbox') {
      return [200, { messages: await readOutbox(query.get('to') ?? undefined) }];
    }
    if (method === 'GET' && pathname === '/_local/clock') return [200, { now: shanghaiIso(clock.now()) }];
    if (method === 'POST' && pathname === '/_local/clock') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return [400, { error: { code: 'VALIDATION_FAILED', message: '请求体不是合法的 JSON' } }];
      }
      const input = clockBody.safeParse(parsed);
      if (!input.success) return [400, { error: { code: 'VALIDATION_FAILED', message: 'now 须为带时区的 ISO-8601 时间' } }];
      setClock(new Date(input.data.now));
      return [200, { now: shanghaiIso(clock.now()) }];
    }
    if (method === 'POST' && pathname === '/_local/sweep') return [200, await options.sweep()];
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<number> {
    const served = await options.site?.(req, res);
    if (served !== undefined) return served;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (body === null) {
      send(res, 413, errorBody('VALIDATION_FAILED', '请求体过大（上限 1 MB）'));
      return 413;
    }

    const localResult = await local(method, url.pathname, url.searchParams, body);
    if (localResult) {
      send(res, localResult[0], JSON.stringify(localResult[1]));
      return localResult[0];
    }

    let match: { route: RouteDef; params: Record<string, string> } | undefined;
    for (const c of compiled) {
      if (c.route.method !== method) continue;
      const m = c.pattern.exec(url.pathname);
      if (!m) continue;
      try {
        match = { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
      } catch {
        continue;
      }
      break;
    }
    if (!match) {
      send(res, 404, errorBody('NOT_FOUND', '接口不存在'));
      return 404;
    }

    let claims: Record<string, string> | undefined;
    if (match.route.auth !== 'public') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      try {
        if (!token) throw new Error('missing bearer token');
        claims = flattenClaims(await options.identity.verify(token));
      } catch {
        send(res, 401, errorBody('UNAUTHENTICATED', '未登录或登录已失效'), { 'www-authenticate': 'Bearer' });
        return 401;
      }
    }

    const requestId = randomUUID();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    const queryStringParameters: Record<string, string> = {};
    for (const key of new Set(url.searchParams.keys())) queryStringParameters[key] = url.searchParams.getAll(key).join(',');
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: routeKey(match.route),
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: url.search ? queryStringParameters : undefined,
      pathParameters: Object.keys(match.params).length ? match.params : undefined,
      body: body === '' ? undefined : body,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey: routeKey(match.route),
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    if (!claims) delete (event.requestContext as { authorizer?: unknown }).authorizer;

    const result = await loadHandler(match.route.handler)(event, lambdaContext(match.route.handler, requestId, match.route.timeoutSeconds));
    const status = result.statusCode ?? 200;
    const outHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k] = String(v);
    res.writeHead(status, outHeaders);
    res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    return status;
  }

  return http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    handle(req, res)
      .then((status) => {
        if (options.accessLog) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          process.stdout.write(`${req.method} ${req.url} ${status} ${ms.toFixed(1)}ms\n`);
        }
      })
      .catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'ERROR', message: 'gateway error', error: String((error as Error)?.stack ?? error) }));
        if (!res.headersSent) send(res, 500, errorBody('INTERNAL', '服务器内部错误，请稍后重试'));
        else res.end();
      });
  });
}
