// Which URL paths belong to the API rather than to the web client, derived from the one route
// table: the local static site, the Vite dev proxy and the client's own routes all use it, so a
// client route can never shadow an API path (and a reload of a client route never hits the API).
import { routes } from '../shared/routes';

/** First path segments of every API route, plus the local-only routes. */
export const API_PREFIXES: readonly string[] = [...new Set([...routes.map((r) => r.path.split('/')[1]), '_local'])];

export function isApiPath(pathname: string): boolean {
  const first = pathname.split('/')[1] ?? '';
  return API_PREFIXES.includes(first);
}
