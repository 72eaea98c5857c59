// Route key → request schemas and documented responses. defineHandler validates with exactly these
// schemas and the OpenAPI document is generated from them: one source for both.
import type { z } from 'zod';
import * as s from './schemas';

export interface RouteContract {
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  /** Success status → body schema (null for a non-JSON body). */
  responses: Record<number, z.ZodType | null>;
  /** Error codes this route can answer with, for the docs. */
  errors?: string[];
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
} as const satisfies Record<string, RouteContract>;

export type ContractKey = keyof typeof contract;
