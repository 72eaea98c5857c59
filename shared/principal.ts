// Who is calling, read only from claims the JWT authorizer (or the local gateway) has verified.
// Claim names are Cognito's: the role is the user's group, scope lives in custom attributes.
import { Forbidden, Unauthenticated } from './errors';
import { ROLES, type Role } from './routes';

export interface Principal {
  userId: string;
  username: string;
  role: Role;
  /** Centers a staff member or investigator is assigned to. */
  centerIds: string[];
  /** District of a committee member. */
  district?: string;
  /** Licence (or intern certificate) number of a lawyer or intern. */
  licenseNo?: string;
}

export const CLAIMS = {
  userId: 'custom:userId',
  username: 'cognito:username',
  groups: 'cognito:groups',
  centerIds: 'custom:centerIds',
  district: 'custom:district',
  licenseNo: 'custom:licenseNo',
} as const;

type ClaimValue = string | number | boolean | string[] | undefined;

/**
 * API Gateway HTTP APIs pass array claims flattened to a string like "[staff admin]"; the local
 * gateway passes real arrays. Both are accepted.
 */
function groupsOf(value: ClaimValue): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * How long an ID token lives (Cognito's `idTokenValidity` in infra/platform-stack.ts, the local
 * identity provider's tokens). A token whose `exp` lies further after its `iat` was not issued by
 * the platform, whoever signed it (issue 23: a token signed with the local key and `exp` 100 years
 * ahead was accepted).
 */
export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** True when a token's `iat`/`exp` span is no longer than the platform issues (both claims as numbers or, from API Gateway, strings). */
export function withinTokenLifetime(iat: unknown, exp: unknown): boolean {
  const issued = Number(iat);
  const expires = Number(exp);
  return Number.isFinite(issued) && Number.isFinite(expires) && expires - issued <= ID_TOKEN_LIFETIME_SECONDS;
}

export function principalFromClaims(claims: Record<string, ClaimValue> | undefined): Principal {
  if (!claims) throw new Unauthenticated();
  // The authorizer checked exp; a span longer than the platform issues is refused here too (when
  // the token carries both: Cognito's always do).
  if (claims.iat !== undefined && claims.exp !== undefined && !withinTokenLifetime(claims.iat, claims.exp)) throw new Unauthenticated();
  const userId = claims[CLAIMS.userId];
  const username = claims[CLAIMS.username];
  const role = groupsOf(claims[CLAIMS.groups]).find((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (typeof userId !== 'string' || !userId || typeof username !== 'string' || !role) throw new Unauthenticated();
  const centerIds = typeof claims[CLAIMS.centerIds] === 'string' ? String(claims[CLAIMS.centerIds]).split(',').filter(Boolean) : [];
  const district = typeof claims[CLAIMS.district] === 'string' && claims[CLAIMS.district] ? String(claims[CLAIMS.district]) : undefined;
  const licenseNo = typeof claims[CLAIMS.licenseNo] === 'string' && claims[CLAIMS.licenseNo] ? String(claims[CLAIMS.licenseNo]) : undefined;
  return { userId, username, role, centerIds, district, licenseNo };
}

export function requireRole(principal: Principal, allowed: readonly Role[]): void {
  if (!allowed.includes(principal.role)) throw new Forbidden('当前账号角色无权执行此操作');
}

/** Staff and investigators act only on the centers they are assigned to. */
export function requireCenterScope(principal: Principal, centerId: string): void {
  if (!principal.centerIds.includes(centerId)) throw new Forbidden('无权操作其他看守所的数据');
}

/** A lawyer or intern must carry a licence claim; without it the token was not issued by us. */
export function licenseOf(principal: Principal): string {
  if (!principal.licenseNo) throw new Unauthenticated();
  return principal.licenseNo;
}
