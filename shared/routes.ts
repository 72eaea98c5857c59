// The single route table of the HTTP contract (SPEC §6). CDK turns each entry into an HttpApi route
// with its own Lambda, and the local gateway dispatches from the same entries, so cloud and local
// can never disagree on a path, a handler or who may call it.

export const ROLES = ['lawyer', 'intern', 'staff', 'investigator', 'committee', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** Path in API Gateway syntax: `/centers/{centerId}/detainees`. */
  path: string;
  /** Module under functions/ exporting `handler`. */
  handler: string;
  /** `public` skips the JWT authorizer; otherwise the roles (Cognito groups) allowed in. */
  auth: 'public' | readonly Role[];
  /** Steady-state requests per second for this route (API Gateway route throttling). */
  rateLimit?: number;
  summary: string;
  /**
   * Lambda timeout when the default 10 s is not enough (API Gateway waits at most 30 s). The local
   * gateway gives the handler the same deadline.
   */
  timeoutSeconds?: number;
  /** An addition to SPEC §6 (contract v1): clients written against the contract never need it. */
  beyondContract?: true;
  /** What the handler touches, so CDK grants exactly that (least privilege). */
  access?: RouteAccess;
}

/**
 * What a function may touch; CDK grants exactly this. Idempotency records live in the platform table
 * (written in the booking's own transaction, B14), so booking and cancelling need platform RW. `RO` is
 * Get/BatchGet/Query/ConditionCheck (never Scan); `RW` adds Put/Update/Delete/BatchWrite.
 */
export interface RouteAccess {
  platform?: 'RO' | 'RW';
  district?: 'RO' | 'RW';
  /**
   * Cognito: `client` = public client APIs only (InitiateAuth, ResendConfirmationCode,
   * ForgotPassword, ConfirmForgotPassword); `signup` = also AdminAddUserToGroup, AdminGetUser,
   * AdminDeleteUser, AdminUpdateUserAttributes; `admin` = GetGroup, AdminCreateUser,
   * AdminSetUserPassword, AdminAddUserToGroup, AdminDeleteUser; `manage` = AdminDisableUser,
   * AdminEnableUser (infra/constructs/lmb-function.ts IDENTITY_ACTIONS).
   */
  identity?: 'client' | 'signup' | 'admin' | 'manage';
  /**
   * The route answers pages (`nextCursor`): it reads, and the first one ever creates, the secret
   * that signs cursors (shared/adapters/cursor-key.ts) — that one platform-table item and nothing
   * else, whatever `platform` says.
   */
  cursors?: true;
  /**
   * The route signs check-in tokens: it reads, and the first one ever creates, its district's token
   * key (shared/adapters/district-keys.ts `checkInSecretKey`) — that one district-table partition,
   * whatever `district` says.
   */
  checkInSecret?: true;
}

const LAWYERS = ['lawyer', 'intern'] as const;

// One named entry per route, named after its handler module: a handler bundle imports its own entry
// (through its contract entry, shared/api/contract.ts) and leaves the rest of the table out.
export const health: RouteDef = { method: 'GET', path: '/health', handler: 'health', auth: 'public', summary: '健康检查' };
export const openapi: RouteDef = { method: 'GET', path: '/openapi.json', handler: 'openapi', auth: 'public', summary: 'OpenAPI 3.1 文档' };
export const docs: RouteDef = { method: 'GET', path: '/docs', handler: 'docs', auth: 'public', summary: '接口参考页面' };
export const listCenters: RouteDef = { method: 'GET', path: '/centers', handler: 'list-centers', auth: 'public', summary: '看守所列表（是否开通网上预约）' };
export const register: RouteDef = {
  method: 'POST',
  path: '/auth/register',
  handler: 'register',
  auth: 'public',
  rateLimit: 5,
  access: { platform: 'RW', identity: 'signup' },
  summary: '律师/实习人员注册',
};
export const confirmRegistration: RouteDef = {
  method: 'POST',
  path: '/auth/confirm',
  handler: 'confirm-registration',
  auth: 'public',
  rateLimit: 5,
  access: { platform: 'RW', identity: 'signup' },
  summary: '短信验证码确认注册',
};
// Login reads and writes the failure streaks of B11 (platform table).
export const login: RouteDef = {
  method: 'POST',
  path: '/auth/login',
  handler: 'login',
  auth: 'public',
  rateLimit: 10,
  access: { platform: 'RW', identity: 'client' },
  summary: '登录，获取令牌',
};
export const resendCode: RouteDef = {
  method: 'POST',
  path: '/auth/resend',
  handler: 'resend-code',
  auth: 'public',
  rateLimit: 5,
  access: { platform: 'RW', identity: 'client' },
  summary: '重新发送注册验证码',
};
export const forgotPassword: RouteDef = {
  method: 'POST',
  path: '/auth/forgot',
  handler: 'forgot-password',
  auth: 'public',
  rateLimit: 5,
  access: { platform: 'RW', identity: 'client' },
  summary: '忘记密码：向账号登记的手机发送重置验证码',
};
export const resetPassword: RouteDef = {
  method: 'POST',
  path: '/auth/reset',
  handler: 'reset-password',
  auth: 'public',
  rateLimit: 5,
  access: { platform: 'RW', identity: 'client' },
  summary: '用短信验证码设置新密码',
};
export const getMe: RouteDef = { method: 'GET', path: '/me', handler: 'get-me', auth: LAWYERS, access: { platform: 'RO' }, summary: '本人信息' };
export const listMyBindings: RouteDef = {
  method: 'GET',
  path: '/me/bindings',
  handler: 'list-my-bindings',
  auth: LAWYERS,
  access: { district: 'RO', cursors: true },
  summary: '本人的委托绑定',
};
export const listMyWaitlist: RouteDef = { method: 'GET', path: '/me/waitlist', handler: 'list-my-waitlist', auth: LAWYERS, access: { district: 'RO' }, summary: '本人的候补' };
export const listMyUrgentRequests: RouteDef = {
  method: 'GET',
  path: '/me/urgent-requests',
  handler: 'list-my-urgent-requests',
  auth: LAWYERS,
  access: { district: 'RO', cursors: true },
  summary: '本人的紧急会见申请',
};
export const createUser: RouteDef = {
  method: 'POST',
  path: '/admin/users',
  handler: 'create-user',
  auth: ['admin'],
  access: { platform: 'RW', identity: 'admin' },
  summary: '创建民警/承办单位/律工委/管理员账号',
};
// RW: the first listing creates the cursor signing key (shared/adapters/cursor-key.ts).
export const listUsers: RouteDef = {
  method: 'GET',
  path: '/admin/users',
  handler: 'list-users',
  auth: ['admin'],
  access: { platform: 'RW' },
  summary: '账号列表（按角色筛选，分页）',
};
export const disableUser: RouteDef = {
  method: 'POST',
  path: '/admin/users/{userId}/disable',
  handler: 'disable-user',
  auth: ['admin'],
  access: { platform: 'RW', identity: 'manage' },
  summary: '停用账号（不能再登录）',
};
export const enableUser: RouteDef = {
  method: 'POST',
  path: '/admin/users/{userId}/enable',
  handler: 'enable-user',
  auth: ['admin'],
  access: { platform: 'RW', identity: 'manage' },
  summary: '恢复已停用的账号',
};
export const importLawyerRegistry: RouteDef = {
  method: 'POST',
  path: '/admin/lawyer-registry',
  handler: 'import-lawyer-registry',
  auth: ['admin'],
  // Up to 1,000 entries: 21 transactions of 49 entries, each after one BatchGet round.
  timeoutSeconds: 29,
  access: { platform: 'RW' },
  summary: '导入律师协会执业登记（按执业证号新增或更新，每次至多 1000 条）',
};
export const getRegistryEntry: RouteDef = {
  method: 'GET',
  path: '/admin/lawyer-registry/{licenseNo}',
  handler: 'get-registry-entry',
  auth: ['admin'],
  access: { platform: 'RO' },
  summary: '查询一条执业登记及其注册账号',
};
export const registerDetainee: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/detainees',
  handler: 'register-detainee',
  auth: ['staff'],
  access: { district: 'RW' },
  summary: '登记在押人员',
};
export const listDetainees: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/detainees',
  handler: 'list-detainees',
  auth: ['staff'],
  access: { district: 'RO', cursors: true },
  summary: '查找本所在押人员（按姓名中的任意部分）',
};
export const getDetainee: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/detainees/{detaineeId}',
  handler: 'get-detainee',
  auth: ['staff'],
  // The bound lawyers' accounts and names (platform: licence index and profiles).
  access: { district: 'RO', platform: 'RO' },
  summary: '在押人员详情：委托绑定与已安排的会见、提讯',
};
export const listRooms: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/rooms',
  handler: 'list-rooms',
  auth: ['staff'],
  access: { district: 'RO' },
  summary: '本所的会见室、讯问室及某时段是否空闲',
};
export const releaseDetainee: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/detainees/{detaineeId}/release',
  handler: 'release-detainee',
  auth: ['staff'],
  // Ending the bindings and cancelling every future booking: one transaction per booking.
  timeoutSeconds: 29,
  access: { district: 'RW', platform: 'RO' },
  summary: '在押人员释放或移送（结束其全部委托绑定，撤销其未来预约）',
};
export const bindLawyer: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/bindings',
  handler: 'bind-lawyer',
  auth: ['staff'],
  access: { district: 'RW', platform: 'RO' },
  summary: '办理委托绑定',
};
export const revokeBinding: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/bindings/{bindingId}/revoke',
  handler: 'revoke-binding',
  auth: ['staff'],
  // The lawyer's id (platform registry) and one transaction per cancelled booking.
  timeoutSeconds: 29,
  access: { district: 'RW', platform: 'RO' },
  summary: '撤销委托绑定（撤销该律师对该在押人员的未来预约）',
};
export const listSlots: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/slots',
  handler: 'list-slots',
  auth: ROLES,
  access: { district: 'RO' },
  summary: '查询时段与剩余名额',
};
export const bookMeeting: RouteDef = {
  method: 'POST',
  path: '/bookings',
  handler: 'book-meeting',
  auth: LAWYERS,
  rateLimit: 20,
  // Hundreds racing for one session's last places retry optimistically; give them time to hear "full".
  timeoutSeconds: 29,
  // Platform RW: the idempotency record, keyed by the lawyer across districts (B14).
  access: { district: 'RW', platform: 'RW' },
  summary: '预约会见（先到先得，需 Idempotency-Key）',
};
// Platform: the names of the lawyers on each booking (profiles).
export const listMyBookings: RouteDef = {
  method: 'GET',
  path: '/bookings',
  handler: 'list-my-bookings',
  auth: LAWYERS,
  access: { district: 'RO', platform: 'RO', cursors: true },
  summary: '本人的预约',
};
export const getBooking: RouteDef = {
  method: 'GET',
  path: '/bookings/{bookingId}',
  handler: 'get-booking',
  auth: LAWYERS,
  access: { district: 'RO', platform: 'RO' },
  summary: '预约详情',
};
export const cancelBooking: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/cancel',
  handler: 'cancel-booking',
  auth: ['lawyer'],
  access: { district: 'RW', platform: 'RW' },
  summary: '撤销预约（截止后撤销记违约，需 Idempotency-Key）',
};
export const rescheduleBooking: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/reschedule',
  handler: 'reschedule-booking',
  auth: ['lawyer'],
  // As booking and cancelling: the idempotency record, the profiles' standing and a late move's
  // violation are in the platform table.
  access: { district: 'RW', platform: 'RW' },
  summary: '改期：一次事务改到同一在押人员、同一看守所的另一时段（需 Idempotency-Key）',
};
export const withdrawFromBooking: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/withdraw',
  handler: 'withdraw-from-booking',
  auth: LAWYERS,
  // The withdrawing lawyer's name (platform) for the lead's notice.
  access: { district: 'RW', platform: 'RO' },
  summary: '共同辩护律师或随同实习人员退出他人的预约（不记违约，通知预约律师）',
};
export const joinWaitlist: RouteDef = {
  method: 'POST',
  path: '/waitlist',
  handler: 'join-waitlist',
  auth: LAWYERS,
  access: { district: 'RW', platform: 'RO' },
  summary: '加入已满时段的候补',
};
export const leaveWaitlist: RouteDef = {
  method: 'DELETE',
  path: '/waitlist/{waitlistId}',
  handler: 'leave-waitlist',
  auth: ['lawyer'],
  access: { district: 'RW' },
  summary: '退出候补',
};
export const listDayQueue: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/bookings',
  handler: 'list-day-queue',
  auth: ['staff'],
  // Platform: who is at the window — the lawyers' names, licences, firms and phones (profiles).
  access: { district: 'RO', platform: 'RO', cursors: true },
  summary: '当日会见排队（按时段、排队号）',
};
export const checkIn: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/check-in',
  handler: 'check-in',
  auth: ['staff'],
  access: { district: 'RW', platform: 'RW' },
  summary: '律师到所签到（迟到记违约）',
};
export const completeMeeting: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/complete',
  handler: 'complete-meeting',
  auth: ['staff'],
  access: { district: 'RW' },
  summary: '会见结束',
};
export const listMyViolations: RouteDef = {
  method: 'GET',
  path: '/me/violations',
  handler: 'list-my-violations',
  auth: LAWYERS,
  access: { platform: 'RO', cursors: true },
  summary: '本人的违约记录',
};
export const appealViolation: RouteDef = {
  method: 'POST',
  path: '/violations/{violationId}/appeal',
  handler: 'appeal-violation',
  auth: LAWYERS,
  access: { platform: 'RW' },
  summary: '对违约记录提出申诉',
};
export const decideAppeal: RouteDef = {
  method: 'POST',
  path: '/violations/{violationId}/decision',
  handler: 'decide-appeal',
  auth: ['staff'],
  access: { platform: 'RW' },
  summary: '裁决申诉（维持或撤销违约）',
};
export const setPreferences: RouteDef = {
  method: 'POST',
  path: '/me/preferences',
  handler: 'set-preferences',
  auth: LAWYERS,
  access: { platform: 'RW' },
  beyondContract: true,
  summary: '选择通知方式（短信、邮件或两者）',
};
export const listNotifications: RouteDef = {
  method: 'GET',
  path: '/admin/notifications',
  handler: 'list-notifications',
  auth: ['admin'],
  beyondContract: true,
  access: { platform: 'RO', district: 'RO', cursors: true },
  summary: '查看待发送、重试中或已转入死信的通知（运维）',
};
export const redriveNotification: RouteDef = {
  method: 'POST',
  path: '/admin/notifications/{notificationId}/redrive',
  handler: 'redrive-notification',
  auth: ['admin'],
  beyondContract: true,
  access: { platform: 'RW', district: 'RW' },
  summary: '重新投递一条死信通知（运维）',
};
// ---- center operations ----
export const markUnavailable: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/detainees/{detaineeId}/unavailability',
  handler: 'mark-unavailable',
  auth: ['staff'],
  timeoutSeconds: 29,
  access: { district: 'RW', platform: 'RO' },
  summary: '登记在押人员不能会见的期间（开庭、外出就医、移送等），撤销受影响的预约并通知律师',
};
export const closeSessions: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/closures',
  handler: 'close-sessions',
  auth: ['staff'],
  timeoutSeconds: 29,
  access: { district: 'RW', platform: 'RO' },
  summary: '临时停止某日或某些时段的会见，撤销受影响的预约并通知律师',
};
export const detaineeSchedule: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/detainees/{detaineeId}/schedule',
  handler: 'detainee-schedule',
  auth: ['investigator'],
  access: { district: 'RO' },
  summary: '在押人员已预约的时段（仅时间与类型，不含律师身份）',
};
export const bookInterrogation: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/interrogations',
  handler: 'book-interrogation',
  auth: ['investigator'],
  access: { district: 'RW' },
  summary: '预约提讯（不得占用律师已预约的时段）',
};
export const signConsent: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/consents',
  handler: 'sign-consent',
  auth: ['lawyer'],
  access: { district: 'RW' },
  summary: '签署使用讯问室会见的告知书',
};
export const assignRoom: RouteDef = {
  method: 'POST',
  path: '/bookings/{bookingId}/room',
  handler: 'assign-room',
  auth: ['staff'],
  access: { district: 'RW' },
  summary: '安排会见室（使用讯问室须律师已签署告知书）',
};
export const relayMeetingRequest: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/detainees/{detaineeId}/meeting-requests',
  handler: 'relay-meeting-request',
  auth: ['staff'],
  // Platform: the registered lawyer of each bound licence (the lawyer registry).
  access: { district: 'RW', platform: 'RO' },
  summary: '转达在押人员的会见要求，通知其全部委托律师',
};
export const fileUrgentRequest: RouteDef = {
  method: 'POST',
  path: '/urgent-requests',
  handler: 'file-urgent-request',
  auth: ['lawyer'],
  access: { district: 'RW', platform: 'RO' },
  summary: '48 小时内无空余名额时提出紧急会见申请',
};
export const listUrgentRequests: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/urgent-requests',
  handler: 'list-urgent-requests',
  auth: ['staff'],
  access: { district: 'RO', cursors: true },
  summary: '本所的紧急会见申请',
};
export const placeUrgentRequest: RouteDef = {
  method: 'POST',
  path: '/urgent-requests/{requestId}/place',
  handler: 'place-urgent-request',
  auth: ['staff'],
  timeoutSeconds: 29,
  access: { district: 'RW', platform: 'RO' },
  summary: '为紧急会见申请安排时段与房间',
};
export const fileSuggestion: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/suggestions',
  handler: 'file-suggestion',
  auth: LAWYERS,
  access: { district: 'RW' },
  summary: '向看守所提出意见建议',
};
export const listSuggestions: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/suggestions',
  handler: 'list-suggestions',
  auth: ['staff', 'committee', 'admin'],
  access: { district: 'RO', cursors: true },
  summary: '意见建议登记簿（逾期未答复的标出）',
};
export const replySuggestion: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/suggestions/{suggestionId}/reply',
  handler: 'reply-suggestion',
  auth: ['staff'],
  access: { district: 'RW' },
  summary: '答复意见建议',
};
export const listAudit: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/audit',
  handler: 'list-audit',
  auth: ['staff', 'admin'],
  access: { district: 'RO', platform: 'RO', cursors: true },
  summary: '本所的操作审计记录',
};
export const districtReport: RouteDef = {
  method: 'GET',
  path: '/reports',
  handler: 'district-report',
  auth: ['committee', 'admin'],
  access: { district: 'RO' },
  summary: '按看守所和日期的统计报表',
};

/** Every route; the OpenAPI document lists the operations in this order. */
// Calendar feed (issue 20 item 4): a lawyer's private iCalendar URL. The token in the path is the
// credential (stored hashed), so the feed itself is public and throttled.
export const getCalendarFeed: RouteDef = {
  method: 'GET',
  path: '/me/calendar-feed',
  handler: 'get-calendar-feed',
  auth: LAWYERS,
  access: { platform: 'RO' },
  beyondContract: true,
  summary: '日历订阅是否已开通',
};
export const createCalendarFeed: RouteDef = {
  method: 'POST',
  path: '/me/calendar-feed',
  handler: 'create-calendar-feed',
  auth: LAWYERS,
  access: { platform: 'RW' },
  beyondContract: true,
  summary: '生成日历订阅地址（旧地址随即失效）',
};
export const revokeCalendarFeed: RouteDef = {
  method: 'DELETE',
  path: '/me/calendar-feed',
  handler: 'revoke-calendar-feed',
  auth: LAWYERS,
  access: { platform: 'RW' },
  beyondContract: true,
  summary: '撤销日历订阅地址',
};
export const calendarFeed: RouteDef = {
  method: 'GET',
  path: '/calendar/{feedFile}',
  handler: 'calendar-feed',
  auth: 'public',
  rateLimit: 5,
  access: { platform: 'RO', district: 'RO' },
  beyondContract: true,
  summary: '日历订阅（iCalendar，地址中的令牌即凭证）',
};
// ---- the pages as people meet them (issue 18): look-ups by name, one registry entry, appeals with context ----
export const saveRegistryEntry: RouteDef = {
  method: 'POST',
  path: '/admin/lawyer-registry/{licenseNo}',
  handler: 'save-registry-entry',
  auth: ['admin'],
  access: { platform: 'RW' },
  beyondContract: true,
  summary: '新增或更新一条执业登记',
};
export const searchDetainees: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/detainee-search',
  handler: 'search-detainees',
  auth: ['investigator'],
  access: { district: 'RO', cursors: true },
  beyondContract: true,
  summary: '按姓名查找在押人员（办案单位；仅编号、姓名、状态）',
};
export const listAppeals: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/appeals',
  handler: 'list-appeals',
  auth: ['staff'],
  access: { platform: 'RO', district: 'RO' },
  beyondContract: true,
  summary: '本所待裁决的违约申诉（含律师、会见、违约原因与申诉理由）',
};

// Queue calling (issue 20 item 1): staff call the lawyers of a session to the window; the waiting
// hall's screen (public: queue numbers and rooms only) and the lawyer's phone poll where it stands.
export const callNext: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/calls',
  handler: 'call-next',
  auth: ['staff'],
  access: { district: 'RW' },
  beyondContract: true,
  summary: '叫号：按排队顺序叫本时段下一位律师',
};
export const recallBooking: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/bookings/{bookingId}/recall',
  handler: 'recall-booking',
  auth: ['staff'],
  access: { district: 'RW' },
  beyondContract: true,
  summary: '重呼已叫号或已过号的律师',
};
export const skipBooking: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/bookings/{bookingId}/skip',
  handler: 'skip-booking',
  auth: ['staff'],
  access: { district: 'RW' },
  beyondContract: true,
  summary: '过号（注明原因）',
};
export const centerDisplay: RouteDef = {
  method: 'GET',
  path: '/centers/{centerId}/display',
  handler: 'center-display',
  auth: 'public',
  // One screen polls every 5 s (0.2 requests/s); 10/s leaves room for 50 screens per district, and
  // `Cache-Control: public, max-age=5` lets any shared cache in front answer repeats.
  rateLimit: 10,
  access: { district: 'RO' },
  beyondContract: true,
  summary: '候见大厅叫号屏（公开，仅排队号与会见室）',
};
export const bookingQueue: RouteDef = {
  method: 'GET',
  path: '/bookings/{bookingId}/queue',
  handler: 'booking-queue',
  auth: LAWYERS,
  access: { district: 'RO' },
  beyondContract: true,
  summary: '本人预约的排队位置与当前叫号',
};
// Check-in by QR code (issue 20 item 2): a lawyer's phone shows the booking's signed token (QR) and
// short code; the front desk scans or types it. The token route reads, and the first one creates,
// the district's token key (its one partition of the district table: `checkInSecret`).
export const checkInToken: RouteDef = {
  method: 'GET',
  path: '/bookings/{bookingId}/check-in-token',
  handler: 'check-in-token',
  auth: LAWYERS,
  access: { district: 'RO', checkInSecret: true },
  beyondContract: true,
  summary: '本人预约的签到二维码令牌与短码',
};
export const scanCheckIn: RouteDef = {
  method: 'POST',
  path: '/centers/{centerId}/check-ins',
  handler: 'scan-check-in',
  auth: ['staff'],
  // Short codes are 30 bits of an HMAC; the throttle keeps guessing hopeless (a window checks in a
  // lawyer every few seconds at most).
  rateLimit: 10,
  // Platform: the late violation (R3) and the lawyers' names for the desk.
  access: { district: 'RW', platform: 'RW' },
  beyondContract: true,
  summary: '扫码或输入短码签到（迟到记违约）',
};
export const routes: readonly RouteDef[] = [
  health,
  openapi,
  docs,
  listCenters,
  register,
  confirmRegistration,
  login,
  resendCode,
  forgotPassword,
  resetPassword,
  getMe,
  listMyBindings,
  listMyWaitlist,
  listMyUrgentRequests,
  createUser,
  listUsers,
  disableUser,
  enableUser,
  importLawyerRegistry,
  getRegistryEntry,
  registerDetainee,
  listDetainees,
  getDetainee,
  listRooms,
  releaseDetainee,
  bindLawyer,
  revokeBinding,
  listSlots,
  bookMeeting,
  listMyBookings,
  getBooking,
  cancelBooking,
  rescheduleBooking,
  withdrawFromBooking,
  joinWaitlist,
  leaveWaitlist,
  listDayQueue,
  checkIn,
  completeMeeting,
  listMyViolations,
  appealViolation,
  decideAppeal,
  setPreferences,
  listNotifications,
  redriveNotification,
  markUnavailable,
  closeSessions,
  detaineeSchedule,
  bookInterrogation,
  signConsent,
  assignRoom,
  relayMeetingRequest,
  fileUrgentRequest,
  listUrgentRequests,
  placeUrgentRequest,
  fileSuggestion,
  listSuggestions,
  replySuggestion,
  listAudit,
  districtReport,
  getCalendarFeed,
  createCalendarFeed,
  revokeCalendarFeed,
  calendarFeed,
  saveRegistryEntry,
  searchDetainees,
  listAppeals,
  callNext,
  recallBooking,
  skipBooking,
  centerDisplay,
  bookingQueue,
  checkInToken,
  scanCheckIn,
];

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export function findRouteByKey(key: string): RouteDef {
  const route = routes.find((r) => routeKey(r) === key);
  if (!route) throw new Error(`no route ${key} in shared/routes.ts`);
  return route;
}
