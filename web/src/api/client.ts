// The typed API client: openapi-fetch over the types generated from the contract
// (schema.gen.ts), one client per district API. Every call goes through `unwrap`, which turns the
// contract's error body into an ApiError carrying the server's Chinese message, turns Retry-After
// into a wait time, and sends the user to sign in again (and back) when a session has expired.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { config } from '../core/config';
import { currentHref, navigate } from '../core/router';
import { currentSession, signOut } from '../core/session';
import type { paths } from './schema.gen';

export type Api = Client<paths>;


export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { retryAfterSeconds?: number; lockedUntil?: string; issues?: { path?: (string | number)[]; message: string }[] } = {},
  ) {
    super(message);
  }
}

/** "3 分钟" for a Retry-After of 180 s; never less than a second. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} 秒`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} 分钟`;
  return `${Math.ceil(m / 60)} 小时`;
}

/** What the person reads: the server's own message, plus how long to wait when it said so. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const wait = error.details.retryAfterSeconds !== undefined ? `请在 ${waitText(error.details.retryAfterSeconds)}后重试。` : '';
    return wait ? `${error.message.replace(/[。.]?$/, '。')}${wait}` : error.message;
  }
  if (error instanceof TypeError) return '无法连接服务器，请检查网络后重试。';
  return '发生错误，请稍后重试。';
}

export const SESSION_EXPIRED = 'expired';

const auth: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A 401 on a signed-in call: the token expired or was revoked. Sign in again and come back.
    if (response.status === 401 && request.headers.has('authorization')) {
      signOut();
      const back = currentHref();
      if (!back.startsWith('/login')) navigate(`/login?reason=${SESSION_EXPIRED}&next=${encodeURIComponent(back)}`, { replace: true });
    }
    return response;
  },
};

const clients = new Map<string, Api>();

function clientFor(baseUrl: string): Api {
  let client = clients.get(baseUrl);
  if (!client) {
    client = createClient<paths>({ baseUrl: baseUrl || window.location.origin });
    client.use(auth);
    clients.set(baseUrl, client);
  }
  return client;
}

/** The API of one district. */
export function districtApi(districtId: string): Api {
  const d = config().districts.find((x) => x.districtId === districtId);
  if (!d) throw new ApiError(404, 'NOT_FOUND', '未知的区县');
  return clientFor(d.apiUrl);
}

/** Any district's API, for city-wide routes (sign-in, accounts, violations, the registry). */
export function cityApi(): Api {
  return clientFor(config().districts[0].apiUrl);
}

/** One client per distinct API, for lists that span every district (SPEC §7.4). */
export function everyApi(): Api[] {
  return [...new Set(config().districts.map((d) => d.apiUrl))].map(clientFor);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function asIssues(value: unknown): { path?: (string | number)[]; message: string }[] | undefined {
  return Array.isArray(value) ? (value.filter((i) => i && typeof i.message === 'string') as { path?: (string | number)[]; message: string }[]) : undefined;
}

/** The success body, or an ApiError built from the contract's error body. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (response.ok) return data as NonNullable<T>;
  const retry = response.headers.get('retry-after');
  const retryAfterSeconds = retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : undefined;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; lockedUntil?: string; issues?: unknown }; message?: string };
  if (body.error && typeof body.error.code === 'string') {
    throw new ApiError(response.status, body.error.code, body.error.message ?? '请求失败', {
      retryAfterSeconds,
      lockedUntil: body.error.lockedUntil,
      issues: asIssues(body.error.issues),
    });
  }
  // API Gateway answers some requests itself ({"message":"Unauthorized"}, throttling): same meaning, our words.
  const fallback: Record<number, [string, string]> = {
    401: ['UNAUTHENTICATED', '未登录或登录已失效，请重新登录。'],
    403: ['FORBIDDEN', '无权执行此操作。'],
    404: ['NOT_FOUND', '请求的内容不存在。'],
    429: ['RATE_LIMITED', '请求过于频繁。'],
  };
  const [code, message] = fallback[response.status] ?? ['INTERNAL', '服务器暂时无法处理，请稍后重试。'];
  throw new ApiError(response.status, code, message, { retryAfterSeconds });
}

/** A fresh Idempotency-Key (8–128 characters). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
