// Request and response schemas of the HTTP contract (SPEC §6), keyed by route. Handlers validate
// with them and the OpenAPI document is generated from them, so the docs cannot drift from what
// the server accepts. Request objects are strict: unknown fields are a 400.
//
// zod/mini, not zod's classic API: the same schemas, checks and issues (so the same messages and the
// same OpenAPI document) at a fraction of its size in every handler bundle. Every schema is built
// inside `schema(() => …)`: a handler bundle imports its own route's entry of ./contract.ts, and
// esbuild drops every schema that entry does not reach. A schema built outside it lands in every
// handler (test/infra/bundling.test.ts checks one).
import * as z from 'zod/mini';
import { USERNAME, CN_MOBILE, isBindableLicense, isValidLicense, passwordProblems } from '../domain/accounts';
import { ROLES } from '../routes';
import { ERROR_CODES } from '../errors';
import { characterProblem, nfkc, searchForm } from '../domain/text';

/**
 * Builds a module-level schema. esbuild takes a call of this function for free of side effects
 * (the annotation), so an unused schema is dropped with its construction: zod's own calls are not
 * annotated, and a bundler must assume each one matters.
 */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build();
}

/**
 * A name (of a person, a law firm, a case unit, a room): stored in NFKC, so it is normalised first
 * and its length counted after (NFKC can make a string several times longer: `Ǆ` → `DŽ`); control,
 * zero-width and bidi characters are refused (shared/domain/text.ts). Inside `schema()` or a builder only.
 */
const nameText = (max: number) =>
  z.string().check(
    z.overwrite(nfkc),
    z.trim(),
    z.superRefine((s, ctx) => {
      const problem = characterProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    }),
    z.minLength(1),
    z.maxLength(max),
  );
/** Free text (reasons, suggestions, messages): kept as written (no NFKC), line breaks allowed, nothing else invisible. */
const freeText = (max: number) =>
  z.string().check(
    z.trim(),
    z.superRefine((s, ctx) => {
      const problem = characterProblem(s, { multiline: true });
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    }),
    z.minLength(1),
    z.maxLength(max),
  );
/**
 * The longest detainee name: its search form (shared/domain/text.ts `searchForm`, lower case can
 * grow too: `İ` → `i̇`) writes one index item per character in the record's transaction, which
 * holds 100 (shared/adapters/custody-repository.ts).
 */
export const MAX_DETAINEE_NAME = 50;
const detaineeName = schema(() => nameText(MAX_DETAINEE_NAME).check(z.refine((s) => searchForm(s).length <= MAX_DETAINEE_NAME, `规范化后最多 ${MAX_DETAINEE_NAME} 个字符`)));

const id = (what: string) => z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9_.~-]+$/, `${what}格式不正确`));
const centerId = schema(() => z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, '看守所编号格式不正确')));

const password = schema(() =>
  z.string().check(
    z.superRefine((p, ctx) => {
      const problems = passwordProblems(p);
      if (problems.length) ctx.addIssue({ code: 'custom', message: `密码${problems.join('，')}` });
    }),
  ),
);

// Answers only: an instant as the API writes it (ISO-8601 with the Shanghai offset) and a whole day.
// Nothing parses responses, so these exist for the document (`format: date-time` / `date`) and for
// checking its examples.
const instantOut = schema(() => z.iso.datetime({ offset: true }));
const dayOut = schema(() => z.iso.date());

// ---- paging (SPEC §7.3) ----
/** `limit` and `cursor` of every list that grows; the page machinery is shared/adapters/paging.ts. */
const pageQuery = schema(() => ({
  limit: z
    ._default(z.coerce.number().check(z.int('须为整数'), z.gte(1, '不能小于 1'), z.lte(100, '不能大于 100')), 100)
    .check(z.meta({ description: '本页最多返回的条数（1–100，默认 100）' })),
  cursor: z
    .optional(z.string().check(z.minLength(1), z.maxLength(2048)))
    .check(z.meta({ description: '上一页返回的 nextCursor，原样传回以取下一页；不能修改，也不能用于其他列表、看守所或账号' })),
}));
const nextCursor = schema(() => z.nullable(z.string()).check(z.meta({ description: '取下一页时作为 cursor 传回；已是最后一页时为 null' })));

/** What an error carries beyond code and message (shared/errors.ts `details`), per error code. */
export const errorBody = schema(() =>
  z
    .object({
      error: z.catchall(
        z.object({
          code: z.enum(ERROR_CODES).check(z.meta({ description: '错误码（大写下划线）' })),
          message: z.string().check(z.meta({ description: '中文说明，可直接展示给用户' })),
          issues: z
            .optional(z.array(z.object({ field: z.string().check(z.meta({ description: '出错的位置，如 body.centerId、query.date' })), message: z.string() })))
            .check(z.meta({ description: '仅 VALIDATION_FAILED：逐项列出未通过校验的字段（请求体、路径或查询参数不符合要求时）' })),
          lockedUntil: z.optional(instantOut).check(z.meta({ description: '仅 LOCKED_OUT：暂停网上预约的解除时间' })),
        }),
        z.unknown(),
      ),
    })
    .check(z.meta({ id: 'Error' })),
);

/**
 * The `Idempotency-Key` request header of POST /bookings and cancellations. The handlers enforce it
 * (shared/adapters/idempotency.ts, with its own messages); this schema documents the same rule.
 */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
export const idempotencyHeaders = schema(() =>
  z.object({
    'Idempotency-Key': z.string().check(
      z.minLength(8),
      z.maxLength(128),
      z.regex(IDEMPOTENCY_KEY),
      z.meta({
        description:
          '客户端为每个新请求生成的唯一键（8–128 位字母、数字或 _ . : -），重试时原样再发。同一账号以相同的键重发相同的请求时，' +
          '不会重复办理，返回 200 及首次办理的结果；相同的键配不同的请求返回 409 IDEMPOTENCY_KEY_REUSED。键至少保留 24 小时。',
      }),
    ),
  }),
);

// ---- public ----
export const healthResponse = schema(() => z.object({ status: z.literal('ok') }));
/** GET /openapi.json: only the frame is described; the document's own schema is OpenAPI 3.1's. */
export const openApiDocumentResponse = schema(() =>
  z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
);

export const centerView = schema(() =>
  z.object({
    centerId: z.string(),
    name: z.string(),
    district: z.string(),
    onlineBooking: z.boolean(),
    address: z.string(),
    phone: z.string(),
  }),
);
export const centersResponse = schema(() => z.object({ centers: z.array(centerView) }));

export const registerBody = schema(() =>
  z
    .strictObject({
      username: z.string().check(z.regex(USERNAME, '用户名须为 3–64 位字母、数字或 _ . -')),
      password,
      name: nameText(50),
      phone: z.string().check(z.regex(CN_MOBILE, '须为有效的中国大陆手机号')),
      email: z.optional(z.email().check(z.maxLength(254))),
      licenseNo: z.string(),
      lawFirm: nameText(100),
      role: z.enum(['lawyer', 'intern']),
    })
    .check(
      z.superRefine((b, ctx) => {
        if (!isValidLicense(b.role, b.licenseNo)) {
          ctx.addIssue({
            code: 'custom',
            path: ['licenseNo'],
            message: b.role === 'lawyer' ? '执业证号须为 17 位数字' : '实习证号须为 6–20 位数字或大写字母',
          });
        }
      }),
    ),
);
export const registerResponse = schema(() => z.object({ lawyerId: z.string(), status: z.literal('unconfirmed') }));

// ---- the licence registry (R1a) ----
export const registryEntry = schema(() =>
  z
    .strictObject({
      licenseNo: z.string(),
      name: nameText(50),
      lawFirm: nameText(100),
      phone: z.string().check(z.regex(CN_MOBILE, '须为有效的中国大陆手机号')),
      role: z.enum(['lawyer', 'intern']),
      status: z.enum(['practising', 'suspended']),
    })
    .check(
      z.superRefine((e, ctx) => {
        if (!isValidLicense(e.role, e.licenseNo)) {
          ctx.addIssue({ code: 'custom', path: ['licenseNo'], message: e.role === 'lawyer' ? '执业证号须为 17 位数字' : '实习证号须为 6–20 位数字或大写字母' });
        }
      }),
    ),
);
export const MAX_REGISTRY_ENTRIES = 1000;
export const importRegistryBody = schema(() =>
  z.strictObject({ entries: z.array(registryEntry).check(z.minLength(1, '至少导入 1 条'), z.maxLength(MAX_REGISTRY_ENTRIES, `一次最多导入 ${MAX_REGISTRY_ENTRIES} 条`)) }),
);
export const importRegistryResponse = schema(() => z.object({ created: z.number().check(z.int()), updated: z.number().check(z.int()) }));
/** One entry through the admin's form: the licence is the path, the rest the body. */
export const registryEntryBody = schema(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, '请填写姓名'), z.maxLength(50, '姓名最多 50 个字')),
    lawFirm: z.string().check(z.trim(), z.minLength(1, '请填写律师事务所'), z.maxLength(100, '律师事务所最多 100 个字')),
    phone: z.string().check(z.regex(CN_MOBILE, '须为有效的中国大陆手机号')),
    role: z.enum(['lawyer', 'intern']),
    status: z.enum(['practising', 'suspended']),
  }),
);
export const registryEntrySaved = schema(() => z.object({ licenseNo: z.string(), created: z.boolean().check(z.meta({ description: 'true 为新增，false 为更新已有记录' })) }));
export const registryParams = schema(() => z.strictObject({ licenseNo: z.string().check(z.regex(/^[0-9A-Z]{6,20}$/, '执业证号格式不正确')) }));
export const registryEntryResponse = schema(() =>
  z.object({
    licenseNo: z.string(),
    name: z.string(),
    lawFirm: z.string(),
    phone: z.string(),
    role: z.enum(['lawyer', 'intern']),
    status: z.enum(['practising', 'suspended']),
    importedAt: z.string(),
    /** The account registered with this licence, or null. */
    accountId: z.nullable(z.string()),
  }),
);

export const confirmBody = schema(() => z.strictObject({ username: z.string().check(z.regex(USERNAME)), code: z.string().check(z.regex(/^\d{6}$/, '验证码为 6 位数字')) }));
export const confirmResponse = schema(() => z.object({ status: z.literal('confirmed') }));

export const loginBody = schema(() =>
  z.strictObject({ username: z.string().check(z.minLength(1), z.maxLength(64)), password: z.string().check(z.minLength(1), z.maxLength(256)) }),
);
export const loginResponse = schema(() => z.object({ token: z.string(), expiresIn: z.number().check(z.int(), z.describe('ID 令牌（即 token）的有效期，秒')) }));

// Recovery (SPEC §7.2). The answers are the same whether the account exists or not.
const username = schema(() => z.string().check(z.regex(USERNAME, '用户名须为 3–64 位字母、数字或 _ . -')));
const smsCode = schema(() => z.string().check(z.regex(/^\d{6}$/, '验证码为 6 位数字')));
export const resendBody = schema(() => z.strictObject({ username }));
export const forgotBody = schema(() => z.strictObject({ username }));
export const acceptedResponse = schema(() =>
  z.object({ status: z.literal('accepted') }).check(z.describe('已受理。账号存在且符合条件时，验证码已发往其登记的手机；不存在时答复相同。')),
);
export const resetBody = schema(() => z.strictObject({ username, code: smsCode, newPassword: password }));
export const resetResponse = schema(() => z.object({ status: z.literal('reset') }));

// ---- lawyer ----
export const meResponse = schema(() =>
  z.object({
    lawyerId: z.string(),
    name: z.string(),
    licenseNo: z.string(),
    role: z.enum(['lawyer', 'intern']),
    violationCount: z
      .number()
      .check(z.int(), z.meta({ description: '自上次停止预约期满以来计入的违约次数：停止预约期间显示其所依据的违约（通常为 3），期满后从 0 重新计算（B1a）' })),
    lockedUntil: z.nullable(instantOut).check(z.meta({ description: '停止网上预约的截止时间；未被停止时为 null' })),
  }),
);

export const bindingView = schema(() =>
  z.object({
    bindingId: z.string(),
    centerId: z.string(),
    detaineeId: z.string(),
    status: z.enum(['active', 'revoked', 'ended']),
    /** SPEC 7.3: who and where, so a lawyer with several clients can tell them apart. */
    detaineeName: z.string(),
    centerName: z.string(),
  }),
);
export const bindingsQuery = schema(() => z.strictObject(pageQuery));
export const bindingsResponse = schema(() => z.object({ bindings: z.array(bindingView), nextCursor }));

/** A lawyer's own waitlist entries (B3) and urgent requests (B2), SPEC 7.2. */
export const myWaitlistResponse = schema(() =>
  z.object({
    entries: z.array(
      z.object({
        waitlistId: z.string(),
        centerId: z.string(),
        detaineeId: z.string(),
        slotId: z.string(),
        position: z.number().check(z.int(), z.meta({ description: '当前排在第几位（从 1 开始）' })),
        /** Who and where, by name (issue 18). */
        detaineeName: z.optional(z.string()),
        centerName: z.optional(z.string()),
      }),
    ),
  }),
);
export const myUrgentRequestsQuery = schema(() => z.strictObject(pageQuery));
export const myUrgentRequestsResponse = schema(() =>
  z.object({
    requests: z.array(
      z.object({
        requestId: z.string(),
        centerId: z.string(),
        detaineeId: z.string(),
        deadline: instantOut,
        status: z.enum(['open', 'placed', 'closed']).check(z.meta({ description: 'open 待安排；placed 已安排会见；closed 委托绑定已结束，申请随之关闭' })),
        /** Which client, by name (issue 18). */
        detaineeName: z.optional(z.string()),
        centerName: z.optional(z.string()),
      }),
    ),
    nextCursor,
  }),
);

// ---- admin ----
export const createUserBody = schema(() =>
  z.strictObject({
    username: z.string().check(z.regex(USERNAME, '用户名须为 3–64 位字母、数字或 _ . -')),
    password,
    role: z.enum(['staff', 'investigator', 'committee', 'admin']),
    centerIds: z.optional(z.array(centerId).check(z.minLength(1), z.maxLength(20))),
    district: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9]{1,20}$/))),
    /** Beyond the contract: how staff and admins are reached, e.g. by the 48-hour alert (B2). */
    phone: z.optional(z.string().check(z.regex(CN_MOBILE, '须为有效的中国大陆手机号'))),
    email: z.optional(z.email().check(z.maxLength(254))),
  }),
);
export const createUserResponse = schema(() =>
  z.object({
    userId: z.string(),
    username: z.string(),
    role: z.string(),
    centerIds: z.array(z.string()),
    district: z.nullable(z.string()),
  }),
);

const pageLimit = schema(() =>
  z.pipe(z.string().check(z.regex(/^\d{1,3}$/, 'limit 须为 1–100 的整数')), z.transform(Number)).check(z.refine((n) => n >= 1 && n <= 100, 'limit 须为 1–100 的整数')),
);
/** An opaque cursor from a previous page's `nextCursor` (shared/http/cursor.ts checks its signature). */
const pageCursor = schema(() => z.string().check(z.minLength(1), z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, '无效的分页游标')));
export const listUsersQuery = schema(() => z.strictObject({ role: z.optional(z.enum(ROLES)), limit: z.optional(pageLimit), cursor: z.optional(pageCursor) }));
export const userSummary = schema(() =>
  z.object({
    userId: z.string(),
    username: z.string(),
    role: z.enum(ROLES),
    centerIds: z.array(z.string()),
    district: z.nullable(z.string()),
    disabled: z.boolean(),
  }),
);
export const usersResponse = schema(() =>
  z.object({
    users: z.array(userSummary),
    nextCursor: z.nullable(z.string()).check(z.describe('下一页的游标，原样传回 cursor；最后一页为 null')),
  }),
);
export const userParams = schema(() => z.strictObject({ userId: id('账号编号') }));
export const accountStateResponse = schema(() => z.object({ userId: z.string(), disabled: z.boolean() }));

// ---- staff ----
export const centerParams = schema(() => z.strictObject({ centerId }));
export const detaineeParams = schema(() => z.strictObject({ centerId, detaineeId: id('在押人员编号') }));
export const bindingParams = schema(() => z.strictObject({ centerId, bindingId: id('绑定编号') }));

export const createDetaineeBody = schema(() =>
  z.strictObject({
    name: detaineeName,
    sex: z.enum(['M', 'F']),
    caseUnit: z.optional(nameText(100)),
  }),
);
export const createDetaineeResponse = schema(() => z.object({ detaineeId: z.string() }));

export const releaseBody = schema(() => z.strictObject({ reason: z.enum(['released', 'transferred']) }));
export const releaseResponse = schema(() =>
  z.object({ status: z.enum(['released', 'transferred']), endedBindingIds: z.array(z.string()), cancelledBookingIds: z.array(z.string()) }),
);

export const createBindingBody = schema(() =>
  z.strictObject({
    licenseNo: z.string().check(z.refine(isBindableLicense, '证号须为 17 位执业证号或 6–20 位实习证号')),
    detaineeId: id('在押人员编号'),
    verification: z.enum(['documents', 'first-meeting']),
  }),
);
export const withdrawResponse = schema(() => z.object({ status: z.literal('withdrawn') }));
export const createBindingResponse = schema(() =>
  z.object({
    bindingId: z.string(),
    status: z.literal('active'),
    lawyerId: z.nullable(z.string()),
    /** The account the binding attached to, to compare with the papers (R1a); null until that lawyer registers. */
    lawyer: z.nullable(z.object({ name: z.string(), lawFirm: z.string() })),
    /**
     * The licence as the bar association's registry has it (R1a): null when the registry does not
     * know it (a typo, or a lawyer not imported yet: the binding is made all the same).
     */
    registry: z
      .nullable(z.object({ name: z.string(), lawFirm: z.string(), role: z.enum(['lawyer', 'intern']), status: z.enum(['practising', 'suspended']) }))
      .check(z.meta({ description: '律师协会执业登记中该证号的记录（不含手机号）；登记中没有该证号时为 null（仍可绑定，请核对证件）' })),
  }),
);
export const revokeBindingResponse = schema(() => z.object({ bindingId: z.string(), status: z.literal('revoked'), cancelledBookingIds: z.array(z.string()) }));

// ---- staff look-ups (SPEC 7.2) ----
export const detaineesQuery = schema(() =>
  z.strictObject({
    q: z
      .optional(z.string().check(z.overwrite(nfkc), z.trim(), z.maxLength(20, '最多 20 个字')))
      .check(z.meta({ description: '姓名中的任意连续部分（如“三”可查到“张三”“李三丰”）；为空时列出全部' })),
    status: z._default(z.enum(['active', 'released', 'all']), 'active').check(z.meta({ description: 'active 在押（默认）；released 已离所（释放或移送）；all 全部' })),
    ...pageQuery,
  }),
);
export const detaineeView = schema(() =>
  z.object({
    detaineeId: z.string(),
    name: z.string(),
    sex: z.enum(['M', 'F']),
    status: z.enum(['active', 'released', 'transferred']),
    caseUnit: z.nullable(z.string()),
  }),
);
export const detaineesResponse = schema(() => z.object({ detainees: z.array(detaineeView), nextCursor }));
/** What an investigator may know of a detainee when looking one up by name (B9): no lawyer, no case data. */
export const detaineeSearchQuery = schema(() =>
  z.strictObject({
    name: z
      .string()
      .check(z.trim(), z.minLength(1, '请填写姓名'), z.maxLength(20, '最多 20 个字'))
      .check(z.meta({ description: '姓名中的任意连续部分' })),
    status: z._default(z.enum(['active', 'released', 'all']), 'active').check(z.meta({ description: 'active 在押（默认）；released 已离所；all 全部' })),
    ...pageQuery,
  }),
);
export const detaineeSearchResponse = schema(() =>
  z.object({ detainees: z.array(z.object({ detaineeId: z.string(), name: z.string(), status: z.enum(['active', 'released', 'transferred']) })), nextCursor }),
);
export const detaineeDetailResponse = schema(() =>
  z.extend(detaineeView, {
    createdAt: instantOut,
    releasedAt: z.nullable(instantOut),
    bindings: z.array(
      z.object({
        bindingId: z.string(),
        licenseNo: z.string(),
        /** Null until the holder of the licence registers (R1). */
        lawyerId: z.nullable(z.string()),
        lawyerName: z.nullable(z.string()),
        status: z.enum(['active', 'revoked', 'ended']),
        verification: z.enum(['documents', 'first-meeting']),
        createdAt: instantOut,
      }),
    ),
    upcoming: z.array(
      z.object({
        slotId: z.string(),
        kind: z.enum(['lawyer-meeting', 'interrogation']),
        date: dayOut,
        start: instantOut,
      }),
    ),
    /** Sessions from today on the detainee cannot attend (court, hospital: R4), so staff offer none of them. */
    unavailableSlotIds: z.array(z.string()).check(z.meta({ description: '今天起在押人员不能会见的时段（开庭、就医等），时间先后排列' })),
  }),
);
export const roomsQuery = schema(() =>
  z.strictObject({
    slotId: z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9_.-]+$/, '时段编号格式不正确')),
  }),
);
export const roomsResponse = schema(() =>
  z.object({
    slotId: z.string(),
    rooms: z.array(
      z.object({
        roomNo: z.string(),
        roomType: z.enum(['meeting', 'interrogation']),
        free: z.boolean().check(z.meta({ description: '该时段此房间是否空闲（未被会见、紧急会见安排或提讯占用）' })),
      }),
    ),
  }),
);

// ---- booking engine ----
// Years the calendar arithmetic is meant for; also keeps a range loop from running past year 9999.
const isoDate = schema(() => z.iso.date().check(z.refine((d) => d >= '2000-01-01' && d <= '2100-12-31', '日期须在 2000 年至 2100 年之间')));
const slotId = schema(() => z.string().check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9_.-]+$/, '时段编号格式不正确')));
const lawyerIds = (max: number) => z.array(id('律师编号')).check(z.maxLength(max));
/** People named by what the lead knows: their licence (执业证号) or intern certificate number. */
const licenseNos = (max: number, what: string) =>
  z.array(z.string().check(z.trim(), z.refine(isBindableLicense, `${what}的证号须为 17 位执业证号或 6–20 位实习证号`))).check(z.maxLength(max, `${what}最多 ${max} 名`));

export const slotsQuery = schema(() => z.strictObject({ from: z.optional(isoDate), to: z.optional(isoDate) }));
export const slotView = schema(() =>
  z.object({
    slotId: z.string(),
    date: dayOut,
    start: instantOut,
    end: instantOut,
    lastAdmission: instantOut,
    capacity: z.number().check(z.int()),
    available: z.number().check(z.int()),
    /** What the server would answer to a booking now (SPEC 7.3): offer only bookable slots. */
    bookable: z.boolean(),
    reason: z.optional(z.enum(['started', 'closed', 'outside_window', 'full'])),
    /** `provisional`: no official calendar file for the year; statutory holidays by the national rules (B12). */
    calendar: z.enum(['official', 'provisional']),
  }),
);
export const slotsResponse = schema(() => z.object({ slots: z.array(slotView) }));

export const createBookingBody = schema(() =>
  z.strictObject({
    centerId,
    detaineeId: id('在押人员编号'),
    slotId,
    coCounselLawyerIds: z.optional(lawyerIds(1)),
    internLawyerIds: z.optional(lawyerIds(2)),
    /** The same people by licence number (resolved to registered accounts server-side); either form, or both. */
    coCounselLicenseNos: z.optional(licenseNos(1, '共同辩护律师')),
    internLicenseNos: z.optional(licenseNos(2, '随同实习人员')),
  }),
);
/** How a person is named on a booking: `lead` booked it, `co-counsel` and `intern` were named on it. */
const bookingRole = schema(() => z.enum(['lead', 'co-counsel', 'intern']).check(z.meta({ description: 'lead 预约律师；co-counsel 共同辩护律师；intern 随同实习人员' })));
/** SPEC 7.3: the people of a booking as its lawyers see them. */
const bookingLawyer = schema(() => z.object({ lawyerId: z.string(), name: z.string(), role: bookingRole }));
/** SPEC 7.3: the people of a booking as the front desk needs them, to check identities at the window. */
const queueLawyer = schema(() => z.object({ lawyerId: z.string(), name: z.string(), licenseNo: z.string(), lawFirm: z.string(), phone: z.string(), role: bookingRole }));
/** What SPEC 7.3 adds to a booking its lawyers see (`start` was already on the detail). */
const bookingNames = schema(() => ({
  centerName: z.string(),
  detaineeName: z.string(),
  end: instantOut,
  lawyers: z.array(bookingLawyer),
}));
export const bookingCreated = schema(() =>
  z.object({
    bookingId: z.string(),
    status: z.literal('booked'),
    centerId: z.string(),
    detaineeId: z.string(),
    slotId: z.string(),
    queueNumber: z.number().check(z.int()),
    lawyerIds: z.array(z.string()),
    rules: z.array(z.string()),
    createdAt: instantOut,
    start: instantOut,
    ...bookingNames,
  }),
);
export const bookingDetail = schema(() =>
  z.object({
    bookingId: z.string(),
    status: z.enum(['booked', 'cancelled', 'cancelled_by_center', 'checked_in', 'completed', 'no_show']),
    centerId: z.string(),
    detaineeId: z.string(),
    slotId: z.string(),
    date: dayOut,
    start: instantOut,
    lastAdmission: instantOut,
    queueNumber: z.number().check(z.int()),
    leadLawyerId: z.string(),
    lawyerIds: z.array(z.string()),
    coCounselLawyerIds: z.array(z.string()),
    internLawyerIds: z.array(z.string()),
    rules: z.array(z.string()),
    createdAt: instantOut,
    cancelledAt: z.nullable(instantOut),
    /** Why the center cancelled it (a court date, a closure, a release): only on a center cancellation. */
    cancelReason: z.optional(z.string()),
    /** The room staff arranged (R8); `consentPending`: an interrogation room waiting for the lawyer's consent. */
    room: z.nullable(z.object({ roomType: z.enum(['meeting', 'interrogation']), roomNo: z.string(), assignedAt: instantOut, consentPending: z.boolean() })),
    /** The signed interrogation-room consent notice (R8), with the version of the text signed. */
    consent: z.nullable(z.object({ consentId: z.string(), kind: z.literal('interrogation-room'), textVersion: z.string(), signedBy: z.string(), signedAt: instantOut })),
    ...bookingNames,
  }),
);
export const bookingsQuery = schema(() => z.strictObject(pageQuery));
export const bookingsResponse = schema(() => z.object({ bookings: z.array(bookingDetail), nextCursor }));
export const bookingParams = schema(() => z.strictObject({ bookingId: id('预约编号') }));
export const rescheduleBody = schema(() => z.strictObject({ slotId }));
/** The booking in its new session, with the session it left (issue 20 part 3). */
export const rescheduleResponse = schema(() =>
  z.extend(bookingCreated, {
    previousSlotId: z.string(),
    violation: z.boolean(),
    promotedWaitlistId: z.nullable(z.string()),
  }),
);
export const cancelResponse = schema(() => z.object({ status: z.literal('cancelled'), violation: z.boolean() }));

export const waitlistBody = schema(() => z.strictObject({ centerId, detaineeId: id('在押人员编号'), slotId }));
export const waitlistResponse = schema(() => z.object({ waitlistId: z.string(), position: z.number().check(z.int()) }));
export const waitlistParams = schema(() => z.strictObject({ waitlistId: id('候补编号') }));
export const waitlistDeleted = schema(() => z.object({ waitlistId: z.string(), status: z.literal('removed') }));

export const dayQueueQuery = schema(() => z.strictObject({ date: isoDate, ...pageQuery }));
const callState = schema(() => z.enum(['called', 'skipped']).check(z.meta({ description: 'called 已叫号；skipped 已过号' })));
/** What a booking of the day queue carries about its call (null until first called or skipped). */
export const bookingCallView = schema(() =>
  z.nullable(
    z.object({
      state: callState,
      calledAt: z.nullable(instantOut),
      callCount: z.number().check(z.int()),
      skippedAt: z.nullable(instantOut),
      skipReason: z.nullable(z.string()),
    }),
  ),
);
/** A booking in the staff's day queue: who is at the window, with what they show there (SPEC 7.3). */
export const queueBookingView = schema(() =>
  z.extend(z.omit(bookingDetail, { lawyers: true }), {
    lawyers: z.array(queueLawyer),
    /** Queue calling (issue 20): the booking's call, null until staff first call or skip it. */
    call: bookingCallView,
  }),
);
export const dayQueueResponse = schema(() =>
  z.object({
    date: dayOut,
    bookings: z.array(queueBookingView),
    nextCursor,
    /**
     * Interrogations hold queue numbers of the same sessions (R6). Not paged: a day holds at most one
     * per interrogation room and session, and every page carries them all.
     */
    interrogations: z.array(
      z.object({
        interrogationId: z.string(),
        status: z.string(),
        detaineeId: z.string(),
        detaineeName: z.string(),
        slotId: z.string(),
        queueNumber: z.number().check(z.int()),
        roomNo: z.string(),
      }),
    ),
  }),
);

// ---- attendance and discipline ----
export const checkInBody = schema(() => z.strictObject({ arrivedAt: z.optional(z.iso.datetime({ offset: true })) }));
export const checkInResponse = schema(() => z.object({ status: z.literal('checked_in'), late: z.boolean() }));
export const completeResponse = schema(() => z.object({ status: z.literal('completed') }));
export const violationView = schema(() =>
  z.object({
    violationId: z.string(),
    bookingId: z.string(),
    reason: z.enum(['late', 'no_show', 'late_cancel']),
    status: z.enum(['counted', 'appealed', 'voided']),
    at: instantOut,
    /** The meeting it was recorded for, by name (issue 18): GET /me/violations. */
    meeting: z.optional(z.object({ centerName: z.string(), detaineeName: z.string(), date: dayOut, start: instantOut })),
  }),
);
export const violationsQuery = schema(() => z.strictObject(pageQuery));
export const violationsResponse = schema(() => z.object({ violations: z.array(violationView), nextCursor }));
export const violationParams = schema(() => z.strictObject({ violationId: id('违约记录编号') }));
export const appealBody = schema(() => z.strictObject({ reason: freeText(500) }));
export const appealsResponse = schema(() =>
  z.object({
    appeals: z.array(
      z.object({
        violationId: z.string(),
        reason: z.enum(['late', 'no_show', 'late_cancel']),
        at: instantOut,
        appealReason: z.string(),
        appealedAt: instantOut,
        lawyer: z.object({ lawyerId: z.string(), name: z.string(), lawFirm: z.string(), licenseNo: z.string() }),
        booking: z.nullable(z.object({ bookingId: z.string(), slotId: z.string(), date: dayOut, sessionStart: instantOut, detaineeId: z.string(), detaineeName: z.string() })),
      }),
    ),
  }),
);
export const decisionBody = schema(() => z.strictObject({ decision: z.enum(['upheld', 'voided']) }));

// ---- notifications ----
export const preferencesBody = schema(() => z.strictObject({ notifyBy: z.enum(['sms', 'email', 'both']) }));
export const preferencesResponse = schema(() => z.object({ notifyBy: z.enum(['sms', 'email', 'both']), email: z.nullable(z.string()) }));
export const notificationsQuery = schema(() => z.strictObject({ status: z._default(z.enum(['pending', 'failed', 'dead']), 'dead'), ...pageQuery }));
export const notificationView = schema(() =>
  z.object({
    notificationId: z.string(),
    kind: z.string(),
    recipientId: z.string(),
    status: z.string(),
    attempts: z.number().check(z.int()),
    createdAt: instantOut,
    lastError: z.nullable(z.string()),
    nextAttemptAt: z.nullable(instantOut),
  }),
);
export const notificationsResponse = schema(() => z.object({ notifications: z.array(notificationView), nextCursor }));
export const notificationParams = schema(() => z.strictObject({ notificationId: id('通知编号') }));
export const redriveResponse = schema(() => z.object({ notificationId: z.string(), status: z.literal('pending') }));

// ---- center operations (R4, R7, R8, R10, R14, R15, B2, B4, B6, B8, B9) ----
const instant = schema(() => z.iso.datetime({ offset: true }));
/** A date (the whole Shanghai day) or an instant with offset. */
const dateOrInstant = schema(() => z.union([isoDate, instant], { error: '须为 YYYY-MM-DD 格式的日期或带时区的 ISO-8601 时间' }));
const reasonText = schema(() => freeText(200));

export const unavailabilityBody = schema(() => z.strictObject({ from: dateOrInstant, to: dateOrInstant, reason: reasonText }));
export const unavailabilityResponse = schema(() =>
  z.object({
    unavailabilityId: z.string(),
    detaineeId: z.string(),
    /** A whole day asked for comes back as its first and last instant. */
    from: instantOut,
    to: instantOut,
    reason: z.string(),
    cancelledBookingIds: z.array(z.string()),
  }),
);

export const closureBody = schema(() => z.strictObject({ date: isoDate, slotIds: z.optional(z.array(slotId).check(z.minLength(1), z.maxLength(20))), reason: reasonText }));
export const closureResponse = schema(() =>
  z.object({
    closureId: z.string(),
    date: dayOut,
    slotIds: z.array(z.string()),
    reason: z.string(),
    cancelledBookingIds: z.array(z.string()),
  }),
);

export const scheduleQuery = schema(() => z.strictObject({ from: z.optional(isoDate), to: z.optional(isoDate) }));
export const appointmentView = schema(() =>
  z.object({
    slotId: z.string(),
    date: dayOut,
    start: instantOut,
    end: instantOut,
    kind: z.enum(['lawyer-meeting', 'interrogation']),
  }),
);
export const scheduleResponse = schema(() => z.object({ appointments: z.array(appointmentView) }));

export const interrogationBody = schema(() => z.strictObject({ detaineeId: id('在押人员编号'), slotId }));
export const interrogationResponse = schema(() =>
  z.object({
    interrogationId: z.string(),
    status: z.literal('booked'),
    centerId: z.string(),
    detaineeId: z.string(),
    slotId: z.string(),
    date: dayOut,
    start: instantOut,
    end: instantOut,
    queueNumber: z.number().check(z.int()),
    /** The interrogation room taken (the first free one, in the center's order). */
    roomNo: z.string(),
    createdAt: instantOut,
  }),
);

export const consentBody = schema(() => z.strictObject({ kind: z.literal('interrogation-room') }));
export const consentResponse = schema(() =>
  z.object({
    consentId: z.string(),
    bookingId: z.string(),
    kind: z.literal('interrogation-room'),
    textVersion: z.string(),
    text: z.string(),
    signedBy: z.string(),
    signedAt: instantOut,
  }),
);

export const roomBody = schema(() => z.strictObject({ roomType: z.enum(['meeting', 'interrogation']), roomNo: nameText(20) }));
export const roomResponse = schema(() => z.object({ bookingId: z.string(), roomType: z.enum(['meeting', 'interrogation']), roomNo: z.string(), assignedAt: instantOut }));

export const meetingRequestBody = schema(() => z.strictObject({ message: z.optional(freeText(500)) }));
export const meetingRequestResponse = schema(() => z.object({ requestId: z.string(), notifiedLawyerIds: z.array(z.string()) }));

export const urgentRequestBody = schema(() => z.strictObject({ centerId, detaineeId: id('在押人员编号') }));
export const urgentRequestCreated = schema(() =>
  z.object({ requestId: z.string(), deadline: instantOut, status: z.literal('open'), centerId: z.string(), detaineeId: z.string() }),
);
export const urgentRequestView = schema(() =>
  z.object({
    requestId: z.string(),
    centerId: z.string(),
    detaineeId: z.string(),
    lawyerId: z.string(),
    /** `closed`: the lawyer's binding ended before the request was placed (B4). */
    status: z.enum(['open', 'placed', 'closed']),
    createdAt: instantOut,
    deadline: instantOut,
    /** Open with less than 12 hours to the deadline, or past it. */
    atRisk: z.boolean(),
    overdue: z.boolean(),
    alertedAt: z.nullable(instantOut),
    placedAt: z.nullable(instantOut),
    placedOnTime: z.nullable(z.boolean()),
    bookingId: z.nullable(z.string()),
  }),
);
export const urgentRequestsQuery = schema(() => z.strictObject({ status: z._default(z.enum(['open', 'placed', 'all']), 'open'), ...pageQuery }));
export const urgentRequestsResponse = schema(() => z.object({ requests: z.array(urgentRequestView), nextCursor }));
export const urgentRequestParams = schema(() => z.strictObject({ requestId: id('紧急会见申请编号') }));
export const placeBody = schema(() => z.strictObject({ slotId: z.optional(slotId), roomType: z.enum(['meeting', 'interrogation']), roomNo: nameText(20) }));
export const placeResponse = schema(() =>
  z.object({
    requestId: z.string(),
    status: z.literal('placed'),
    bookingId: z.string(),
    slotId: z.string(),
    roomType: z.enum(['meeting', 'interrogation']),
    roomNo: z.string(),
    /** An interrogation room is only handed over once the lawyer signed the consent notice (R8). */
    consentRequired: z.boolean(),
    placedOnTime: z.boolean(),
  }),
);

export const suggestionBody = schema(() => z.strictObject({ text: freeText(2000) }));
export const suggestionView = schema(() =>
  z.object({
    suggestionId: z.string(),
    centerId: z.string(),
    lawyerId: z.string(),
    text: z.string(),
    status: z.enum(['open', 'replied']),
    createdAt: instantOut,
    replyDueBy: instantOut,
    overdue: z.boolean(),
    reply: z.nullable(z.string()),
    repliedAt: z.nullable(instantOut),
    repliedBy: z.nullable(z.string()),
  }),
);
export const suggestionsQuery = schema(() => z.strictObject({ status: z._default(z.enum(['open', 'replied', 'all']), 'all'), ...pageQuery }));
export const suggestionsResponse = schema(() => z.object({ suggestions: z.array(suggestionView), nextCursor }));
export const suggestionParams = schema(() => z.strictObject({ centerId, suggestionId: id('意见建议编号') }));
export const replyBody = schema(() => z.strictObject({ text: freeText(2000) }));

export const auditQuery = schema(() => z.strictObject({ from: z.optional(isoDate), to: z.optional(isoDate), ...pageQuery }));
export const auditRecordView = schema(() =>
  z.object({
    auditId: z.string(),
    at: instantOut,
    actorId: z.string(),
    actorRole: z.string(),
    action: z.string(),
    centerId: z.nullable(z.string()),
    target: z.nullable(z.string()),
    before: z.nullable(z.record(z.string(), z.unknown())),
    after: z.nullable(z.record(z.string(), z.unknown())),
    changes: z.array(z.string()),
    requestId: z.string(),
  }),
);
export const auditResponse = schema(() => z.object({ centerId: z.string(), from: dayOut, to: dayOut, records: z.array(auditRecordView), nextCursor }));

export const reportsQuery = schema(() =>
  z.strictObject({
    district: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9]{1,20}$/, '区县编号格式不正确'))),
    from: isoDate,
    to: isoDate,
  }),
);
export const reportDayView = schema(() =>
  z.object({
    centerId: z.string(),
    date: dayOut,
    booked: z.number().check(z.int()),
    attended: z.number().check(z.int()),
    late: z.number().check(z.int()),
    noShow: z.number().check(z.int()),
    cancelledByLawyer: z.number().check(z.int()),
    cancelledByCenter: z.number().check(z.int()),
    interrogations: z.number().check(z.int()),
    places: z.number().check(z.int()),
    /** Places taken by lawyer meetings / places offered (0 on a day without sessions). */
    utilisation: z.number(),
    urgentDue: z.number().check(z.int()),
    urgentPlacedOnTime: z.number().check(z.int()),
    /** Urgent requests due that day placed before their deadline / due (null when none was due). */
    urgentCompliance: z.nullable(z.number()),
  }),
);
export const reportCenterView = schema(() =>
  z.object({
    centerId: z.string(),
    name: z.string(),
    suggestionsOpen: z.number().check(z.int()),
    suggestionsOverdue: z.number().check(z.int()),
    urgentOpen: z.number().check(z.int()),
  }),
);
export const reportsResponse = schema(() =>
  z.object({
    district: z.string(),
    from: dayOut,
    to: dayOut,
    days: z.array(reportDayView),
    centers: z.array(reportCenterView),
  }),
);

// ---- calendar feed (issue 20 item 4) ----
export const calendarFeedFileParams = schema(() =>
  z.strictObject({
    feedFile: z.string().check(z.minLength(1), z.maxLength(200), z.meta({ description: '`<令牌>.ics`：生成订阅时返回的 path 中的最后一段' })),
  }),
);
export const calendarFeedStatusResponse = schema(() =>
  z.object({
    exists: z.boolean().check(z.meta({ description: '是否已有有效的订阅地址' })),
    createdAt: z.nullable(instantOut).check(z.meta({ description: '当前订阅地址的生成时间；没有时为 null' })),
  }),
);
export const calendarFeedCreatedResponse = schema(() =>
  z.object({
    token: z.string().check(z.meta({ description: '订阅令牌（仅此一次返回，服务端只保存其 SHA-256）' })),
    path: z.string().check(z.meta({ description: '订阅地址的路径，拼在 API 地址之后使用' })),
    createdAt: instantOut,
  }),
);

// ---- queue calling (issue 20 item 1) ----
export const callNextBody = schema(() => z.strictObject({ slotId }));
export const centerBookingParams = schema(() => z.strictObject({ centerId, bookingId: id('预约编号') }));
export const skipBody = schema(() => z.strictObject({ reason: reasonText.check(z.meta({ description: '过号原因，例如“叫号三次未到”' })) }));
export const callResponse = schema(() =>
  z.object({
    bookingId: z.string(),
    slotId: z.string(),
    queueNumber: z.number().check(z.int()),
    callState,
    calledAt: z.nullable(instantOut),
    callCount: z.number().check(z.int(), z.meta({ description: '叫号次数（首次叫号为 1，每次重呼加 1）' })),
    roomNo: z.nullable(z.string()),
    skipReason: z.nullable(z.string()),
  }),
);
const displaySession = schema(() =>
  z.object({
    slotId: z.string(),
    name: z.string().check(z.meta({ description: '时段名称（上午、下午）' })),
    start: instantOut,
    lastAdmission: instantOut,
    nowServing: z.nullable(z.number().check(z.int(), z.meta({ description: '最近一次叫到的排队号；尚未叫号时为 null' }))),
    called: z.array(z.object({ queueNumber: z.number().check(z.int()), roomNo: z.nullable(z.string()), calledAt: instantOut, checkedIn: z.boolean() })),
    waiting: z.number().check(z.int(), z.meta({ description: '尚未叫号的人数' })),
  }),
);
export const displayResponse = schema(() => z.object({ centerId: z.string(), centerName: z.string(), date: dayOut, sessions: z.array(displaySession) }));
export const bookingQueueResponse = schema(() =>
  z.object({
    bookingId: z.string(),
    slotId: z.string(),
    date: dayOut,
    queueNumber: z.number().check(z.int()),
    status: z.enum(['booked', 'cancelled', 'cancelled_by_center', 'checked_in', 'completed', 'no_show']),
    callState: z.nullable(callState),
    calledAt: z.nullable(instantOut),
    roomNo: z.nullable(z.string()),
    ahead: z.number().check(z.int(), z.meta({ description: '排在前面、尚未叫号的人数（“前面还有 N 位”）；已叫号或已过号时为 0' })),
    nowServing: z.nullable(z.number().check(z.int(), z.meta({ description: '本时段最近一次叫到的排队号' }))),
    waiting: z.number().check(z.int(), z.meta({ description: '本时段尚未叫号的总人数' })),
  }),
);

// ---- check-in by QR code (issue 20 item 2) ----
export const checkInTokenResponse = schema(() =>
  z.object({
    bookingId: z.string(),
    status: z.enum(['booked', 'checked_in']),
    token: z.string().check(z.meta({ description: '签到令牌（二维码的内容）：只含预约编号、失效时间和本区密钥的 HMAC 签名，不含任何个人信息' })),
    code: z.string().check(z.meta({ description: '签到短码（扫码不便时口头报给窗口民警）：时段 + 排队号 + 6 位校验码，如 AM12-7KQ4MX；仅在本所会见当日有效' })),
    validFrom: instantOut.check(z.meta({ description: '起用时间：时段开始前 1 小时' })),
    validUntil: instantOut.check(z.meta({ description: '失效时间：该时段最后入所时间' })),
  }),
);
export const scanCheckInBody = schema(() =>
  z.union([
    z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(200), z.meta({ description: '扫描二维码得到的签到令牌' })) }),
    z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(40), z.meta({ description: '律师报出的签到短码，如 AM12-7KQ4MX（不区分大小写）' })) }),
  ]),
);
export const scanCheckInResponse = schema(() =>
  z.object({
    status: z.literal('checked_in'),
    late: z.boolean().check(z.meta({ description: '迟到（超过时段开始时间加宽限）：已记违约一次' })),
    arrivedAt: z.nullable(instantOut),
    repeated: z.boolean().check(z.meta({ description: '该预约此前已签到（重复扫码）：本次未作任何更改，答复首次签到的结果' })),
    booking: queueBookingView,
  }),
);
