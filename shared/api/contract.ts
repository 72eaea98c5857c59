// Route → request schemas and documented responses. defineHandler validates with exactly these
// schemas and the OpenAPI document is generated from them: one source for both. Descriptions and
// examples live in ./operation-docs.ts, typed by these entries (kept out of here: only the document
// needs them).
//
// One named entry per route, named after its handler module (like its entry in shared/routes.ts): a
// handler passes its own entry to defineHandler, so its bundle carries that route's schemas alone
// (./schemas.ts marks its schemas pure for this). `contract` keys every entry by route for the
// document and the tests; nothing a handler bundles may read it.
import type * as z from 'zod/mini';
import * as r from '../routes';
import * as s from './schemas';

export interface RouteContract {
  /** The route this entry belongs to (its entry in shared/routes.ts). */
  route: r.RouteDef;
  body?: z.ZodMiniType;
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  /** Required request headers, documented only: the handler checks them itself, with its own messages. */
  headers?: z.ZodMiniType;
  /** Success status → body schema (null for a non-JSON body). */
  responses: Record<number, z.ZodMiniType | null>;
  /** Media type of a non-JSON (`null`) success body. */
  mediaType?: string;
  /** Error codes this route can answer with, for the docs. */
  errors?: readonly string[];
}

export const health = { route: r.health, responses: { 200: s.healthResponse } } as const satisfies RouteContract;
export const openapi = { route: r.openapi, responses: { 200: s.openApiDocumentResponse } } as const satisfies RouteContract;
export const docs = { route: r.docs, responses: { 200: null }, mediaType: 'text/html' } as const satisfies RouteContract;
export const listCenters = { route: r.listCenters, responses: { 200: s.centersResponse } } as const satisfies RouteContract;
export const register = {
  route: r.register,
  body: s.registerBody,
  responses: { 201: s.registerResponse },
  errors: ['VALIDATION_FAILED', 'ALREADY_EXISTS', 'NOT_IN_REGISTRY', 'LICENCE_SUSPENDED', 'RATE_LIMITED'],
} as const satisfies RouteContract;
export const confirmRegistration = {
  route: r.confirmRegistration,
  body: s.confirmBody,
  responses: { 200: s.confirmResponse },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const login = {
  route: r.login,
  body: s.loginBody,
  responses: { 200: s.loginResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED'],
} as const satisfies RouteContract;
export const resendCode = {
  route: r.resendCode,
  body: s.resendBody,
  responses: { 200: s.acceptedResponse },
  errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
} as const satisfies RouteContract;
export const forgotPassword = {
  route: r.forgotPassword,
  body: s.forgotBody,
  responses: { 200: s.acceptedResponse },
  errors: ['VALIDATION_FAILED'],
} as const satisfies RouteContract;
export const resetPassword = { route: r.resetPassword, body: s.resetBody, responses: { 200: s.resetResponse }, errors: ['VALIDATION_FAILED'] } as const satisfies RouteContract;
export const getMe = { route: r.getMe, responses: { 200: s.meResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] } as const satisfies RouteContract;
export const listMyBindings = {
  route: r.listMyBindings,
  query: s.bindingsQuery,
  responses: { 200: s.bindingsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const listMyWaitlist = { route: r.listMyWaitlist, responses: { 200: s.myWaitlistResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] } as const satisfies RouteContract;
export const listMyUrgentRequests = {
  route: r.listMyUrgentRequests,
  query: s.myUrgentRequestsQuery,
  responses: { 200: s.myUrgentRequestsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const createUser = {
  route: r.createUser,
  body: s.createUserBody,
  responses: { 201: s.createUserResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ALREADY_EXISTS'],
} as const satisfies RouteContract;
export const listUsers = {
  route: r.listUsers,
  query: s.listUsersQuery,
  responses: { 200: s.usersResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const disableUser = {
  route: r.disableUser,
  params: s.userParams,
  responses: { 200: s.accountStateResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const enableUser = {
  route: r.enableUser,
  params: s.userParams,
  responses: { 200: s.accountStateResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const importLawyerRegistry = {
  route: r.importLawyerRegistry,
  body: s.importRegistryBody,
  responses: { 200: s.importRegistryResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const getRegistryEntry = {
  route: r.getRegistryEntry,
  params: s.registryParams,
  responses: { 200: s.registryEntryResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const saveRegistryEntry = {
  route: r.saveRegistryEntry,
  params: s.registryParams,
  body: s.registryEntryBody,
  responses: { 200: s.registryEntrySaved },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const searchDetainees = {
  route: r.searchDetainees,
  params: s.centerParams,
  query: s.detaineeSearchQuery,
  responses: { 200: s.detaineeSearchResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const listAppeals = {
  route: r.listAppeals,
  params: s.centerParams,
  responses: { 200: s.appealsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const registerDetainee = {
  route: r.registerDetainee,
  params: s.centerParams,
  body: s.createDetaineeBody,
  responses: { 201: s.createDetaineeResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const listDetainees = {
  route: r.listDetainees,
  params: s.centerParams,
  query: s.detaineesQuery,
  responses: { 200: s.detaineesResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const getDetainee = {
  route: r.getDetainee,
  params: s.detaineeParams,
  responses: { 200: s.detaineeDetailResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const listRooms = {
  route: r.listRooms,
  params: s.centerParams,
  query: s.roomsQuery,
  responses: { 200: s.roomsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'SLOT_UNAVAILABLE'],
} as const satisfies RouteContract;
export const releaseDetainee = {
  route: r.releaseDetainee,
  params: s.detaineeParams,
  body: s.releaseBody,
  responses: { 200: s.releaseResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const bindLawyer = {
  route: r.bindLawyer,
  params: s.centerParams,
  body: s.createBindingBody,
  responses: { 201: s.createBindingResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const revokeBinding = {
  route: r.revokeBinding,
  params: s.bindingParams,
  responses: { 200: s.revokeBindingResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const listSlots = {
  route: r.listSlots,
  params: s.centerParams,
  query: s.slotsQuery,
  responses: { 200: s.slotsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const bookMeeting = {
  route: r.bookMeeting,
  body: s.createBookingBody,
  headers: s.idempotencyHeaders,
  responses: { 201: s.bookingCreated, 200: s.bookingCreated },
  errors: [
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_BOUND',
    'INTERN_MUST_BE_ACCOMPANIED',
    'LOCKED_OUT',
    'NOT_FOUND',
    'SLOT_FULL',
    'DETAINEE_BUSY',
    'LAWYER_BUSY',
    'BOOKING_LIMIT_REACHED',
    'IDEMPOTENCY_KEY_REUSED',
    'SLOT_UNAVAILABLE',
    'CENTER_NOT_ONLINE',
    'RATE_LIMITED',
  ],
} as const satisfies RouteContract;
export const listMyBookings = {
  route: r.listMyBookings,
  query: s.bookingsQuery,
  responses: { 200: s.bookingsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const getBooking = {
  route: r.getBooking,
  params: s.bookingParams,
  responses: { 200: s.bookingDetail },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const cancelBooking = {
  route: r.cancelBooking,
  params: s.bookingParams,
  headers: s.idempotencyHeaders,
  responses: { 200: s.cancelResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'IDEMPOTENCY_KEY_REUSED'],
} as const satisfies RouteContract;
export const rescheduleBooking = {
  route: r.rescheduleBooking,
  params: s.bookingParams,
  body: s.rescheduleBody,
  headers: s.idempotencyHeaders,
  responses: { 200: s.rescheduleResponse },
  errors: [
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'INVALID_STATE',
    'NOT_BOUND',
    'LOCKED_OUT',
    'LICENCE_SUSPENDED',
    'SLOT_FULL',
    'DETAINEE_BUSY',
    'LAWYER_BUSY',
    'BOOKING_LIMIT_REACHED',
    'IDEMPOTENCY_KEY_REUSED',
    'SLOT_UNAVAILABLE',
    'CENTER_NOT_ONLINE',
  ],
} as const satisfies RouteContract;
export const joinWaitlist = {
  route: r.joinWaitlist,
  body: s.waitlistBody,
  responses: { 201: s.waitlistResponse },
  errors: [
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_BOUND',
    'INTERN_MUST_BE_ACCOMPANIED',
    'LOCKED_OUT',
    'NOT_FOUND',
    'ALREADY_EXISTS',
    'INVALID_STATE',
    'SLOT_UNAVAILABLE',
    'CENTER_NOT_ONLINE',
  ],
} as const satisfies RouteContract;
export const leaveWaitlist = {
  route: r.leaveWaitlist,
  params: s.waitlistParams,
  responses: { 200: s.waitlistDeleted },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const listDayQueue = {
  route: r.listDayQueue,
  params: s.centerParams,
  query: s.dayQueueQuery,
  responses: { 200: s.dayQueueResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const checkIn = {
  route: r.checkIn,
  params: s.bookingParams,
  body: s.checkInBody,
  responses: { 200: s.checkInResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONSENT_REQUIRED'],
} as const satisfies RouteContract;
export const withdrawFromBooking = {
  route: r.withdrawFromBooking,
  params: s.bookingParams,
  responses: { 200: s.withdrawResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const completeMeeting = {
  route: r.completeMeeting,
  params: s.bookingParams,
  responses: { 200: s.completeResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const listMyViolations = {
  route: r.listMyViolations,
  query: s.violationsQuery,
  responses: { 200: s.violationsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const appealViolation = {
  route: r.appealViolation,
  params: s.violationParams,
  body: s.appealBody,
  responses: { 200: s.violationView },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const decideAppeal = {
  route: r.decideAppeal,
  params: s.violationParams,
  body: s.decisionBody,
  responses: { 200: s.violationView },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const setPreferences = {
  route: r.setPreferences,
  body: s.preferencesBody,
  responses: { 200: s.preferencesResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const listNotifications = {
  route: r.listNotifications,
  query: s.notificationsQuery,
  responses: { 200: s.notificationsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
} as const satisfies RouteContract;
export const redriveNotification = {
  route: r.redriveNotification,
  params: s.notificationParams,
  responses: { 200: s.redriveResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const markUnavailable = {
  route: r.markUnavailable,
  params: s.detaineeParams,
  body: s.unavailabilityBody,
  responses: { 201: s.unavailabilityResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const closeSessions = {
  route: r.closeSessions,
  params: s.centerParams,
  body: s.closureBody,
  responses: { 201: s.closureResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'SLOT_UNAVAILABLE'],
} as const satisfies RouteContract;
export const detaineeSchedule = {
  route: r.detaineeSchedule,
  params: s.detaineeParams,
  query: s.scheduleQuery,
  responses: { 200: s.scheduleResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const bookInterrogation = {
  route: r.bookInterrogation,
  params: s.centerParams,
  body: s.interrogationBody,
  responses: { 201: s.interrogationResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DETAINEE_BUSY', 'SLOT_FULL', 'INVALID_STATE', 'SLOT_UNAVAILABLE'],
} as const satisfies RouteContract;
export const signConsent = {
  route: r.signConsent,
  params: s.bookingParams,
  body: s.consentBody,
  responses: { 201: s.consentResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'ALREADY_EXISTS'],
} as const satisfies RouteContract;
export const assignRoom = {
  route: r.assignRoom,
  params: s.bookingParams,
  body: s.roomBody,
  responses: { 200: s.roomResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONSENT_REQUIRED', 'SLOT_FULL'],
} as const satisfies RouteContract;
export const relayMeetingRequest = {
  route: r.relayMeetingRequest,
  params: s.detaineeParams,
  body: s.meetingRequestBody,
  responses: { 201: s.meetingRequestResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const fileUrgentRequest = {
  route: r.fileUrgentRequest,
  body: s.urgentRequestBody,
  responses: { 201: s.urgentRequestCreated },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_BOUND', 'NOT_FOUND', 'ALREADY_EXISTS', 'CENTER_NOT_ONLINE'],
} as const satisfies RouteContract;
export const listUrgentRequests = {
  route: r.listUrgentRequests,
  params: s.centerParams,
  query: s.urgentRequestsQuery,
  responses: { 200: s.urgentRequestsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const placeUrgentRequest = {
  route: r.placeUrgentRequest,
  params: s.urgentRequestParams,
  body: s.placeBody,
  responses: { 200: s.placeResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'NOT_BOUND', 'DETAINEE_BUSY', 'LAWYER_BUSY', 'SLOT_FULL', 'SLOT_UNAVAILABLE'],
} as const satisfies RouteContract;
export const fileSuggestion = {
  route: r.fileSuggestion,
  params: s.centerParams,
  body: s.suggestionBody,
  responses: { 201: s.suggestionView },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const listSuggestions = {
  route: r.listSuggestions,
  params: s.centerParams,
  query: s.suggestionsQuery,
  responses: { 200: s.suggestionsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const replySuggestion = {
  route: r.replySuggestion,
  params: s.suggestionParams,
  body: s.replyBody,
  responses: { 200: s.suggestionView },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const listAudit = {
  route: r.listAudit,
  params: s.centerParams,
  query: s.auditQuery,
  responses: { 200: s.auditResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const districtReport = {
  route: r.districtReport,
  query: s.reportsQuery,
  responses: { 200: s.reportsResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;

export const getCalendarFeed = {
  route: r.getCalendarFeed,
  responses: { 200: s.calendarFeedStatusResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const createCalendarFeed = {
  route: r.createCalendarFeed,
  responses: { 201: s.calendarFeedCreatedResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const revokeCalendarFeed = {
  route: r.revokeCalendarFeed,
  responses: { 200: s.calendarFeedStatusResponse },
  errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const calendarFeed = {
  route: r.calendarFeed,
  params: s.calendarFeedFileParams,
  responses: { 200: null },
  mediaType: 'text/calendar',
  errors: ['NOT_FOUND'],
} as const satisfies RouteContract;

export const callNext = {
  route: r.callNext,
  params: s.centerParams,
  body: s.callNextBody,
  responses: { 200: s.callResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const recallBooking = {
  route: r.recallBooking,
  params: s.centerBookingParams,
  responses: { 200: s.callResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const skipBooking = {
  route: r.skipBooking,
  params: s.centerBookingParams,
  body: s.skipBody,
  responses: { 200: s.callResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const centerDisplay = {
  route: r.centerDisplay,
  params: s.centerParams,
  responses: { 200: s.displayResponse },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
} as const satisfies RouteContract;
export const bookingQueue = {
  route: r.bookingQueue,
  params: s.bookingParams,
  responses: { 200: s.bookingQueueResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
} as const satisfies RouteContract;

export const checkInToken = {
  route: r.checkInToken,
  params: s.bookingParams,
  responses: { 200: s.checkInTokenResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
} as const satisfies RouteContract;
export const scanCheckIn = {
  route: r.scanCheckIn,
  params: s.centerParams,
  body: s.scanCheckInBody,
  responses: { 200: s.scanCheckInResponse },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONSENT_REQUIRED'],
} as const satisfies RouteContract;

export const contract = {
  'GET /health': health,
  'GET /openapi.json': openapi,
  'GET /docs': docs,
  'GET /centers': listCenters,
  'POST /auth/register': register,
  'POST /auth/confirm': confirmRegistration,
  'POST /auth/login': login,
  'POST /auth/resend': resendCode,
  'POST /auth/forgot': forgotPassword,
  'POST /auth/reset': resetPassword,
  'GET /me': getMe,
  'GET /me/bindings': listMyBindings,
  'GET /me/waitlist': listMyWaitlist,
  'GET /me/urgent-requests': listMyUrgentRequests,
  'POST /admin/users': createUser,
  'GET /admin/users': listUsers,
  'POST /admin/users/{userId}/disable': disableUser,
  'POST /admin/users/{userId}/enable': enableUser,
  'POST /admin/lawyer-registry': importLawyerRegistry,
  'GET /admin/lawyer-registry/{licenseNo}': getRegistryEntry,
  'POST /centers/{centerId}/detainees': registerDetainee,
  'GET /centers/{centerId}/detainees': listDetainees,
  'GET /centers/{centerId}/detainees/{detaineeId}': getDetainee,
  'GET /centers/{centerId}/rooms': listRooms,
  'POST /centers/{centerId}/detainees/{detaineeId}/release': releaseDetainee,
  'POST /centers/{centerId}/bindings': bindLawyer,
  'POST /centers/{centerId}/bindings/{bindingId}/revoke': revokeBinding,
  'GET /centers/{centerId}/slots': listSlots,
  'POST /bookings': bookMeeting,
  'GET /bookings': listMyBookings,
  'GET /bookings/{bookingId}': getBooking,
  'POST /bookings/{bookingId}/cancel': cancelBooking,
  'POST /bookings/{bookingId}/reschedule': rescheduleBooking,
  'POST /waitlist': joinWaitlist,
  'DELETE /waitlist/{waitlistId}': leaveWaitlist,
  'GET /centers/{centerId}/bookings': listDayQueue,
  'POST /bookings/{bookingId}/check-in': checkIn,
  'POST /bookings/{bookingId}/withdraw': withdrawFromBooking,
  'POST /bookings/{bookingId}/complete': completeMeeting,
  'GET /me/violations': listMyViolations,
  'POST /violations/{violationId}/appeal': appealViolation,
  'POST /violations/{violationId}/decision': decideAppeal,
  'POST /me/preferences': setPreferences,
  'GET /admin/notifications': listNotifications,
  'POST /admin/notifications/{notificationId}/redrive': redriveNotification,
  'POST /centers/{centerId}/detainees/{detaineeId}/unavailability': markUnavailable,
  'POST /centers/{centerId}/closures': closeSessions,
  'GET /centers/{centerId}/detainees/{detaineeId}/schedule': detaineeSchedule,
  'POST /centers/{centerId}/interrogations': bookInterrogation,
  'POST /bookings/{bookingId}/consents': signConsent,
  'POST /bookings/{bookingId}/room': assignRoom,
  'POST /centers/{centerId}/detainees/{detaineeId}/meeting-requests': relayMeetingRequest,
  'POST /urgent-requests': fileUrgentRequest,
  'GET /centers/{centerId}/urgent-requests': listUrgentRequests,
  'POST /urgent-requests/{requestId}/place': placeUrgentRequest,
  'POST /centers/{centerId}/suggestions': fileSuggestion,
  'GET /centers/{centerId}/suggestions': listSuggestions,
  'POST /centers/{centerId}/suggestions/{suggestionId}/reply': replySuggestion,
  'GET /centers/{centerId}/audit': listAudit,
  'GET /reports': districtReport,
  'GET /me/calendar-feed': getCalendarFeed,
  'POST /me/calendar-feed': createCalendarFeed,
  'DELETE /me/calendar-feed': revokeCalendarFeed,
  'GET /calendar/{feedFile}': calendarFeed,
  'POST /admin/lawyer-registry/{licenseNo}': saveRegistryEntry,
  'GET /centers/{centerId}/detainee-search': searchDetainees,
  'GET /centers/{centerId}/appeals': listAppeals,
  'POST /centers/{centerId}/calls': callNext,
  'POST /centers/{centerId}/bookings/{bookingId}/recall': recallBooking,
  'POST /centers/{centerId}/bookings/{bookingId}/skip': skipBooking,
  'GET /centers/{centerId}/display': centerDisplay,
  'GET /bookings/{bookingId}/queue': bookingQueue,
  'GET /bookings/{bookingId}/check-in-token': checkInToken,
  'POST /centers/{centerId}/check-ins': scanCheckIn,
} as const satisfies Record<string, RouteContract>;

export type ContractKey = keyof typeof contract;
