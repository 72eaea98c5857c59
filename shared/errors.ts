// One error class per contract error code (SPEC §6). Domain code throws these; the HTTP layer maps
// them to `{ error: { code, message } }` with the status below. Messages are user-facing Chinese.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_BOUND'
  | 'INTERN_MUST_BE_ACCOMPANIED'
  | 'LOCKED_OUT'
  | 'LICENCE_SUSPENDED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'SLOT_FULL'
  | 'DETAINEE_BUSY'
  | 'LAWYER_BUSY'
  | 'BOOKING_LIMIT_REACHED'
  | 'INVALID_STATE'
  | 'CONSENT_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ALREADY_EXISTS'
  | 'SLOT_UNAVAILABLE'
  | 'CENTER_NOT_ONLINE'
  | 'NOT_IN_REGISTRY'
  | 'RATE_LIMITED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_BOUND: 403,
  INTERN_MUST_BE_ACCOMPANIED: 403,
  LOCKED_OUT: 403,
  LICENCE_SUSPENDED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  // Not in SPEC §6: API Gateway refuses an oversized body itself; the local gateway names it.
  PAYLOAD_TOO_LARGE: 413,
  SLOT_FULL: 409,
  DETAINEE_BUSY: 409,
  LAWYER_BUSY: 409,
  BOOKING_LIMIT_REACHED: 409,
  INVALID_STATE: 409,
  CONSENT_REQUIRED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  ALREADY_EXISTS: 409,
  SLOT_UNAVAILABLE: 422,
  CENTER_NOT_ONLINE: 422,
  NOT_IN_REGISTRY: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** Every error code, for the error schema of the OpenAPI document. */
export const ERROR_CODES = Object.keys(STATUS) as [ErrorCode, ...ErrorCode[]];

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra top-level fields of the error object, e.g. `lockedUntil`. */
    readonly details: Record<string, unknown> = {},
    /** Response headers the error carries, e.g. `retry-after` of a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
    this.status = STATUS[code];
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export class ValidationFailed extends AppError {
  constructor(message = '请求参数不符合要求', details: Record<string, unknown> = {}) {
    super('VALIDATION_FAILED', message, details);
  }
}
export class Unauthenticated extends AppError {
  constructor(message = '未登录或登录已失效') {
    super('UNAUTHENTICATED', message);
  }
}
export class Forbidden extends AppError {
  constructor(message = '无权执行此操作') {
    super('FORBIDDEN', message);
  }
}
export class NotFound extends AppError {
  constructor(message = '资源不存在') {
    super('NOT_FOUND', message);
  }
}
export class AlreadyExists extends AppError {
  constructor(message: string) {
    super('ALREADY_EXISTS', message);
  }
}
export class InvalidState extends AppError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}
/**
 * Every 429 says when to come back (B11): `Retry-After` in whole seconds, at least 1, travels with
 * the error so no handler can answer RATE_LIMITED without it.
 */
export class RateLimited extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 1));
    super('RATE_LIMITED', message, {}, { 'retry-after': String(seconds) });
    this.retryAfterSeconds = seconds;
  }
}

/** R1a: one answer for every registration the registry does not back, so it reveals nothing. */
export class NotInRegistry extends AppError {
  constructor() {
    super('NOT_IN_REGISTRY', '执业证号、姓名与手机号须与律师协会登记的信息一致；如信息有变，请联系所在律师事务所或律师协会更新登记');
  }
}

/** R1a: the registry marks the licence suspended; its holder cannot register or book. */
export class LicenceSuspended extends AppError {
  constructor(who = '您') {
    super('LICENCE_SUSPENDED', `${who}的执业证在律师协会登记中处于停止执业状态，不能进行网上预约`);
  }
}
