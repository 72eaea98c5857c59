// Accounts: the stored profile (`UserProfile`) and the rules for what a licence number, phone number,
// username and password must look like. Pure functions; the zod schemas at the HTTP boundary and the
// identity providers both use them, so the local provider and Cognito enforce the same policy.
import type { Role } from '../routes';
import type { DisciplineState } from './discipline';

/** 律师执业证号: 17 digits for a practising lawyer. */
export const PRACTISING_LICENSE = /^\d{17}$/;
/** 实习人员证号: interns hold a certificate whose number is 6–20 digits or capital letters. */
export const INTERN_CERTIFICATE = /^[0-9A-Z]{6,20}$/;
/** Mainland mobile number, with or without +86. */
export const CN_MOBILE = /^(\+86)?1[3-9]\d{9}$/;
export const USERNAME = /^[A-Za-z0-9_.-]{3,64}$/;

export type LawyerRole = 'lawyer' | 'intern';

export function isValidLicense(role: LawyerRole, licenseNo: string): boolean {
  return role === 'lawyer' ? PRACTISING_LICENSE.test(licenseNo) : INTERN_CERTIFICATE.test(licenseNo);
}

/** Any number a binding may name: bindings exist for practising lawyers and interns alike. */
export function isBindableLicense(licenseNo: string): boolean {
  return PRACTISING_LICENSE.test(licenseNo) || INTERN_CERTIFICATE.test(licenseNo);
}

/** E.164 form, as Cognito and SNS want it. */
export function normalizePhone(phone: string): string {
  return phone.startsWith('+86') ? phone : `+86${phone}`;
}

/** The password policy of the user pool (infra/platform-stack.ts sets the same numbers). */
export const PASSWORD_POLICY = { minLength: 8, requireLowercase: true, requireUppercase: true, requireDigits: true } as const;

export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength) problems.push(`至少 ${PASSWORD_POLICY.minLength} 位`);
  if (!/[a-z]/.test(password)) problems.push('须含小写字母');
  if (!/[A-Z]/.test(password)) problems.push('须含大写字母');
  if (!/\d/.test(password)) problems.push('须含数字');
  if (password.length > 256) problems.push('不得超过 256 位');
  return problems;
}

/** Masks a phone number or e-mail for messages and logs: 138****0000. */
export function maskContact(value: string): string {
  if (value.includes('@')) return value.replace(/^(.).*(@.*)$/, '$1***$2');
  return value.replace(/^(\+86)?(\d{3})\d{4}(\d{4})$/, '$2****$3');
}

export type AccountStatus = 'unconfirmed' | 'confirmed';

export interface UserProfile {
  userId: string;
  username: string;
  role: Role;
  status: AccountStatus;
  createdAt: string;
  /** lawyer / intern */
  name?: string;
  phone?: string;
  email?: string;
  licenseNo?: string;
  lawFirm?: string;
  /** staff / investigator */
  centerIds?: string[];
  /** committee */
  district?: string;
  /** Written as 0 at registration by release 1; GET /me derives the count from `discipline` (B1a). */
  violationCount?: number;
  /** The discipline ledger's state (shared/domain/discipline.ts), absent until the first violation. */
  discipline?: DisciplineState;
  lockedUntil?: string | null;
  /** Set by POST /admin/users/{userId}/disable: the account cannot log in. */
  disabled?: boolean;
  /** SHA-256 of the current calendar feed token and when it was made (shared/adapters/calendar-feed-repository.ts). */
  calendarFeedHash?: string;
  calendarFeedCreatedAt?: string;
}
