// The typed API client: openapi-fetch over the types generated from the contract
// (schema.gen.ts), one client per district API. Every call goes through `unwrap`, which turns the
// contract's error body into an ApiError carrying the server's Chinese message, turns Retry-After
// into a wait time, and sends the user to sign in again (and back) when a session has expired.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { config } from '../core/config';
import { currentHref, navigate } from '../core/router';
import { currentSession, signOut } from '../core/session';
import { ApiError, apiErrorOf } from './errors';
import type { paths } from './schema.gen';

export { ApiError, errorText, waitText } from './errors';

export type Api = Client<paths>;

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

/** The success body, or an ApiError built from the contract's error body. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (response.ok) return data as NonNullable<T>;
  throw apiErrorOf(response.status, response.headers.get('retry-after'), error);
}

/** A fresh Idempotency-Key (8–128 characters). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
