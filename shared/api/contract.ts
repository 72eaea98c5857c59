// Route key → request schemas and documented responses. defineHandler validates with exactly these
// schemas and the OpenAPI document is generated from them: one source for both. Descriptions and
// examples live in ./operation-docs.ts, typed by these entries (kept out of here because every
// handler bundles this file, and only the document needs them).
import type * as z from 'zod';
import * as s from './schemas';

export interface RouteContract {
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  /** Required request headers, documented only: the handler checks them itself, with its own messages. */
  headers?: z.ZodType;
  /** Success status → body schema (null for a non-JSON body). */
  responses: Record<number, z.ZodType | null>;
  /** Media type of a non-JSON (`null`) success body. */
  mediaType?: string;
  /** Error codes this route can answer with, for the docs. */
  errors?: readonly string[];
}

export const contract = {
  'GET /health': { responses: { 200: s.healthResponse } },
  'GET /openapi.json': { responses: { 200: s.openApiDocumentResponse } },
  'GET /docs': { responses: { 200: null }, mediaType: 'text/html' },
  'GET /centers': { responses: { 200: s.centersResponse } },
  'POST /auth/register': {
    body: s.registerBody,
    responses: { 201: s.registerResponse },
    errors: ['VALIDATION_FAILED', 'ALREADY_EXISTS', 'NOT_IN_REGISTRY', 'LICENCE_SUSPENDED', 'RATE_LIMITED'],
  },
  'POST /auth/confirm': { body: s.confirmBody, responses: { 200: s.confirmResponse }, errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE'] },
  'POST /auth/login': { body: s.loginBody, responses: { 200: s.loginResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'RATE_LIMITED'] },
  'POST /auth/resend': { body: s.resendBody, responses: { 200: s.acceptedResponse }, errors: ['VALIDATION_FAILED', 'RATE_LIMITED'] },
  'POST /auth/forgot': { body: s.forgotBody, responses: { 200: s.acceptedResponse }, errors: ['VALIDATION_FAILED'] },
  'POST /auth/reset': { body: s.resetBody, responses: { 200: s.resetResponse }, errors: ['VALIDATION_FAILED'] },
  'GET /me': { responses: { 200: s.meResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] },
  'GET /me/bindings': { query: s.bindingsQuery, responses: { 200: s.bindingsResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'] },
  'GET /me/waitlist': { responses: { 200: s.myWaitlistResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] },
  'GET /me/urgent-requests': { query: s.myUrgentRequestsQuery, responses: { 200: s.myUrgentRequestsResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'] },
  'POST /admin/users': {
    body: s.createUserBody,
    responses: { 201: s.createUserResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ALREADY_EXISTS'],
  },
  'GET /admin/users': { query: s.listUsersQuery, responses: { 200: s.usersResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'] },
  'POST /admin/users/{userId}/disable': {
    params: s.userParams,
    responses: { 200: s.accountStateResponse },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /admin/users/{userId}/enable': { params: s.userParams, responses: { 200: s.accountStateResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] },
  'POST /admin/lawyer-registry': {
    body: s.importRegistryBody,
    responses: { 200: s.importRegistryResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
  },
  'GET /admin/lawyer-registry/{licenseNo}': {
    params: s.registryParams,
    responses: { 200: s.registryEntryResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'POST /centers/{centerId}/detainees': {
    params: s.centerParams,
    body: s.createDetaineeBody,
    responses: { 201: s.createDetaineeResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'GET /centers/{centerId}/detainees': {
    params: s.centerParams,
    query: s.detaineesQuery,
    responses: { 200: s.detaineesResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'GET /centers/{centerId}/detainees/{detaineeId}': {
    params: s.detaineeParams,
    responses: { 200: s.detaineeDetailResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'GET /centers/{centerId}/rooms': {
    params: s.centerParams,
    query: s.roomsQuery,
    responses: { 200: s.roomsResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'SLOT_UNAVAILABLE'],
  },
  'POST /centers/{centerId}/detainees/{detaineeId}/release': {
    params: s.detaineeParams,
    body: s.releaseBody,
    responses: { 200: s.releaseResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /centers/{centerId}/bindings': {
    params: s.centerParams,
    body: s.createBindingBody,
    responses: { 201: s.createBindingResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_STATE'],
  },
  'POST /centers/{centerId}/bindings/{bindingId}/revoke': {
    params: s.bindingParams,
    responses: { 200: s.revokeBindingResponse },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'GET /centers/{centerId}/slots': {
    params: s.centerParams,
    query: s.slotsQuery,
    responses: { 200: s.slotsResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  },
  'POST /bookings': {
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
  },
  'GET /bookings': { query: s.bookingsQuery, responses: { 200: s.bookingsResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'] },
  'GET /bookings/{bookingId}': { params: s.bookingParams, responses: { 200: s.bookingDetail }, errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] },
  'POST /bookings/{bookingId}/cancel': {
    params: s.bookingParams,
    headers: s.idempotencyHeaders,
    responses: { 200: s.cancelResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'IDEMPOTENCY_KEY_REUSED'],
  },
  'POST /waitlist': {
    body: s.waitlistBody,
    responses: { 201: s.waitlistResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_BOUND', 'INTERN_MUST_BE_ACCOMPANIED', 'LOCKED_OUT', 'NOT_FOUND', 'ALREADY_EXISTS', 'INVALID_STATE', 'SLOT_UNAVAILABLE', 'CENTER_NOT_ONLINE'],
  },
  'DELETE /waitlist/{waitlistId}': { params: s.waitlistParams, responses: { 200: s.waitlistDeleted }, errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] },
  'GET /centers/{centerId}/bookings': {
    params: s.centerParams,
    query: s.dayQueueQuery,
    responses: { 200: s.dayQueueResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'POST /bookings/{bookingId}/check-in': {
    params: s.bookingParams,
    body: s.checkInBody,
    responses: { 200: s.checkInResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONSENT_REQUIRED'],
  },
  'POST /bookings/{bookingId}/withdraw': {
    params: s.bookingParams,
    responses: { 200: s.withdrawResponse },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /bookings/{bookingId}/complete': {
    params: s.bookingParams,
    responses: { 200: s.completeResponse },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'GET /me/violations': { query: s.violationsQuery, responses: { 200: s.violationsResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'] },
  'POST /violations/{violationId}/appeal': {
    params: s.violationParams,
    body: s.appealBody,
    responses: { 200: s.violationView },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /violations/{violationId}/decision': {
    params: s.violationParams,
    body: s.decisionBody,
    responses: { 200: s.violationView },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /me/preferences': {
    body: s.preferencesBody,
    responses: { 200: s.preferencesResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_STATE'],
  },
  'GET /admin/notifications': { query: s.notificationsQuery, responses: { 200: s.notificationsResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'] },
  'POST /admin/notifications/{notificationId}/redrive': {
    params: s.notificationParams,
    responses: { 200: s.redriveResponse },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /centers/{centerId}/detainees/{detaineeId}/unavailability': {
    params: s.detaineeParams,
    body: s.unavailabilityBody,
    responses: { 201: s.unavailabilityResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /centers/{centerId}/closures': {
    params: s.centerParams,
    body: s.closureBody,
    responses: { 201: s.closureResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'SLOT_UNAVAILABLE'],
  },
  'GET /centers/{centerId}/detainees/{detaineeId}/schedule': {
    params: s.detaineeParams,
    query: s.scheduleQuery,
    responses: { 200: s.scheduleResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'POST /centers/{centerId}/interrogations': {
    params: s.centerParams,
    body: s.interrogationBody,
    responses: { 201: s.interrogationResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'DETAINEE_BUSY', 'SLOT_FULL', 'INVALID_STATE', 'SLOT_UNAVAILABLE'],
  },
  'POST /bookings/{bookingId}/consents': {
    params: s.bookingParams,
    body: s.consentBody,
    responses: { 201: s.consentResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'ALREADY_EXISTS'],
  },
  'POST /bookings/{bookingId}/room': {
    params: s.bookingParams,
    body: s.roomBody,
    responses: { 200: s.roomResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'CONSENT_REQUIRED', 'SLOT_FULL'],
  },
  'POST /centers/{centerId}/detainees/{detaineeId}/meeting-requests': {
    params: s.detaineeParams,
    body: s.meetingRequestBody,
    responses: { 201: s.meetingRequestResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /urgent-requests': {
    body: s.urgentRequestBody,
    responses: { 201: s.urgentRequestCreated },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_BOUND', 'NOT_FOUND', 'ALREADY_EXISTS', 'CENTER_NOT_ONLINE'],
  },
  'GET /centers/{centerId}/urgent-requests': {
    params: s.centerParams,
    query: s.urgentRequestsQuery,
    responses: { 200: s.urgentRequestsResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'POST /urgent-requests/{requestId}/place': {
    params: s.urgentRequestParams,
    body: s.placeBody,
    responses: { 200: s.placeResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE', 'NOT_BOUND', 'DETAINEE_BUSY', 'LAWYER_BUSY', 'SLOT_FULL', 'SLOT_UNAVAILABLE'],
  },
  'POST /centers/{centerId}/suggestions': {
    params: s.centerParams,
    body: s.suggestionBody,
    responses: { 201: s.suggestionView },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'GET /centers/{centerId}/suggestions': {
    params: s.centerParams,
    query: s.suggestionsQuery,
    responses: { 200: s.suggestionsResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'POST /centers/{centerId}/suggestions/{suggestionId}/reply': {
    params: s.suggestionParams,
    body: s.replyBody,
    responses: { 200: s.suggestionView },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'GET /centers/{centerId}/audit': {
    params: s.centerParams,
    query: s.auditQuery,
    responses: { 200: s.auditResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
  'GET /reports': {
    query: s.reportsQuery,
    responses: { 200: s.reportsResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
  },
} as const satisfies Record<string, RouteContract>;

export type ContractKey = keyof typeof contract;
