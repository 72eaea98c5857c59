// Route key → request schemas and documented responses. defineHandler validates with exactly these
// schemas and the OpenAPI document is generated from them: one source for both.
import type * as z from 'zod';
import * as s from './schemas';

export interface RouteContract {
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  /** Success status → body schema (null for a non-JSON body). */
  responses: Record<number, z.ZodType | null>;
  /** Error codes this route can answer with, for the docs. */
  errors?: string[];
  /** Required request headers (documented; the use case checks them). */
  headers?: string[];
}

export const contract = {
  'GET /health': { responses: { 200: s.healthResponse } },
  'GET /openapi.json': { responses: { 200: null } },
  'GET /docs': { responses: { 200: null } },
  'GET /centers': { responses: { 200: s.centersResponse } },
  'POST /auth/register': { body: s.registerBody, responses: { 201: s.registerResponse }, errors: ['VALIDATION_FAILED', 'ALREADY_EXISTS'] },
  'POST /auth/confirm': { body: s.confirmBody, responses: { 200: s.confirmResponse }, errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE'] },
  'POST /auth/login': { body: s.loginBody, responses: { 200: s.loginResponse }, errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED'] },
  'GET /me': { responses: { 200: s.meResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] },
  'GET /me/bindings': { responses: { 200: s.bindingsResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] },
  'POST /admin/users': {
    body: s.createUserBody,
    responses: { 201: s.createUserResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ALREADY_EXISTS'],
  },
  'POST /centers/{centerId}/detainees': {
    params: s.centerParams,
    body: s.createDetaineeBody,
    responses: { 201: s.createDetaineeResponse },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
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
    headers: ['Idempotency-Key'],
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
  'GET /bookings': { responses: { 200: s.bookingsResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] },
  'GET /bookings/{bookingId}': { params: s.bookingParams, responses: { 200: s.bookingDetail }, errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] },
  'POST /bookings/{bookingId}/cancel': {
    params: s.bookingParams,
    headers: ['Idempotency-Key'],
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
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'POST /bookings/{bookingId}/complete': {
    params: s.bookingParams,
    responses: { 200: s.completeResponse },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_STATE'],
  },
  'GET /me/violations': { responses: { 200: s.violationsResponse }, errors: ['UNAUTHENTICATED', 'FORBIDDEN'] },
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
} as const satisfies Record<string, RouteContract>;

export type ContractKey = keyof typeof contract;
