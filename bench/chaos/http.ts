// The chaos run's HTTP client: like BenchApi.call, but a request the server never answered (it was
// killed) is an outcome (`status: 0`), not an exception, and no request waits forever.
export interface Answer<T = any> {
  status: number;
  body: T;
  /** performance.now() when the request was sent and when the whole answer had arrived. */
  sentAt: number;
  answeredAt: number;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function call<T = any>(url: string, method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const sentAt = performance.now();
  try {
    const res = await fetch(`${url}${path}`, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, sentAt, answeredAt: performance.now() };
  } catch (e) {
    return { status: 0, body: { error: { code: (e as Error).name, message: String((e as Error).cause ?? e) } } as T, sentAt, answeredAt: performance.now() };
  }
}

/** `201`, `409 SLOT_FULL`, `no answer`: how the tally names an answer. */
export const outcome = (a: Answer): string => (a.status === 0 ? 'no answer' : a.status < 300 ? String(a.status) : `${a.status} ${a.body?.error?.code ?? ''}`.trim());

/** Every page of a paged list (`nextCursor`). */
export async function allPages<T>(url: string, path: string, field: string, token: string): Promise<{ items: T[]; status: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const a = await call(url, 'GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    if (a.status !== 200) return { items, status: a.status };
    items.push(...(a.body[field] as T[]));
    cursor = a.body.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { items, status: 200 };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function each<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
