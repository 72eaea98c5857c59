// Polling with ETag / If-None-Match (issue 20): the queue screens and the lawyer's queue position
// ask every few seconds; an unchanged answer is a 304 without a body and the last one stays shown.
// Polling, not Server-Sent Events: API Gateway HTTP APIs and Lambda hold no long-lived stream.
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiErrorOf } from '../api/errors';

export const POLL_MS = 5_000;

export interface PollAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Polled<T> {
  data?: T;
  error?: unknown;
  /** When the shown data was last confirmed current (a 200 or a 304). */
  checkedAt?: number;
}

/**
 * Calls `fetch(etag)` now and every `intervalMs` while mounted (one request at a time: a slow answer
 * delays the next poll instead of stacking them). A failed poll keeps the last data and shows why.
 */
export function usePoll<T>(fetch: (etag: string | undefined) => Promise<PollAnswer<T>>, deps: unknown[], intervalMs = POLL_MS): Polled<T> {
  const [state, setState] = useState<Polled<T>>({});
  const etag = useRef<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    etag.current = undefined;
    const round = async () => {
      try {
        const { data, error, response } = await fetch(etag.current);
        if (!live) return;
        if (response.status === 304) setState((s) => ({ ...s, error: undefined, checkedAt: Date.now() }));
        else if (response.ok) {
          etag.current = response.headers.get('etag') ?? undefined;
          setState({ data, checkedAt: Date.now() });
        } else setState((s) => ({ ...s, error: apiErrorOf(response.status, response.headers.get('retry-after'), error) }));
      } catch (e) {
        if (live) setState((s) => ({ ...s, error: e }));
      }
      if (live) timer = setTimeout(() => void round(), intervalMs);
    };
    void round();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, deps);
  return state;
}

/** The request headers of a poll: If-None-Match once an ETag is known. */
export const conditional = (etag: string | undefined): Record<string, string> => (etag ? { 'if-none-match': etag } : {});
