// The error catalogue: every error class of the service lives here. The contract errors (SPEC §6)
// are `AppError`s, one class per code or per recurring message; domain code, use cases and adapters
// throw them, and the HTTP layer maps them to `{ error: { code, message } }` with the status below.
// Messages are user-facing Chinese. No AWS imports: the pure domain imports this module.

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
  | 'UNSUPPORTED_MEDIA_TYPE'
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
  // Not in SPEC §6: a request body declared in another charset than UTF-8 (issue 23 F6).
  UNSUPPORTED_MEDIA_TYPE: 415,
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

/** R2: only a lawyer with an active binding to the detainee may book a meeting with them. */
export class NotBound extends AppError {
  constructor(who = '您') {
    super('NOT_BOUND', `${who}未与该在押人员办理委托绑定，不能预约会见`);
  }
}

/** R11: interns are named on a practising lawyer's booking, never book on their own. */
export class InternMustBeAccompanied extends AppError {
  constructor() {
    super('INTERN_MUST_BE_ACCOMPANIED', '实习人员不得单独预约会见，须由执业律师预约并列明');
  }
}

/** R7: violations have locked the lawyer out of online booking until `lockedUntil`. */
export class LockedOut extends AppError {
  constructor(lockedUntil: string, who = '您') {
    super('LOCKED_OUT', `${who}因违约累计已被暂停网上预约，至 ${lockedUntil} 解除`, { lockedUntil });
  }
}

/**
 * A reschedule past the free-cancellation cut-off counts as a late cancellation of the old session
 * (R3); when that violation would lock the lawyer out, the new booking would be made by a locked
 * lawyer, so nothing changes (the lawyer may still keep or cancel the booking).
 */
export class RescheduleWouldLock extends AppError {
  constructor(lockedUntil: string) {
    super('LOCKED_OUT', `已超过免费撤销截止时间，本次改期将记违约一次并使您被暂停网上预约（至 ${lockedUntil}），改期未执行；原预约保持不变`, { lockedUntil });
  }
}

/** Not in SPEC §6: the local gateway refuses a body over 1 MB (API Gateway refuses it itself). */
export class PayloadTooLarge extends AppError {
  constructor() {
    super('PAYLOAD_TOO_LARGE', '请求体过大（上限 1 MB）');
  }
}

/** Not in SPEC §6: bodies are JSON in UTF-8; a Content-Type naming another charset is refused, not guessed at (issue 23 F6). */
export class UnsupportedMediaType extends AppError {
  constructor(charset: string) {
    super('UNSUPPORTED_MEDIA_TYPE', `请求体须为 UTF-8 编码的 JSON（Content-Type: application/json; charset=utf-8），不支持 charset=${charset}`);
  }
}

/** R6: the session has no place left; the lawyer may join its waitlist (B3). */
export class SlotFull extends AppError {
  constructor(message = '该时段名额已满，可加入候补') {
    super('SLOT_FULL', message);
  }
}

/** R8: the room is already given to another appointment in this session. */
export class RoomTaken extends AppError {
  constructor() {
    super('SLOT_FULL', '该房间此时段已被占用');
  }
}

/** R3: the detainee already has a meeting or an interrogation in this session. */
export class DetaineeBusy extends AppError {
  constructor() {
    super('DETAINEE_BUSY', '该在押人员在此时段已有会见或提讯安排');
  }
}

/** R3: a named lawyer already has another meeting in this session. */
export class LawyerBusy extends AppError {
  constructor(who = '您') {
    super('LAWYER_BUSY', `${who}在此时段已有其他会见预约`);
  }
}

/** R5: the pair of lawyer and detainee already holds the most future bookings the center allows. */
export class BookingLimitReached extends AppError {
  constructor(cap: number) {
    super('BOOKING_LIMIT_REACHED', `同一律师与同一在押人员最多同时持有 ${cap} 个未来预约`);
  }
}

/** R8: an interrogation room needs the lawyer's signed consent notice first. */
export class ConsentRequired extends AppError {
  constructor(message = '律师尚未签署使用讯问室会见告知书') {
    super('CONSENT_REQUIRED', message);
  }
}

/** B14: an Idempotency-Key already names another request of the same lawyer. */
export class IdempotencyKeyReused extends AppError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键');
  }
}

/** The slot cannot be booked: unknown, not a workday, started, or closed by the center. */
export class SlotUnavailable extends AppError {
  constructor(message: string) {
    super('SLOT_UNAVAILABLE', message);
  }
}

/** The center does not take online bookings (yet). */
export class CenterNotOnline extends AppError {
  constructor(name: string) {
    super('CENTER_NOT_ONLINE', `${name}尚未开通网上预约，请按看守所公布的方式办理`);
  }
}

/**
 * Refused by the detainee's own state, not by the booking: a waitlist promotion skips to the next
 * waiting lawyer on it instead of failing the cancellation that freed the place.
 */
export class DetaineeNotAvailable extends AppError {}

// Not contract errors: they never reach a client.

/** An invalid file under config/, refused at load (CDK synth, local start, cold start). */
export class ConfigError extends Error {}
