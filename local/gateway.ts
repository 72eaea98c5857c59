// The local HTTP gateway: plays API Gateway's part in local mode. It matches requests against the
// same route table CDK deploys, verifies the bearer JWT like the HTTP API JWT authorizer
// (signature, issuer, audience, expiry, issue time → 401), builds an HTTP API v2 event and invokes
// the real handler in-process. It also serves the local-only routes (/_local/outbox,
// /_local/clock, /_local/sweep, /_local/retention). It listens on 127.0.0.1 only (local/platform.ts).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { clock, setClock } from '../shared/clock';
import { routeKey, routes, type RouteDef } from '../shared/routes';
import { PayloadTooLarge } from '../shared/errors';
import { shanghaiIso } from '../shared/time';
import { accessLogLine } from './access-log';
import type { LocalIdentityProvider } from './identity-provider';
import { readOutbox } from './outbox';

type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GatewayOptions {
  identity: LocalIdentityProvider;
  /** Runs the scheduled sweep once and says what it did. */
  sweep: () => Promise<unknown>;
  /** Runs the retention job once and lets expired items go, as TTL would (local/retention.ts). */
  retention?: () => Promise<unknown>;
  /** One line per request (personal data masked): true prints it to stdout, a function receives it. */
  accessLog?: boolean | ((line: string) => void);
  /** The web client (local/web-site.ts): answers the paths that are not the API's, else undefined. */
  site?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<number | undefined>;
}

/**
 * API Gateway takes bodies up to 10 MB (and Lambda 6 MB); no request of the contract comes near
 * 1 MB, so the local gateway refuses more, with a 413 in the contract's error shape.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A refused body is still read, and dropped, up to this size, so the client has finished sending
 * and reads the 413 instead of a reset connection. Past it the connection is cut.
 */
const MAX_DRAINED_BYTES = 16 * 1024 * 1024;
const payloadTooLarge = () => JSON.stringify(new PayloadTooLarge().toBody());

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
    // The Context type still requires the legacy callbacks; no handler calls them.
    /* eslint-disable @typescript-eslint/no-deprecated */
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    /* eslint-enable @typescript-eslint/no-deprecated */
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
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

type Body = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted'; tooLarge: boolean };

function readBody(req: http.IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAINED_BYTES) {
        req.destroy();
      } else if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      ended = true;
      resolve(size > MAX_BODY_BYTES ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks) });
    });
    // The client went away, or the body passed MAX_DRAINED_BYTES: nobody is left to answer.
    req.on('close', () => {
      if (!ended) resolve({ kind: 'aborted', tooLarge: size > MAX_BODY_BYTES });
    });
    req.on('error', () => undefined);
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function utf8OrUndefined(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function declaredLength(req: http.IncomingMessage): number {
  const value = Number(req.headers['content-length']);
  return Number.isFinite(value) ? value : 0;
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
    if (method === 'POST' && pathname === '/_local/retention' && options.retention) return [200, await options.retention()];
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<number> {
    const served = await options.site?.(req, res);
    if (served !== undefined) return served;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const read = await readBody(req);
    if (read.kind === 'aborted') {
      res.destroy();
      // Logged as nginx does: 499 is "the client closed the request"; nothing was answered.
      return read.tooLarge ? 413 : 499;
    }
    if (read.kind === 'too-large') {
      send(res, 413, payloadTooLarge());
      return 413;
    }
    // Like API Gateway, a body that is not text (here: not UTF-8) reaches the handler base64-encoded,
    // and the handler refuses it (shared/http/define-handler.ts `parseJsonBody`, issue 23 F6).
    const text = utf8OrUndefined(read.bytes);
    const body = text ?? read.bytes.toString('base64');

    const localResult = await local(method, url.pathname, url.searchParams, text ?? '');
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
      isBase64Encoded: text === undefined,
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
    // nosniff on every answer, whatever the handler set (its own JSON answers carry it too).
    const outHeaders: Record<string, string> = { 'x-request-id': requestId, 'x-content-type-options': 'nosniff' };
    for (const [k, v] of Object.entries(result.headers ?? {})) outHeaders[k] = String(v);
    res.writeHead(status, outHeaders);
    res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
    return status;
  }

  const log = typeof options.accessLog === 'function' ? options.accessLog : options.accessLog ? (line: string) => process.stdout.write(`${line}\n`) : undefined;

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = process.hrtime.bigint();
    handle(req, res)
      .then((status) => {
        if (log) log(accessLogLine(req.method, req.url, status, Number(process.hrtime.bigint() - started) / 1e6));
      })
      .catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'ERROR', message: 'gateway error', error: String((error as Error)?.stack ?? error) }));
        if (!res.headersSent) send(res, 500, errorBody('INTERNAL', '服务器内部错误，请稍后重试'));
        else res.end();
      });
  };

  const server = http.createServer(onRequest);
  // A client that asks before sending (`Expect: 100-continue`, as curl does for large bodies) and
  // announces too much is refused before it sends anything.
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (declaredLength(req) > MAX_BODY_BYTES) {
      send(res, 413, payloadTooLarge(), { connection: 'close' });
      if (log) log(accessLogLine(req.method, req.url, 413, 0));
      return;
    }
    res.writeContinue();
    onRequest(req, res);
  });
  return server;
}
