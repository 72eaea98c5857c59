// What the OpenAPI document says about each operation beyond its schemas: a description and
// examples of every input and every success answer, plus one example per error code. Typed by the
// contract, so a contract entry without docs, or an example that does not fit its schema's type, is
// a compile error (test/unit/openapi-completeness.test.ts also parses every example with its schema).
// Only the document imports this file; handlers bundle the contract without it.
import type * as z from 'zod/mini';
import { CONDUCT_RULES } from '../domain/booking';
import { currentConsentText } from '../domain/consent';
import type { ErrorCode } from '../errors';
import type { contract, RouteContract } from './contract';
import type { errorBody } from './schemas';

type Contract = typeof contract;

/** An example of input `F` when the route declares a schema for it; none allowed otherwise. */
type InputExample<C, F extends 'body' | 'params' | 'query' | 'headers'> = C extends Record<F, infer S extends z.ZodMiniType> ? Record<F, z.input<S>> : Partial<Record<F, never>>;

type ResponseExamples<R> = { [S in keyof R]: R[S] extends z.ZodMiniType ? z.output<R[S]> : string };

export type ExamplesOf<C extends RouteContract> = InputExample<C, 'body'> &
  InputExample<C, 'params'> &
  InputExample<C, 'query'> &
  InputExample<C, 'headers'> & {
    /** One example per success status (an HTML string for a non-JSON body). */
    responses: ResponseExamples<C['responses']>;
  };

export interface OperationDocs<C extends RouteContract = RouteContract> {
  /** What the operation does and what a client must know (Simplified Chinese, CommonMark). */
  description: string;
  /** Per success status, when the generic 成功/已创建 says too little. */
  responseDescriptions?: { [S in keyof C['responses']]?: string };
  examples: ExamplesOf<C>;
}

/** The loose shape the document builder reads. */
export interface AnyOperationDocs {
  description: string;
  responseDescriptions?: Record<number, string | undefined>;
  examples: { body?: unknown; params?: Record<string, unknown>; query?: Record<string, unknown>; headers?: Record<string, unknown>; responses: Record<number, unknown> };
}

// ---- one consistent story: 李律师 books a meeting with 张三 at the Minhang detention center ----
const CENTER = 'minhang-kss';
const LAWYER = 'lw_01M8S1WW0XBA2XAHAG8D8KR4Z6';
const CO_COUNSEL = 'lw_01M8S1X2QK7D3N5P8R4T6V9W0Y';
const LICENCE = '13101201510123456';
const DETAINEE = 'dt_01M8S1WVWT32GBSWFF6HZAW3QW';
const BINDING = 'bd_01M8S1WVYNEW8106GSEW7QQ0QW';
const BOOKING = 'bk.minhang.01M8S1WWJ3704S6490BNFBRRJ0';
const STAFF = 'us_01M8S1WVFEY727VG3FJRRF2F28';
const VIOLATION = 'vi_01M8S1XCMXHSXDYC9PMJDR99F1';
const URGENT = 'ur.minhang.01M8S1WXT4JTXRE4PQWCK7S12K';
const SUGGESTION = 'sg_01M8S1WXCJQJG4RWD1GRKGQJZ2';
const NOTIFICATION = 'nt.minhang.01M8S1XD86NE2YHS0MKBKXW54W';
const SLOT = '2026-12-02.AM';
const RULES = [...CONDUCT_RULES];
const CONSENT = currentConsentText();

const slotAm = {
  slotId: SLOT,
  date: '2026-12-02',
  start: '2026-12-02T08:30:00.000+08:00',
  end: '2026-12-02T11:30:00.000+08:00',
  lastAdmission: '2026-12-02T11:00:00.000+08:00',
  capacity: 6,
  available: 5,
  bookable: true,
  calendar: 'official' as const,
};

/** What SPEC 7.3 adds to every booking its lawyers see: where, until when, with whom. */
const bookingNames = {
  centerName: '上海市闵行区看守所',
  detaineeName: '张三',
  end: '2026-12-02T11:30:00.000+08:00',
  lawyers: [
    { lawyerId: LAWYER, name: '李律师', role: 'lead' as const },
    { lawyerId: CO_COUNSEL, name: '王律师', role: 'co-counsel' as const },
  ],
};

const booked = {
  bookingId: BOOKING,
  status: 'booked' as const,
  centerId: CENTER,
  detaineeId: DETAINEE,
  slotId: SLOT,
  queueNumber: 1,
  lawyerIds: [LAWYER, CO_COUNSEL],
  rules: RULES,
  createdAt: '2026-12-01T08:00:01.384+08:00',
  start: '2026-12-02T08:30:00.000+08:00',
  ...bookingNames,
};

const bookingDetail = {
  bookingId: BOOKING,
  status: 'booked' as const,
  centerId: CENTER,
  detaineeId: DETAINEE,
  slotId: SLOT,
  date: '2026-12-02',
  start: '2026-12-02T08:30:00.000+08:00',
  lastAdmission: '2026-12-02T11:00:00.000+08:00',
  queueNumber: 1,
  leadLawyerId: LAWYER,
  lawyerIds: [LAWYER, CO_COUNSEL],
  coCounselLawyerIds: [CO_COUNSEL],
  internLawyerIds: [],
  rules: RULES,
  createdAt: '2026-12-01T08:00:01.384+08:00',
  cancelledAt: null,
  room: { roomType: 'meeting' as const, roomNo: 'M02', assignedAt: '2026-12-02T08:10:12.503+08:00', consentPending: false },
  consent: null,
  ...bookingNames,
};

/** The same booking in the front desk's day queue: every lawyer with what is checked at the window. */
const queuedBooking = {
  ...bookingDetail,
  lawyers: [
    { lawyerId: LAWYER, name: '李律师', licenseNo: LICENCE, lawFirm: '上海某律师事务所', phone: '+8613800000001', role: 'lead' as const },
    { lawyerId: CO_COUNSEL, name: '王律师', licenseNo: '13101201610234567', lawFirm: '上海某律师事务所', phone: '+8613800000002', role: 'co-counsel' as const },
  ],
  call: { state: 'called' as const, calledAt: '2026-12-02T08:41:00.000+08:00', callCount: 1, skippedAt: null, skipReason: null },
};

/** An opaque cursor as the server hands it out (signed; a client only passes it back). */
const NEXT = 'eyJsaXN0IjoiR0VUIC9ib29raW5ncyIsImtleSI6e319.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const PAGING =
  '\n\n**分页**：`limit` 为每页条数（1–100，默认 100），结果不足一页或已到末尾时 `nextCursor` 为 null；否则将 `nextCursor` 原样作为 `cursor` 传回取下一页。' +
  '游标经服务端签名并与本列表（及其看守所、账号和筛选条件）绑定：修改过的游标或用于其他列表的游标返回 400 `VALIDATION_FAILED`。';

const violation = {
  violationId: VIOLATION,
  bookingId: BOOKING,
  reason: 'late' as const,
  status: 'counted' as const,
  at: '2026-12-02T09:20:00.038+08:00',
};

const suggestion = {
  suggestionId: SUGGESTION,
  centerId: CENTER,
  lawyerId: LAWYER,
  text: '建议增加周六上午的会见时段',
  status: 'open' as const,
  createdAt: '2026-12-01T08:00:02.303+08:00',
  replyDueBy: '2026-12-08T08:00:02.303+08:00',
  overdue: false,
  reply: null,
  repliedAt: null,
  repliedBy: null,
};

const bookingKey = { 'Idempotency-Key': 'bk-20261201-7f3c9a2e' };
const cancelKey = { 'Idempotency-Key': 'cancel-20261201-4d81b6f0' };

export const operationDocs: { [K in keyof Contract]: OperationDocs<Contract[K]> } = {
  'GET /health': {
    description: '存活检查，供负载均衡、监控和本地模式的就绪检查使用。不访问数据库，服务进程可用即返回 `{"status":"ok"}`。',
    examples: { responses: { 200: { status: 'ok' } } },
  },
  'GET /openapi.json': {
    description: '本接口文档（OpenAPI 3.1，JSON）。由路由表和服务端实际用于校验的 zod 模式生成，与服务端行为一致，可用于生成客户端代码。',
    examples: {
      responses: {
        200: {
          openapi: '3.1.0',
          info: { title: '律师会见预约平台 API', version: '1.0.0' },
          paths: { '/health': { get: { operationId: 'health', summary: '健康检查' } } },
        },
      },
    },
  },
  'GET /docs': {
    description: '由本接口文档生成的中文参考页面（HTML）。页面自包含：不加载任何外部资源，也不含脚本。',
    examples: {
      responses: {
        200: '<!doctype html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>律师会见预约平台 API</title></head>\n<body><main><h1>律师会见预约平台 API</h1>…</main></body>\n</html>\n',
      },
    },
  },
  'GET /centers': {
    description: '全市看守所列表，以及每个看守所是否已开通网上预约（`onlineBooking`）。未开通的看守所不能网上预约，须按其公布的方式办理。',
    examples: {
      responses: {
        200: {
          centers: [
            { centerId: CENTER, name: '上海市闵行区看守所', district: 'minhang', onlineBooking: true, address: '上海市闵行区华漕镇纪友路 99 号', phone: '021-64000001' },
            {
              centerId: 'jiading-kss2',
              name: '上海市嘉定区第二看守所',
              district: 'jiading',
              onlineBooking: false,
              address: '上海市嘉定区南翔镇沪宜公路 3000 号',
              phone: '021-59000004',
            },
          ],
        },
      },
    },
  },
  'POST /auth/register': {
    description:
      '律师或实习人员注册账号。执业律师的 `licenseNo` 为 17 位执业证号，实习人员为 6–20 位实习证号。' +
      '注册须与律师协会执业登记一致：执业证号、姓名和手机号须与同一条登记相符（姓名中的空格、手机号是否带 +86 不影响），否则一律返回 422 `NOT_IN_REGISTRY`（不透露哪一项不符）；' +
      '登记为停止执业的返回 403 `LICENCE_SUSPENDED`。验证码以短信发送至**登记的手机号**，账号的姓名和律师事务所以登记为准；' +
      '须调用 `POST /auth/confirm` 确认后方可登录（验证码错误 5 次即失效，须以 `POST /auth/resend` 重新获取）。用户名或证号已被注册时返回 409 `ALREADY_EXISTS`。' +
      '同一手机号每小时至多收到 5 条验证码短信（注册、重发、找回密码合计），超出时返回 429 `RATE_LIMITED`，响应头 `Retry-After` 给出可再次获取的秒数。',
    examples: {
      body: { username: 'li-lawyer', password: 'Lawyer-2026', name: '李律师', phone: '13800000001', licenseNo: LICENCE, lawFirm: '上海某律师事务所', role: 'lawyer' },
      responses: { 201: { lawyerId: LAWYER, status: 'unconfirmed' } },
    },
  },
  'POST /auth/confirm': {
    description:
      '以短信收到的 6 位验证码确认注册。确认后账号即可登录；已确认的账号再次确认返回 409 `INVALID_STATE`。同一验证码错误 5 次即失效（此后正确的验证码也返回 400），须以 `POST /auth/resend` 重新获取。',
    examples: { body: { username: 'li-lawyer', code: '483920' }, responses: { 200: { status: 'confirmed' } } },
  },
  'POST /auth/login': {
    description:
      '以用户名和密码登录，返回 JWT 令牌（`token`，即 ID 令牌）及其有效秒数（`expiresIn`，即该令牌本身的有效期）。之后调用需要登录的接口时，在请求头携带 `Authorization: Bearer <token>`。' +
      '用户名或密码错误、账号尚未确认或已被停用均返回 401。同一用户名连续 5 次登录失败后锁定 15 分钟：其间即使密码正确也返回 429 `RATE_LIMITED`，' +
      '响应头 `Retry-After` 给出还需等待的秒数；登录成功即清零失败次数。不存在的用户名同样计数、同样锁定，答复与耗时与存在的用户名相同。',
    examples: {
      body: { username: 'li-lawyer', password: 'Lawyer-2026' },
      responses: { 200: { token: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJjb2duaXRvOnVzZXJuYW1lIjoibGktbGF3eWVyIn0.c2lnbmF0dXJl', expiresIn: 3600 } },
    },
  },
  'POST /auth/resend': {
    description:
      '重新发送注册验证码，发往注册时登记的手机号；旧验证码随之失效，新验证码重新有 5 次尝试机会。计入该手机号每小时 5 条验证码短信的上限' +
      '（注册、重发、找回密码合计），超出时返回 429 `RATE_LIMITED`，响应头 `Retry-After` 给出可再次获取的秒数。' +
      '用户名不存在或账号已确认时同样返回 200 且不发送短信，不透露账号是否存在。',
    examples: { body: { username: 'li-lawyer' }, responses: { 200: { status: 'accepted' } } },
  },
  'POST /auth/forgot': {
    description:
      '忘记密码：账号存在、已确认且未停用时，向其登记的手机号发送重置验证码（1 小时内有效，5 次尝试机会），再以 `POST /auth/reset` 设置新密码。' +
      '**无论账号是否存在一律返回 200**：该手机号本小时的验证码短信已达 5 条时同样返回 200，只是不再发送，以免答复透露账号是否存在。',
    examples: { body: { username: 'li-lawyer' }, responses: { 200: { status: 'accepted' } } },
  },
  'POST /auth/reset': {
    description:
      '以短信收到的重置验证码设置新密码，新密码须符合注册时的密码要求（至少 8 位，含大写字母、小写字母和数字）。验证码错误、过期、已用过或已失效' +
      '（同一验证码错误 5 次即失效，须重新获取），以及用户名不存在，均返回同一个 400 `VALIDATION_FAILED`。重置成功后连续登录失败的锁定随之解除。',
    examples: { body: { username: 'li-lawyer', code: '582046', newPassword: 'Lawyer-2027' }, responses: { 200: { status: 'reset' } } },
  },
  'GET /me': {
    description: '本人信息，以及当前计入的违约次数（`violationCount`）和暂停网上预约的解除时间（`lockedUntil`，未被暂停时为 null）。',
    examples: { responses: { 200: { lawyerId: LAWYER, name: '李律师', licenseNo: LICENCE, role: 'lawyer', violationCount: 1, lockedUntil: null } } },
  },
  'GET /me/bindings': {
    description:
      '看守所为本人办理的委托绑定（包括律师注册之前按执业证号办理的），本接口所服务的全部区县，按办理时间先后排列，' +
      '附在押人员姓名 `detaineeName` 和看守所名称 `centerName`。只有 `active` 的绑定可以预约会见。' +
      PAGING,
    examples: {
      query: { limit: 50, cursor: NEXT },
      responses: {
        200: {
          bindings: [{ bindingId: BINDING, centerId: CENTER, detaineeId: DETAINEE, status: 'active', detaineeName: '张三', centerName: '上海市闵行区看守所' }],
          nextCursor: null,
        },
      },
    },
  },
  'GET /me/waitlist': {
    description: '本人正在候补的时段（本接口所服务的全部区县），按时段排列，`position` 为当前位次（从 1 开始）。已递补成功或已退出的不再列出。',
    examples: {
      responses: {
        200: { entries: [{ waitlistId: 'wl.minhang.01M8S1XF3B9T2K8D6Q4M7N5P1R', centerId: CENTER, detaineeId: DETAINEE, slotId: '2026-12-02.PM', position: 2 }] },
      },
    },
  },
  'GET /me/urgent-requests': {
    description:
      '本人提出的全部紧急会见申请（本接口所服务的全部区县），按提出时间先后排列：`open` 待看守所安排，`placed` 已安排会见（见 `GET /bookings`），' +
      '`closed` 委托绑定已结束、申请随之关闭。`deadline` 为应安排会见的最迟时间（提出后 48 小时）。' +
      PAGING,
    examples: {
      query: { limit: 20, cursor: NEXT },
      responses: {
        200: { requests: [{ requestId: URGENT, centerId: CENTER, detaineeId: DETAINEE, deadline: '2026-12-03T08:00:00.000+08:00', status: 'open' }], nextCursor: null },
      },
    },
  },
  'POST /admin/lawyer-registry': {
    description:
      '导入律师协会的执业登记（管理员）：按执业证号新增或更新，每次 1–1000 条。整批先整体校验，任何一条有误（格式不符、同一证号在本批重复）即返回 400 ' +
      '`VALIDATION_FAILED`，`issues` 逐条列出出错的序号（如 `body.entries.3.phone`），且不写入任何数据。停止执业（`suspended`）的登记立即生效：' +
      '持证人不能注册，已注册的账号不能预约、候补或提出紧急会见申请（403 `LICENCE_SUSPENDED`）；改回 `practising` 即恢复。' +
      '返回新增条数 `created` 和更新条数 `updated`。',
    examples: {
      body: {
        entries: [
          { licenseNo: LICENCE, name: '李律师', lawFirm: '上海某律师事务所', phone: '13800000001', role: 'lawyer', status: 'practising' },
          { licenseNo: 'SHX2026000001', name: '赵实习', lawFirm: '上海某律师事务所', phone: '13800000003', role: 'intern', status: 'practising' },
        ],
      },
      responses: { 200: { created: 1, updated: 1 } },
    },
  },
  'POST /admin/lawyer-registry/{licenseNo}': {
    description:
      '管理员通过表单新增或更新一条执业登记（不必导入文件）：证号在路径中，其余字段与导入的一条记录相同，`role` 决定证号格式（执业律师 17 位数字，实习人员 6–20 位数字或大写字母）。' +
      '与导入相同，同一事务把 `status` 和律师事务所同步到以该证号注册的账号上。`created` 为 true 表示新增，false 表示更新。',
    examples: {
      params: { licenseNo: LICENCE },
      body: { name: '李律师', lawFirm: '上海某律师事务所', phone: '13800000001', role: 'lawyer', status: 'practising' },
      responses: { 200: { licenseNo: LICENCE, created: true } },
    },
  },
  'GET /admin/lawyer-registry/{licenseNo}': {
    description: '查询一条执业登记（管理员），并给出以该证号注册并已确认的账号 `accountId`（尚无账号时为 null）。证号不在登记中时返回 404 `NOT_FOUND`。',
    examples: {
      params: { licenseNo: LICENCE },
      responses: {
        200: {
          licenseNo: LICENCE,
          name: '李律师',
          lawFirm: '上海某律师事务所',
          phone: '+8613800000001',
          role: 'lawyer',
          status: 'practising',
          importedAt: '2026-12-01T09:00:00.000+08:00',
          accountId: LAWYER,
        },
      },
    },
  },
  'POST /admin/users': {
    description:
      '管理员创建看守所民警（`staff`，须指定 `centerIds`）、办案单位（`investigator`，须指定 `centerIds`）、律工委（`committee`，须指定 `district`）或管理员账号。' +
      '`phone`、`email` 用于接收提醒（如紧急会见申请临近期限）；`phone` 也是找回密码（`POST /auth/forgot`）时接收验证码的手机号。' +
      '创建是全有或全无的：任何一步失败都不会留下半个账号，可直接重试。',
    examples: {
      body: { username: 'mh-officer', password: 'Officer-2026', role: 'staff', centerIds: [CENTER], phone: '13900000002' },
      responses: { 201: { userId: STAFF, username: 'mh-officer', role: 'staff', centerIds: [CENTER], district: null } },
    },
  },
  'GET /admin/users': {
    description:
      '账号列表（管理员）：全市已确认的账号，按角色、用户名排序，可按 `role` 筛选。每页 `limit` 条（1–100，默认 50）；`nextCursor` 不为 null 时，' +
      '将其原样作为 `cursor` 传回（筛选条件须相同）取下一页，最后一页为 null。游标经服务端签名，被改动或用于其他筛选条件时返回 400 `VALIDATION_FAILED`。' +
      '尚未确认的注册不在列表中。',
    examples: {
      // The second page: `cursor` is the first page's `nextCursor`.
      query: { role: 'staff', limit: '2', cursor: 'eyJsaXN0IjoidXNlcnM6c3RhZmYiLCJrZXkiOnt9fQ.Zk3s9Qd0bV7pL2xN8cR4tW6yA1eH5jM3oK9uF0gT2iB' },
      responses: {
        200: {
          users: [
            { userId: STAFF, username: 'mh-officer', role: 'staff', centerIds: [CENTER], district: null, disabled: false },
            { userId: 'us_01M8S1WVH7Q2R9T3V5X7Z9B1D3', username: 'mh-officer2', role: 'staff', centerIds: [CENTER, 'changning-kss'], district: null, disabled: true },
          ],
          nextCursor: 'eyJsaXN0IjoidXNlcnM6c3RhZmYiLCJrZXkiOnt9fQ.hV0b0Yq2u0pQfS3k9l3yJQ3mD0Zb5v8tQ1c2x7n4r6A',
        },
      },
    },
  },
  'POST /admin/users/{userId}/disable': {
    description:
      '停用账号（管理员）：该账号不能再登录（401），也不能找回密码。本地模式下其已签发的令牌立即失效；云端的令牌由 API Gateway 校验，在到期前（至多 1 小时）仍然有效。' +
      '重复停用无妨；不能停用本人账号（409 `INVALID_STATE`）。平台始终保留至少一名启用的管理员：停用管理员账号时，执行操作的管理员须在同一事务中仍处于启用状态，' +
      '因此两名管理员同时互相停用只有一方成功，另一方得到 409 `INVALID_STATE`。',
    examples: { params: { userId: STAFF }, responses: { 200: { userId: STAFF, disabled: true } } },
  },
  'POST /admin/users/{userId}/enable': {
    description: '恢复已停用的账号（管理员），恢复后即可登录。',
    examples: { params: { userId: STAFF }, responses: { 200: { userId: STAFF, disabled: false } } },
  },
  'POST /centers/{centerId}/detainees': {
    description: '民警登记本所在押人员，返回其编号 `detaineeId`，供办理委托绑定与预约使用。',
    examples: {
      params: { centerId: CENTER },
      body: { name: '张三', sex: 'M', caseUnit: '上海市公安局闵行分局' },
      responses: { 201: { detaineeId: DETAINEE } },
    },
  },
  'GET /centers/{centerId}/detainees': {
    description:
      '民警查找本所的在押人员。`q` 为姓名中任意连续的一部分（如“三”可查到“张三”“李三丰”；不区分全角半角和大小写，忽略空格），' +
      '省略时列出全部，按姓名排列；有 `q` 时按姓名中与之匹配的部分排列。`status`：`active` 在押（默认），`released` 已离所（释放或移送，' +
      '`status` 字段分别为 `released`、`transferred`），`all` 全部。' +
      PAGING,
    examples: {
      params: { centerId: CENTER },
      query: { q: '张', status: 'active', limit: 20, cursor: NEXT },
      responses: {
        200: {
          detainees: [{ detaineeId: DETAINEE, name: '张三', sex: 'M', status: 'active', caseUnit: '上海市公安局闵行分局' }],
          nextCursor: null,
        },
      },
    },
  },
  'GET /centers/{centerId}/detainee-search': {
    description:
      '办案单位按姓名查找本单位可提讯的看守所中的在押人员（`name` 为姓名中任意连续的一部分，规则同民警查找）。只给出编号、姓名和状态，' +
      '不含委托律师、预约或案件信息（B9）。`status` 默认 `active` 在押。' +
      PAGING,
    examples: {
      params: { centerId: CENTER },
      query: { name: '张', status: 'active', limit: 20, cursor: NEXT },
      responses: { 200: { detainees: [{ detaineeId: DETAINEE, name: '张三', status: 'active' }], nextCursor: null } },
    },
  },
  'GET /centers/{centerId}/appeals': {
    description:
      '本所待裁决的违约申诉（按申诉时间先后），每条给出裁决所需的内容：律师（姓名、律师事务所、执业证号）、违约所涉的会见（时段、在押人员）、' +
      '违约原因 `reason`（`late` 迟到、`no_show` 未到、`late_cancel` 临近取消）、记录时间 `at` 和律师的申诉理由 `appealReason`。裁决后即不再列出。',
    examples: {
      params: { centerId: CENTER },
      responses: {
        200: {
          appeals: [
            {
              violationId: VIOLATION,
              reason: 'no_show',
              at: '2026-12-02T12:05:00.000+08:00',
              appealReason: '当日突发疾病，已电话告知看守所',
              appealedAt: '2026-12-02T15:20:11.204+08:00',
              lawyer: { lawyerId: LAWYER, name: '李律师', lawFirm: '上海某律师事务所', licenseNo: LICENCE },
              booking: { bookingId: BOOKING, slotId: SLOT, date: '2026-12-02', sessionStart: '2026-12-02T08:30:00.000+08:00', detaineeId: DETAINEE, detaineeName: '张三' },
            },
          ],
        },
      },
    },
  },
  'GET /centers/{centerId}/detainees/{detaineeId}': {
    description:
      '民警查看本所一名在押人员：基本信息、全部委托绑定（含已撤销、已结束的；`lawyerId`、`lawyerName` 为该证号已注册并确认的账号，' +
      '律师尚未注册时为 null），以及尚未结束的会见和提讯安排 `upcoming`（`kind`：`lawyer-meeting` 律师会见，`interrogation` 提讯）。' +
      '`unavailableSlotIds` 为今天起在押人员不能会见的时段（开庭、就医等登记的不可会见时段）。其他看守所的在押人员返回 404。',
    examples: {
      params: { centerId: CENTER, detaineeId: DETAINEE },
      responses: {
        200: {
          detaineeId: DETAINEE,
          name: '张三',
          sex: 'M',
          status: 'active',
          caseUnit: '上海市公安局闵行分局',
          createdAt: '2026-11-30T10:12:40.118+08:00',
          releasedAt: null,
          bindings: [
            {
              bindingId: BINDING,
              licenseNo: LICENCE,
              lawyerId: LAWYER,
              lawyerName: '李律师',
              status: 'active',
              verification: 'documents',
              createdAt: '2026-11-30T10:15:02.771+08:00',
            },
          ],
          upcoming: [{ slotId: SLOT, kind: 'lawyer-meeting', date: '2026-12-02', start: '2026-12-02T08:30:00.000+08:00' }],
          unavailableSlotIds: ['2026-12-04.AM', '2026-12-04.PM'],
        },
      },
    },
  },
  'GET /centers/{centerId}/rooms': {
    description:
      '本所的全部会见室和讯问室（按看守所配置的顺序），以及在时段 `slotId` 是否空闲（`free`：未被会见、紧急会见安排或提讯占用）。' +
      '安排房间（`POST /bookings/{bookingId}/room`）前先查此处；该看守所没有的时段返回 422 `SLOT_UNAVAILABLE`。',
    examples: {
      params: { centerId: CENTER },
      query: { slotId: SLOT },
      responses: {
        200: {
          slotId: SLOT,
          rooms: [
            { roomNo: 'M01', roomType: 'meeting', free: false },
            { roomNo: 'M02', roomType: 'meeting', free: true },
            { roomNo: 'T01', roomType: 'interrogation', free: true },
          ],
        },
      },
    },
  },
  'POST /centers/{centerId}/detainees/{detaineeId}/release': {
    description: '在押人员释放或移送：结束其全部委托绑定，撤销其全部未来的预约并通知相关律师（不记违约）。已释放或移送的再次办理返回 409 `INVALID_STATE`。',
    examples: {
      params: { centerId: CENTER, detaineeId: DETAINEE },
      body: { reason: 'transferred' },
      responses: { 200: { status: 'transferred', endedBindingIds: [BINDING], cancelledBookingIds: [BOOKING] } },
    },
  },
  'POST /centers/{centerId}/bindings': {
    description:
      '民警核验委托材料后，将律师（按执业证号或实习证号）与在押人员绑定。律师尚未注册时也可办理，律师注册后绑定自动归属其账号' +
      '（此时 `lawyerId` 和 `lawyer` 为 null）。已注册时 `lawyer` 给出该执业证号所注册账号的姓名和律师事务所（均以律师协会执业登记为准），' +
      '供民警与手中的委托材料核对。`registry` 为律师协会执业登记中该证号的记录（姓名、律师事务所、身份、`practising` 执业或 `suspended` 暂停执业，不含手机号）；' +
      '登记中没有该证号时为 null——可能是证号录入有误，也可能是尚未导入登记的律师，绑定照常办理，请再次核对证件。`verification` 记录核验方式：`documents` 为核验书面材料，`first-meeting` 为首次会见时核验。',
    examples: {
      params: { centerId: CENTER },
      body: { licenseNo: LICENCE, detaineeId: DETAINEE, verification: 'documents' },
      responses: {
        201: {
          bindingId: BINDING,
          status: 'active',
          lawyerId: LAWYER,
          lawyer: { name: '李律师', lawFirm: '上海某律师事务所' },
          registry: { name: '李律师', lawFirm: '上海某律师事务所', role: 'lawyer', status: 'practising' },
        },
      },
    },
  },
  'POST /centers/{centerId}/bindings/{bindingId}/revoke': {
    description: '撤销委托绑定，并撤销该律师对该在押人员的全部未来预约（通知律师，不记违约）。',
    examples: {
      params: { centerId: CENTER, bindingId: BINDING },
      responses: { 200: { bindingId: BINDING, status: 'revoked', cancelledBookingIds: [BOOKING] } },
    },
  },
  'GET /centers/{centerId}/slots': {
    description:
      '查询工作日的会见时段及剩余名额。`from`、`to` 为日期（含两端）：`from` 默认为今天，`to` 默认到预约窗口的最后一天；一次最多查询 31 天。' +
      '`slotId` 是不透明的时段编号，预约、候补时原样传回。`bookable` 为 false 时 `reason` 说明原因：`started` 已开始或已截止、`closed` 看守所已关闭该时段' +
      '（或尚未开通网上预约）、`outside_window` 超出预约窗口、`full` 已满（可加入候补）；客户端只应提供 `bookable` 为 true 的时段。' +
      '`calendar` 为 `official` 时工作日依据国务院公布的年度节假日安排；为 `provisional` 时该年安排尚未公布，按《全国年节及纪念日放假办法》关闭法定节假日，' +
      '调休以正式公布为准。',
    examples: {
      params: { centerId: CENTER },
      query: { from: '2026-12-02', to: '2026-12-02' },
      responses: {
        200: {
          slots: [
            slotAm,
            {
              ...slotAm,
              slotId: '2026-12-02.PM',
              start: '2026-12-02T13:30:00.000+08:00',
              end: '2026-12-02T17:00:00.000+08:00',
              lastAdmission: '2026-12-02T16:30:00.000+08:00',
              available: 0,
              bookable: false,
              reason: 'full' as const,
            },
          ],
        },
      },
    },
  },
  'POST /bookings': {
    description:
      '预约会见，先到先得：成功即占用一个名额，返回排队号 `queueNumber`、会见须知 `rules`，以及看守所名称、在押人员姓名、时段起止和列明的律师' +
      '（`lawyers`，`role`：`lead` 预约律师，`co-counsel` 共同辩护律师，`intern` 随同实习人员）。可列明 1 名共同辩护律师（`coCounselLawyerIds`）' +
      '和至多 2 名实习人员（`internLawyerIds`）；也可按执业证号 / 实习证号列明（`coCounselLicenseNos`、`internLicenseNos`），由服务端解析为已注册的账号，' +
      '证号无人注册时返回 400 `VALIDATION_FAILED` 并说明该证号是否在律师协会登记中。每名律师均须与该在押人员有有效的委托绑定，实习人员不得单独预约。\n\n' +
      '**必须携带请求头 `Idempotency-Key`**（8–128 位字母、数字或 `_ . : -`），每个新预约用一个新键，网络超时等情况下以同一个键和同一请求体重试：' +
      '若首次请求已办理成功，重试返回 **200** 和首次的预约结果（不会重复预约）；同一个键配不同的请求体返回 409 `IDEMPOTENCY_KEY_REUSED`。',
    responseDescriptions: {
      201: '已预约：返回排队号与会见须知',
      200: '重放：此前已以同一 Idempotency-Key 和相同请求体预约成功，返回首次的预约结果，不会再占用名额',
    },
    examples: {
      headers: bookingKey,
      body: { centerId: CENTER, detaineeId: DETAINEE, slotId: SLOT, coCounselLawyerIds: [CO_COUNSEL] },
      responses: { 201: booked, 200: booked },
    },
  },
  'GET /bookings': {
    description:
      '本人作为预约律师、共同辩护律师或实习人员的全部预约（本接口所服务的全部区县），按预约时间先后排列；每条附看守所名称、在押人员姓名、' +
      '时段起止和列明的律师（`lawyers`，`role`：`lead` 预约律师，`co-counsel` 共同辩护律师，`intern` 随同实习人员）。' +
      PAGING,
    examples: { query: { limit: 20, cursor: NEXT }, responses: { 200: { bookings: [bookingDetail], nextCursor: NEXT } } },
  },
  'GET /bookings/{bookingId}': {
    description: '预约详情，包括看守所名称、在押人员姓名、时段起止、列明的律师、会见室安排与使用讯问室的告知书签署情况。他人的预约返回 404。',
    examples: { params: { bookingId: BOOKING }, responses: { 200: bookingDetail } },
  },
  'POST /bookings/{bookingId}/cancel': {
    description:
      '预约律师撤销预约，名额随即释放并依次分配给候补律师。在截止时间（默认为时段开始时间）之后撤销记一次违约（`violation: true`）。\n\n' +
      '**必须携带请求头 `Idempotency-Key`**：以同一个键重试时返回 **200** 和首次撤销的结果；同一个键用于撤销另一个预约返回 409 `IDEMPOTENCY_KEY_REUSED`。',
    responseDescriptions: { 200: '已撤销；以同一 Idempotency-Key 重试时返回首次撤销的结果' },
    examples: { params: { bookingId: BOOKING }, headers: cancelKey, responses: { 200: { status: 'cancelled', violation: false } } },
  },
  'POST /bookings/{bookingId}/reschedule': {
    description:
      '预约律师或共同辩护律师把预约改到同一在押人员、同一看守所的另一时段（`slotId`），在**一次事务**中完成：新时段占用名额、取得新的排队号，' +
      '原时段的名额同时释放（有候补时按位次转给第一位仍符合条件的候补律师），要么全部完成，要么什么都不改变。预约编号不变，列明的共同辩护律师和实习人员随预约一起改期并收到通知。' +
      '新时段须满足与预约相同的条件（可预约的时段、名额、委托绑定、未被暂停预约、在押人员和每位列明人员在该时段没有其他安排、同一在押人员未来预约上限）；' +
      '任何一项不满足时返回相应的错误，原预约保持不变。在原时段免费撤销截止时间之后改期，按截止后撤销记一次违约（`violation: true`）；' +
      '该违约将导致暂停网上预约时，改期不执行（403 `LOCKED_OUT`）。已叫号、已签到、已撤销的预约，紧急会见安排的预约，以及原时段已被看守所关闭的，返回 409 `INVALID_STATE`。\n\n' +
      '**必须携带请求头 `Idempotency-Key`**：以同一个键重试时返回 **200** 和首次改期的结果（不会再次改期）；同一个键用于另一个请求返回 409 `IDEMPOTENCY_KEY_REUSED`。',
    responseDescriptions: { 200: '已改期；以同一 Idempotency-Key 重试时返回首次改期的结果' },
    examples: {
      params: { bookingId: BOOKING },
      headers: { 'Idempotency-Key': 'reschedule-20261201-9c2e7a11' },
      body: { slotId: '2026-12-03.AM' },
      responses: {
        200: {
          ...booked,
          slotId: '2026-12-03.AM',
          queueNumber: 4,
          start: '2026-12-03T08:30:00.000+08:00',
          end: '2026-12-03T11:30:00.000+08:00',
          previousSlotId: SLOT,
          violation: false,
          promotedWaitlistId: null,
        },
      },
    },
  },
  'POST /waitlist': {
    description:
      '时段已满时加入候补，返回候补位次 `position`。有名额释放时按位次依次为候补律师自动预约（条件仍须满足），并通知律师。时段尚有名额时返回 409 `INVALID_STATE`，请直接预约。',
    examples: {
      body: { centerId: CENTER, detaineeId: DETAINEE, slotId: '2026-12-02.PM' },
      responses: { 201: { waitlistId: 'wl.minhang.01M8S1XF3B9T2K8D6Q4M7N5P1R', position: 2 } },
    },
  },
  'DELETE /waitlist/{waitlistId}': {
    description: '退出本人的候补：之后该时段有名额释放时，不再为本人自动预约。他人的候补返回 404。',
    examples: {
      params: { waitlistId: 'wl.minhang.01M8S1XF3B9T2K8D6Q4M7N5P1R' },
      responses: { 200: { waitlistId: 'wl.minhang.01M8S1XF3B9T2K8D6Q4M7N5P1R', status: 'removed' } },
    },
  },
  'GET /centers/{centerId}/bookings': {
    description:
      '民警查看本所某日的会见排队：按时段、排队号排列的律师会见，每条附在押人员姓名 `detaineeName` 和列明的每位律师' +
      '（`lawyers`：姓名、执业证号、律师事务所、手机号，`role`：`lead` 预约律师，`co-counsel` 共同辩护律师，`intern` 随同实习人员），供窗口核对身份；' +
      '以及同一日的全部提讯 `interrogations`（提讯与律师会见共用排队号；每日至多为讯问室数 × 时段数，不分页，每页都给出全部）。' +
      PAGING,
    examples: {
      params: { centerId: CENTER },
      query: { date: '2026-12-02', limit: 50, cursor: NEXT },
      responses: {
        200: {
          date: '2026-12-02',
          bookings: [queuedBooking],
          nextCursor: null,
          interrogations: [
            {
              interrogationId: 'iq.minhang.01M8S1WX2V330KEJ5TJY0YJ2JF',
              status: 'booked',
              detaineeId: 'dt_01M8S1X9KQ2R7T4V6W8Y0Z3B5C',
              detaineeName: '王五',
              slotId: SLOT,
              queueNumber: 2,
              roomNo: 'T01',
            },
          ],
        },
      },
    },
  },
  'POST /bookings/{bookingId}/check-in': {
    description:
      '律师到所签到。`arrivedAt` 为实际到达时间（省略时为当前时间，不得晚于当前时间）；晚于时段开始时间加宽限时间（默认 30 分钟）到达的，记迟到违约（`late: true`）。' +
      '已签到的再次签到返回 409 `INVALID_STATE`，并说明首次签到的时间。',
    examples: {
      params: { bookingId: BOOKING },
      body: { arrivedAt: '2026-12-02T08:52:00+08:00' },
      responses: { 200: { status: 'checked_in', late: false } },
    },
  },
  'POST /bookings/{bookingId}/withdraw': {
    description:
      '被他人列明的共同辩护律师或随同实习人员退出该预约：释放其在该时段的占用和（共同辩护律师的）同一在押人员未来预约名额，预约本身保留，' +
      '通知预约律师，不记违约。预约律师本人不能退出（409 `INVALID_STATE`，请改用撤销）；预约已撤销或已结束时返回 409 `INVALID_STATE`；' +
      '未被列明在该预约中返回 404 `NOT_FOUND`。',
    examples: { params: { bookingId: BOOKING }, responses: { 200: { status: 'withdrawn' } } },
  },
  'POST /bookings/{bookingId}/complete': {
    description: '会见结束。只有已签到的会见可以结束，否则返回 409 `INVALID_STATE`。',
    examples: { params: { bookingId: BOOKING }, responses: { 200: { status: 'completed' } } },
  },
  'GET /me/violations': {
    description:
      '本人的全部违约记录（迟到、未到、截止后撤销）及其状态：`counted` 计入，`appealed` 申诉中，`voided` 已撤销。按记录编号排列' +
      '（编号随时间递增；系统记录的未到违约以预约编号命名，排在其后）。' +
      PAGING,
    examples: { query: { limit: 50, cursor: NEXT }, responses: { 200: { violations: [violation], nextCursor: null } } },
  },
  'POST /violations/{violationId}/appeal': {
    description: '对本人计入的违约记录提出申诉，由违约所在看守所的民警裁决。只有计入（`counted`）且未处理过的记录可以申诉。',
    examples: {
      params: { violationId: VIOLATION },
      body: { reason: '当日高架道路交通事故封路，已提前电话告知看守所' },
      responses: { 200: { ...violation, status: 'appealed' } },
    },
  },
  'POST /violations/{violationId}/decision': {
    description: '违约所在看守所的民警裁决申诉（只有申诉中的记录可以裁决）：`upheld` 维持违约，`voided` 撤销违约并重新计数；撤销后不再达到阈值的，正在执行的暂停预约随即解除。',
    examples: { params: { violationId: VIOLATION }, body: { decision: 'voided' }, responses: { 200: { ...violation, status: 'voided' } } },
  },
  'POST /me/preferences': {
    description: '选择接收通知的方式：短信（`sms`）、邮件（`email`）或两者（`both`）。选择邮件须在注册时填写了邮箱。',
    examples: { body: { notifyBy: 'both' }, responses: { 200: { notifyBy: 'both', email: 'li.lawyer@example-law.cn' } } },
  },
  'GET /admin/notifications': {
    description:
      '运维查看通知（平台及本接口所服务的全部区县，按创建时间先后）：`pending` 待发送，`failed` 暂时失败、等待重试，`dead` 多次失败或永久失败后转入死信（默认）。' + PAGING,
    examples: {
      query: { status: 'dead', limit: 100, cursor: NEXT },
      responses: {
        200: {
          notifications: [
            {
              notificationId: NOTIFICATION,
              kind: 'booking-cancelled-by-center',
              recipientId: LAWYER,
              status: 'dead',
              attempts: 5,
              createdAt: '2026-12-01T08:00:02.599+08:00',
              lastError: 'sms: InvalidParameterException',
              nextAttemptAt: null,
            },
          ],
          nextCursor: null,
        },
      },
    },
  },
  'POST /admin/notifications/{notificationId}/redrive': {
    description: '将一条死信通知重新置为待发送，由通知程序重新投递。只有 `dead` 的通知可以重新投递。',
    examples: { params: { notificationId: NOTIFICATION }, responses: { 200: { notificationId: NOTIFICATION, status: 'pending' } } },
  },
  'POST /centers/{centerId}/detainees/{detaineeId}/unavailability': {
    description:
      '登记在押人员不能会见的期间（开庭、外出就医等）。`from`、`to` 可以是日期（表示上海时间的整天）或带时区偏移的时间点。' +
      '期间内的预约由看守所撤销（不记违约）并通知律师，名额交给候补；期间内不能再预约。',
    examples: {
      params: { centerId: CENTER, detaineeId: DETAINEE },
      body: { from: '2026-12-07', to: '2026-12-07', reason: '开庭' },
      responses: {
        201: {
          unavailabilityId: 'ua.minhang.01M8S1WY1PTM0Y81Z7TSJ4JZ1T',
          detaineeId: DETAINEE,
          from: '2026-12-07T00:00:00.000+08:00',
          to: '2026-12-07T23:59:59.999+08:00',
          reason: '开庭',
          cancelledBookingIds: ['bk.minhang.01M8S1Y0T5N3K9W2R7D4F6H8J1'],
        },
      },
    },
  },
  'POST /centers/{centerId}/closures': {
    description: '临时停止某日（或其中某些时段，`slotIds`）的会见：受影响的预约由看守所撤销（不记违约），通知律师，该时段的候补一并取消。',
    examples: {
      params: { centerId: CENTER },
      body: { date: '2026-12-08', slotIds: ['2026-12-08.PM'], reason: '消防演练' },
      responses: { 201: { closureId: 'cl.minhang.01M8S1WY51M9VYQXBD45NCN8JT', date: '2026-12-08', slotIds: ['2026-12-08.PM'], reason: '消防演练', cancelledBookingIds: [] } },
    },
  },
  'GET /centers/{centerId}/detainees/{detaineeId}/schedule': {
    description: '办案单位查看在押人员已被占用的时段（律师会见或提讯），只有时间与类型，不含律师身份。',
    examples: {
      params: { centerId: CENTER, detaineeId: DETAINEE },
      query: { from: '2026-12-01', to: '2026-12-08' },
      responses: {
        200: { appointments: [{ slotId: SLOT, date: '2026-12-02', start: '2026-12-02T08:30:00.000+08:00', end: '2026-12-02T11:30:00.000+08:00', kind: 'lawyer-meeting' }] },
      },
    },
  },
  'POST /centers/{centerId}/interrogations': {
    description: '办案单位预约提讯：占用一间空闲的讯问室和该时段的一个排队号。在押人员在此时段已有律师会见或提讯时返回 409 `DETAINEE_BUSY`。',
    examples: {
      params: { centerId: CENTER },
      body: { detaineeId: DETAINEE, slotId: '2026-12-03.AM' },
      responses: {
        201: {
          interrogationId: 'iq.minhang.01M8S1WX2V330KEJ5TJY0YJ2JF',
          status: 'booked',
          centerId: CENTER,
          detaineeId: DETAINEE,
          slotId: '2026-12-03.AM',
          date: '2026-12-03',
          start: '2026-12-03T08:30:00.000+08:00',
          end: '2026-12-03T11:30:00.000+08:00',
          queueNumber: 1,
          roomNo: 'T01',
          createdAt: '2026-12-01T08:00:01.988+08:00',
        },
      },
    },
  },
  'POST /bookings/{bookingId}/consents': {
    description: '律师签署《关于律师使用看守所提讯（审）室进行会见告知书》。签署后，民警方可为该预约安排讯问室。返回所签告知书的版本与全文。',
    examples: {
      params: { bookingId: BOOKING },
      body: { kind: 'interrogation-room' },
      responses: {
        201: {
          consentId: 'cs_01M8S1WX58406JYZYAW834WSZV',
          bookingId: BOOKING,
          kind: 'interrogation-room',
          textVersion: CONSENT.version,
          text: CONSENT.text,
          signedBy: LAWYER,
          signedAt: '2026-12-01T08:00:02.059+08:00',
        },
      },
    },
  },
  'POST /bookings/{bookingId}/room': {
    description: '民警为预约安排会见室或讯问室。使用讯问室须律师已签署告知书，否则返回 409 `CONSENT_REQUIRED`；该房间此时段已被占用返回 409 `SLOT_FULL`。',
    examples: {
      params: { bookingId: BOOKING },
      body: { roomType: 'meeting', roomNo: 'M02' },
      responses: { 200: { bookingId: BOOKING, roomType: 'meeting', roomNo: 'M02', assignedAt: '2026-12-02T08:10:12.503+08:00' } },
    },
  },
  'POST /centers/{centerId}/detainees/{detaineeId}/meeting-requests': {
    description: '民警转达在押人员要求会见律师的意愿，通知其全部有效委托律师，返回已通知的律师。',
    examples: {
      params: { centerId: CENTER, detaineeId: DETAINEE },
      body: { message: '在押人员要求尽快会见律师' },
      responses: { 201: { requestId: 'mr.minhang.01M8S1WXAZPTGBRHFMZ4TSZEPH', notifiedLawyerIds: [LAWYER] } },
    },
  },
  'POST /urgent-requests': {
    description:
      '48 小时内没有可预约的名额时，委托律师提出紧急会见申请；看守所须在 `deadline`（提出后 48 小时）前安排会见。同一律师对同一在押人员已有未安排的申请时返回 409 `ALREADY_EXISTS`。',
    examples: {
      body: { centerId: CENTER, detaineeId: DETAINEE },
      responses: { 201: { requestId: URGENT, deadline: '2026-12-03T08:00:02.737+08:00', status: 'open', centerId: CENTER, detaineeId: DETAINEE } },
    },
  },
  'GET /centers/{centerId}/urgent-requests': {
    description: '本所的紧急会见申请（默认只列未安排的），按期限先后排列。`atRisk` 表示距期限不足 12 小时仍未安排，`overdue` 表示已超过期限。' + PAGING,
    examples: {
      params: { centerId: CENTER },
      query: { status: 'open', limit: 50, cursor: NEXT },
      responses: {
        200: {
          requests: [
            {
              requestId: URGENT,
              centerId: CENTER,
              detaineeId: DETAINEE,
              lawyerId: LAWYER,
              status: 'open',
              createdAt: '2026-12-01T08:00:02.737+08:00',
              deadline: '2026-12-03T08:00:02.737+08:00',
              atRisk: false,
              overdue: false,
              alertedAt: null,
              placedAt: null,
              placedOnTime: null,
              bookingId: null,
            },
          ],
          nextCursor: null,
        },
      },
    },
  },
  'POST /urgent-requests/{requestId}/place': {
    description: '民警为紧急会见申请安排时段与房间，为申请律师生成一个预约并通知律师。安排讯问室时须律师签署告知书后方可使用（`consentRequired`）。',
    examples: {
      params: { requestId: URGENT },
      body: { slotId: '2026-12-02.PM', roomType: 'meeting', roomNo: 'M02' },
      responses: {
        200: {
          requestId: URGENT,
          status: 'placed',
          bookingId: 'bk.minhang.01M8S1XD76AAXJJ93NGR7PKNH0',
          slotId: '2026-12-02.PM',
          roomType: 'meeting',
          roomNo: 'M02',
          consentRequired: false,
          placedOnTime: true,
        },
      },
    },
  },
  'POST /centers/{centerId}/suggestions': {
    description: '律师向看守所提出意见建议；看守所须在 `replyDueBy` 前答复，逾期未答复的在登记簿和报表中标出。',
    examples: { params: { centerId: CENTER }, body: { text: '建议增加周六上午的会见时段' }, responses: { 201: suggestion } },
  },
  'GET /centers/{centerId}/suggestions': {
    description: '本所的意见建议登记簿，按提出时间先后排列，`overdue` 标出逾期未答复或逾期后才答复的。' + PAGING,
    examples: { params: { centerId: CENTER }, query: { status: 'all', limit: 50, cursor: NEXT }, responses: { 200: { suggestions: [suggestion], nextCursor: null } } },
  },
  'POST /centers/{centerId}/suggestions/{suggestionId}/reply': {
    description: '民警答复意见建议。已答复的不能再次答复（409 `INVALID_STATE`）。',
    examples: {
      params: { centerId: CENTER, suggestionId: SUGGESTION },
      body: { text: '已研究，自明年一月起试行周六上午会见' },
      responses: { 200: { ...suggestion, status: 'replied', reply: '已研究，自明年一月起试行周六上午会见', repliedAt: '2026-12-03T10:15:40.112+08:00', repliedBy: STAFF } },
    },
  },
  'GET /centers/{centerId}/audit': {
    description: '本所的操作审计记录（谁、以什么角色、在何时做了什么，以及变更前后），按时间先后排列。`from`、`to` 为日期（含两端）。' + PAGING,
    examples: {
      params: { centerId: CENTER },
      query: { from: '2026-12-01', to: '2026-12-01', limit: 100, cursor: NEXT },
      responses: {
        200: {
          centerId: CENTER,
          from: '2026-12-01',
          to: '2026-12-01',
          records: [
            {
              auditId: '8e643e77-6e72-4518-ab81-9b442462148a',
              at: '2026-12-01T08:00:00.775+08:00',
              actorId: STAFF,
              actorRole: 'staff',
              action: 'POST /centers/{centerId}/detainees',
              centerId: CENTER,
              target: DETAINEE,
              before: null,
              after: { name: '张三', sex: 'M', caseUnit: '上海市公安局闵行分局', status: 'active' },
              changes: [`Put DETAINEE#${DETAINEE} PROFILE`],
              requestId: '8e643e77-6e72-4518-ab81-9b442462148a',
            },
          ],
          nextCursor: null,
        },
      },
    },
  },
  'GET /reports': {
    description:
      '按看守所和日期的统计：预约及其结果、名额使用率、提讯、紧急会见 48 小时内安排率；按看守所的意见建议与未安排的紧急会见。律工委只能查看本区，管理员可查看任一区（`district`）。',
    examples: {
      query: { district: 'minhang', from: '2026-12-02', to: '2026-12-02' },
      responses: {
        200: {
          district: 'minhang',
          from: '2026-12-02',
          to: '2026-12-02',
          days: [
            {
              centerId: CENTER,
              date: '2026-12-02',
              booked: 9,
              attended: 8,
              late: 1,
              noShow: 1,
              cancelledByLawyer: 2,
              cancelledByCenter: 0,
              interrogations: 3,
              places: 12,
              utilisation: 0.75,
              urgentDue: 1,
              urgentPlacedOnTime: 1,
              urgentCompliance: 1,
            },
          ],
          centers: [{ centerId: CENTER, name: '上海市闵行区看守所', suggestionsOpen: 1, suggestionsOverdue: 0, urgentOpen: 0 }],
        },
      },
    },
  },
  'GET /me/calendar-feed': {
    description: '本人是否已开通日历订阅。订阅地址只在生成时返回一次（服务端只保存令牌的 SHA-256），忘记了请重新生成。',
    examples: { responses: { 200: { exists: true, createdAt: '2026-12-01T08:00:00.000+08:00' } } },
  },
  'POST /me/calendar-feed': {
    description:
      '生成本人的私有日历订阅地址（`/calendar/<令牌>.ics`），可添加到 Apple 日历、Google 日历、Thunderbird 等。订阅内容为本人（预约律师、共同辩护律师或实习人员）在各区县尚未结束的会见；已撤销的会见标为 `STATUS:CANCELLED`。' +
      '再次生成时旧地址立即失效。令牌只返回这一次，请妥善保管：持有地址的任何人都能看到会见安排。',
    examples: {
      responses: {
        201: {
          token: 'q3T0f9nZbW2mXc7Lk1Rv8Ys4Hd6Pj5Ga0Ue2Ni9Bo3M',
          path: '/calendar/q3T0f9nZbW2mXc7Lk1Rv8Ys4Hd6Pj5Ga0Ue2Ni9Bo3M.ics',
          createdAt: '2026-12-01T08:00:00.000+08:00',
        },
      },
    },
  },
  'DELETE /me/calendar-feed': {
    description: '撤销本人的日历订阅地址：此后访问该地址返回 404。尚未开通时返回 404 `NOT_FOUND`。',
    examples: { responses: { 200: { exists: false, createdAt: null } } },
  },
  'GET /calendar/{feedFile}': {
    description:
      '日历订阅（iCalendar，RFC 5545，`text/calendar`），无需登录：地址中的令牌即凭证，已撤销、已被新地址替换或不存在的令牌返回 404。' +
      '每个会见一个 VEVENT：UID 按预约固定，时间为 `TZID=Asia/Shanghai`（附 VTIMEZONE），地点为看守所地址，改期或撤销时 SEQUENCE 递增。有访问频率限制。',
    examples: {
      params: { feedFile: 'q3T0f9nZbW2mXc7Lk1Rv8Ys4Hd6Pj5Ga0Ue2Ni9Bo3M.ics' },
      responses: {
        200: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nBEGIN:VEVENT\r\nUID:bk.minhang.01M8S1WWJ3704S6490BNFBRRJ0@lawyer-meetings.lmb\r\nDTSTART;TZID=Asia/Shanghai:20261202T083000\r\nSTATUS:CONFIRMED\r\n…\r\nEND:VCALENDAR\r\n',
      },
    },
  },
  'POST /centers/{centerId}/calls': {
    description:
      '民警叫号：按排队号顺序叫本所当日某时段下一位尚未叫号的律师（预约状态仍为 `booked`，`callState` 变为 `called`，记录叫号时间；已安排会见室的一并给出 `roomNo`），并以短信通知该预约列明的每位律师。' +
      '两名民警同时叫号时，由数据库的条件写入决定：每个预约只会被叫到一次，后到的请求自动叫下一位。只能对当日时段叫号；没有等待叫号的律师时返回 409 `INVALID_STATE`。',
    examples: {
      params: { centerId: CENTER },
      body: { slotId: SLOT },
      responses: {
        200: { bookingId: BOOKING, slotId: SLOT, queueNumber: 3, callState: 'called', calledAt: '2026-12-02T08:41:00.000+08:00', callCount: 1, roomNo: 'M02', skipReason: null },
      },
    },
  },
  'POST /centers/{centerId}/bookings/{bookingId}/recall': {
    description:
      '重呼：再次叫已叫号或已过号的律师（叫号次数 `callCount` 加 1，叫号屏上重新显示，并再次短信通知）。尚未叫号的预约请用“叫号”按顺序叫；已签到、已撤销或已结束的预约返回 409 `INVALID_STATE`。',
    examples: {
      params: { centerId: CENTER, bookingId: BOOKING },
      responses: {
        200: { bookingId: BOOKING, slotId: SLOT, queueNumber: 3, callState: 'called', calledAt: '2026-12-02T08:46:00.000+08:00', callCount: 2, roomNo: 'M02', skipReason: null },
      },
    },
  },
  'POST /centers/{centerId}/bookings/{bookingId}/skip': {
    description:
      '过号：叫号后律师未到窗口时，注明原因将其移出叫号屏。预约本身不变（仍可重呼、签到；超过最后入所时间仍未签到的照常记爽约）。已过号的再次过号返回 409 `INVALID_STATE`。',
    examples: {
      params: { centerId: CENTER, bookingId: BOOKING },
      body: { reason: '叫号三次未到' },
      responses: {
        200: {
          bookingId: BOOKING,
          slotId: SLOT,
          queueNumber: 3,
          callState: 'skipped',
          calledAt: '2026-12-02T08:41:00.000+08:00',
          callCount: 1,
          roomNo: 'M02',
          skipReason: '叫号三次未到',
        },
      },
    },
  },
  'GET /centers/{centerId}/display': {
    description:
      '候见大厅叫号屏，无需登录：本所当日各时段最近叫到的排队号（`nowServing`）、已叫号待入场的排队号及会见室、尚在等待的人数。只有排队号和会见室号，不含任何姓名、证号或编号。' +
      '\n\n**为何轮询而不用 SSE**：API Gateway HTTP API 与 Lambda 都不能保持长连接（Lambda 最长 30 秒即断开），SSE 需另建常驻服务；叫号屏每 5 秒轮询一次已足够及时，而且可以被缓存。' +
      '每次答复带强 `ETag`；客户端在 `If-None-Match` 中带上次的 ETag，排队没有变化时返回 **304**（无正文）。`Cache-Control: public, max-age=5`：任何共享缓存都可代答 5 秒内的重复请求。' +
      '每块屏幕每 5 秒至多一次请求；本接口有访问频率限制（超出返回 429）。',
    examples: {
      params: { centerId: CENTER },
      responses: {
        200: {
          centerId: CENTER,
          centerName: '上海市闵行区看守所',
          date: '2026-12-02',
          sessions: [
            {
              slotId: SLOT,
              name: '上午',
              start: '2026-12-02T08:30:00.000+08:00',
              lastAdmission: '2026-12-02T11:00:00.000+08:00',
              nowServing: 3,
              called: [
                { queueNumber: 3, roomNo: 'M02', calledAt: '2026-12-02T08:41:00.000+08:00', checkedIn: false },
                { queueNumber: 2, roomNo: 'M01', calledAt: '2026-12-02T08:35:00.000+08:00', checkedIn: true },
              ],
              waiting: 4,
            },
          ],
        },
      },
    },
  },
  'GET /bookings/{bookingId}/queue': {
    description:
      '律师查看本人预约在当日排队中的位置：前面还有几位尚未叫号（`ahead`，即“前面还有 N 位”）、本时段当前叫到的排队号（`nowServing`），以及本预约是否已被叫号及会见室。' +
      '与叫号屏一样每 5 秒轮询，带 `If-None-Match` 时内容未变返回 304（`Cache-Control: private, no-cache`，不进入共享缓存）。不是本人的预约返回 404。',
    examples: {
      params: { bookingId: BOOKING },
      responses: {
        200: {
          bookingId: BOOKING,
          slotId: SLOT,
          date: '2026-12-02',
          queueNumber: 5,
          status: 'booked',
          callState: null,
          calledAt: null,
          roomNo: null,
          ahead: 1,
          nowServing: 3,
          waiting: 3,
        },
      },
    },
  },
  'GET /bookings/{bookingId}/check-in-token': {
    description:
      '预约列明的律师（预约律师、共同辩护律师或随同实习人员）取本预约的签到二维码内容 `token` 与签到短码 `code`，到所后出示给窗口民警扫码（或口头报出短码）。' +
      '令牌只含预约编号、失效时间和本区专用密钥的 HMAC-SHA256 签名，不含姓名、证号、手机号或在押人员信息；任何改动都会使签名失效。' +
      '有效期为时段开始前 1 小时（`validFrom`）至该时段最后入所时间（`validUntil`），在此之前可先取得、保存，到时方可签到；短码只在本所会见当日有效。' +
      '预约已撤销、已结束或已记爽约时返回 409 `INVALID_STATE`；不是本人的预约返回 404。',
    examples: {
      params: { bookingId: BOOKING },
      responses: {
        200: {
          bookingId: BOOKING,
          status: 'booked',
          token: `ci1.${BOOKING}.1796180400.q9Zt0cVx3LmN8pQr2sTu4w`,
          code: 'AM3-7KQ4MX',
          validFrom: '2026-12-02T07:30:00.000+08:00',
          validUntil: '2026-12-02T11:00:00.000+08:00',
        },
      },
    },
  },
  'POST /centers/{centerId}/check-ins': {
    description:
      '窗口民警扫描律师出示的签到二维码（`token`），或输入律师报出的签到短码（`code`，本所当日有效），为该预约办理签到，规则与“签到”相同：' +
      '晚于时段开始时间加宽限时间到达的记迟到违约（`late: true`，与签到在同一事务中记录）。答复附该预约的在押人员与律师信息（同当日排队），供窗口核对身份。' +
      '\n\n拒绝时不会签到：无法识别、被改动或预约已变更的令牌（及对不上本所当日预约的短码）返回 400 `VALIDATION_FAILED`；其他看守所的预约返回 403 `FORBIDDEN`；' +
      '尚未到起用时间（时段开始前 1 小时）或已过最后入所时间返回 409 `INVALID_STATE`。' +
      '同一预约重复扫码（含两台设备同时扫码）答复首次签到的结果并标明 `repeated: true`，不重复记违约。有访问频率限制。',
    examples: {
      params: { centerId: CENTER },
      body: { token: `ci1.${BOOKING}.1796180400.q9Zt0cVx3LmN8pQr2sTu4w` },
      responses: {
        200: {
          status: 'checked_in',
          late: false,
          arrivedAt: '2026-12-02T08:21:00.000+08:00',
          repeated: false,
          booking: { ...queuedBooking, status: 'checked_in' },
        },
      },
    },
  },
};

type ErrorExample = z.output<typeof errorBody>;

/** One realistic error body per code, shown on every error response that can carry it. */
export const errorExamples: { [C in ErrorCode]: ErrorExample & { error: { code: C } } } = {
  VALIDATION_FAILED: {
    error: {
      code: 'VALIDATION_FAILED',
      message: '请求参数有误：body.centerId（看守所编号格式不正确）；body.slotId（无效输入：期望 string，实际接收 undefined）',
      issues: [
        { field: 'body.centerId', message: '看守所编号格式不正确' },
        { field: 'body.slotId', message: '无效输入：期望 string，实际接收 undefined' },
      ],
    },
  },
  UNAUTHENTICATED: { error: { code: 'UNAUTHENTICATED', message: '未登录或登录已失效' } },
  PAYLOAD_TOO_LARGE: { error: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大（上限 1 MB）' } },
  UNSUPPORTED_MEDIA_TYPE: {
    error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求体须为 UTF-8 编码的 JSON（Content-Type: application/json; charset=utf-8），不支持 charset=gbk' },
  },
  NOT_IN_REGISTRY: {
    error: { code: 'NOT_IN_REGISTRY', message: '执业证号、姓名与手机号须与律师协会登记的信息一致；如信息有变，请联系所在律师事务所或律师协会更新登记' },
  },
  LICENCE_SUSPENDED: { error: { code: 'LICENCE_SUSPENDED', message: '您的执业证在律师协会登记中处于停止执业状态，不能进行网上预约' } },
  FORBIDDEN: { error: { code: 'FORBIDDEN', message: '无权操作其他看守所的数据' } },
  NOT_BOUND: { error: { code: 'NOT_BOUND', message: '您未与该在押人员办理委托绑定，不能预约会见' } },
  INTERN_MUST_BE_ACCOMPANIED: { error: { code: 'INTERN_MUST_BE_ACCOMPANIED', message: '实习人员不得单独预约会见，须由执业律师预约并列明' } },
  LOCKED_OUT: {
    error: { code: 'LOCKED_OUT', message: '您因违约累计已被暂停网上预约，至 2027-01-01T09:20:00.038+08:00 解除', lockedUntil: '2027-01-01T09:20:00.038+08:00' },
  },
  NOT_FOUND: { error: { code: 'NOT_FOUND', message: '预约不存在' } },
  METHOD_NOT_ALLOWED: { error: { code: 'METHOD_NOT_ALLOWED', message: '该接口不支持此请求方法' } },
  SLOT_FULL: { error: { code: 'SLOT_FULL', message: '该时段名额已满，可加入候补' } },
  DETAINEE_BUSY: { error: { code: 'DETAINEE_BUSY', message: '该在押人员在此时段已有会见或提讯安排' } },
  LAWYER_BUSY: { error: { code: 'LAWYER_BUSY', message: '您在此时段已有其他会见预约' } },
  BOOKING_LIMIT_REACHED: { error: { code: 'BOOKING_LIMIT_REACHED', message: '同一律师与同一在押人员最多同时持有 2 个未来预约' } },
  INVALID_STATE: { error: { code: 'INVALID_STATE', message: '只有已签到的会见可以结束' } },
  CONSENT_REQUIRED: { error: { code: 'CONSENT_REQUIRED', message: '律师尚未签署使用讯问室会见告知书' } },
  IDEMPOTENCY_KEY_REUSED: { error: { code: 'IDEMPOTENCY_KEY_REUSED', message: '该 Idempotency-Key 已用于另一个请求，请为新请求使用新的键' } },
  ALREADY_EXISTS: { error: { code: 'ALREADY_EXISTS', message: '该执业证号已注册账号' } },
  SLOT_UNAVAILABLE: { error: { code: 'SLOT_UNAVAILABLE', message: '该时段已开始或已截止预约' } },
  CENTER_NOT_ONLINE: { error: { code: 'CENTER_NOT_ONLINE', message: '上海市嘉定区第二看守所尚未开通网上预约，请按看守所公布的方式办理' } },
  RATE_LIMITED: { error: { code: 'RATE_LIMITED', message: '连续登录失败次数过多，账号已暂时锁定 15 分钟，请稍后再试' } },
  INTERNAL: { error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } },
};
