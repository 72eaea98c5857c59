// The contract's errors as the app handles them: the server's Chinese message, field problems of a
// VALIDATION_FAILED, a Retry-After turned into a wait the person can read, and API Gateway's own
// answers (which do not carry the contract's body) given the same meaning. No DOM, no network.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { retryAfterSeconds?: number; lockedUntil?: string; issues?: { field?: string; message: string }[] } = {},
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

function asIssues(value: unknown): { field?: string; message: string }[] | undefined {
  return Array.isArray(value)
    ? (value.filter((i: unknown) => typeof i === 'object' && i !== null && typeof (i as { message?: unknown }).message === 'string') as { field?: string; message: string }[])
    : undefined;
}

/** An error answer (status, Retry-After header, parsed body) as an ApiError. */
export function apiErrorOf(status: number, retryAfter: string | null, error: unknown): ApiError {
  const retryAfterSeconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; lockedUntil?: string; issues?: unknown }; message?: string };
  if (body.error && typeof body.error.code === 'string') {
    return new ApiError(status, body.error.code, body.error.message ?? '请求失败', {
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
  const [code, message] = fallback[status] ?? ['INTERNAL', '服务器暂时无法处理，请稍后重试。'];
  return new ApiError(status, code, message, { retryAfterSeconds });
}
