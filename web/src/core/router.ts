// A small history-API router: the app's pages are plain paths (/lawyer, /desk/queue, …) that never
// collide with API paths (web/api-paths.ts), so a reload or a shared link lands on the same page.
// No router library: the app needs only path patterns, a query string and navigation.
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

const current = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === current()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  for (const l of listeners) l();
});

/** Same-origin links are handled here instead of reloading the page. */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

export interface Location {
  path: string;
  query: URLSearchParams;
  /** Path and query, for coming back after signing in again. */
  href: string;
}

export function useLocation(): Location {
  const [, force] = useState(0);
  const href = current();
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    // A child's effect (a redirect) may have navigated before this one subscribed.
    if (current() !== href) l();
    return () => void listeners.delete(l);
  }, []);
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search), href };
}

/** `/lawyer/book/:centerId/:detaineeId` against a path → params, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        params[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return undefined;
      }
    } else if (p[i] !== s[i]) return undefined;
  }
  return params;
}

export const currentHref = current;
