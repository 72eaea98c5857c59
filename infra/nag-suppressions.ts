// Every cdk-nag finding this app accepts, with the reason it is accepted, in one reviewable list.
// cdk-nag 3 reads CDK's own acknowledgements (Validations.of(x).acknowledge), which replaced v2's
// NagSuppressions. Each entry is attached to the narrowest construct it concerns, never to a whole
// stack, so a new resource with the same problem still fails synth. Do not add an entry without a
// reason a reviewer could check; test/infra verifies every reason is present.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { LmbFunction } from './constructs/lmb-function';
import type { DistrictStack } from './district-stack';
import type { PlatformStack } from './platform-stack';

export interface NagAcknowledgment {
  /** Rule id, with the finding in brackets for granular rules: `AwsSolutions-IAM5[Resource::*]`. */
  id: string;
  /** Which constructs carry it. */
  appliedTo: string;
  reason: string;
}

export const NAG_ACKNOWLEDGMENTS = {
  passwordPolicy: {
    id: 'AwsSolutions-COG1',
    appliedTo: 'platform user pool',
    reason:
      'The password policy is the single PASSWORD_POLICY of shared/domain/accounts.ts (at least 8 characters with upper case, lower case and a digit), ' +
      'which the HTTP validation and the local identity provider enforce identically. Symbols are not required: a Cognito stricter than the API would ' +
      'reject passwords the contract accepts. Brute force is bounded by Cognito sign-in lockout and the rateLimit of POST /auth/login.',
  },
  mfa: {
    id: 'AwsSolutions-COG2',
    appliedTo: 'platform user pool',
    reason:
      'MFA is off because HTTP contract v1 login (POST /auth/login) is one step that returns an ID token and the identity adapter rejects any challenge. ' +
      'Lawyers prove possession of their phone by SMS code at registration; staff, investigator, committee and admin accounts are created only by an admin. ' +
      'MFA for staff and admin roles needs a challenge step in the contract (follow-up).',
  },
  plusFeaturePlan: {
    id: 'AwsSolutions-COG8',
    appliedTo: 'platform user pool',
    reason:
      'The Essentials feature plan is used: threat protection (Plus) is billed per monthly active user. Cognito sign-in lockout plus API Gateway throttling ' +
      'of /auth/register, /auth/confirm and /auth/login (per-route rateLimit) is the accepted baseline; revisit before a production launch.',
  },
  cognitoSmsRole: {
    id: 'AwsSolutions-IAM5[Resource::*]',
    appliedTo: 'platform user pool SMS role',
    reason:
      'Cognito sends verification SMS with sns:Publish straight to a phone number, which has no resource ARN, so the SMS role created by the UserPool ' +
      'construct must allow Resource "*" for sns:Publish only. Only cognito-idp.amazonaws.com can assume it, with an external id.',
  },
  xrayTracing: {
    id: 'AwsSolutions-IAM5[Resource::*]',
    appliedTo: 'each function execution role',
    reason:
      'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions. Every other ' +
      'statement of the role names its table, index, log group or user pool ARN (test/infra asserts that "*" appears only with xray actions).',
  },
  nodeRuntime: {
    id: 'AwsSolutions-L1',
    appliedTo: 'each function',
    reason:
      'Node.js 22 is pinned by the architecture decision (esbuild target node22, one LmbFunction construct); it is a supported Lambda runtime. ' +
      'Moving to a newer runtime is a deliberate one-line change in infra/constructs/lmb-function.ts after testing, not an automatic one.',
  },
  publicRoute: {
    id: 'AwsSolutions-APIG4',
    appliedTo: "each route whose auth is 'public' in shared/routes.ts",
    reason:
      'Public by contract (SPEC section 6, "Public"): health, OpenAPI and docs, the center list, and registration, confirmation and login, which cannot ' +
      'require a token because they are how a user obtains one. Abuse is bounded by stage throttling and per-route rateLimit. test/infra asserts that ' +
      'every other route uses the Cognito JWT authorizer.',
  },
} as const satisfies Record<string, NagAcknowledgment>;

export type NagAcknowledgmentName = keyof typeof NAG_ACKNOWLEDGMENTS;

export const allNagAcknowledgments = (): NagAcknowledgment[] => Object.values(NAG_ACKNOWLEDGMENTS);

function acknowledge(scope: IConstruct, name: NagAcknowledgmentName): void {
  const { id, reason } = NAG_ACKNOWLEDGMENTS[name];
  Validations.of(scope).acknowledge({ id, reason });
}

function acknowledgeFunction(fn: LmbFunction): void {
  acknowledge(fn, 'nodeRuntime');
  if (fn.role) acknowledge(fn.role, 'xrayTracing');
}

export function applyNagSuppressions(platform: PlatformStack, districts: readonly DistrictStack[]): void {
  acknowledge(platform.userPool, 'passwordPolicy');
  acknowledge(platform.userPool, 'mfa');
  acknowledge(platform.userPool, 'plusFeaturePlan');
  acknowledge(platform.userPool.node.findChild('smsRole'), 'cognitoSmsRole');

  const functions = (stack: PlatformStack | DistrictStack) => [...stack.scheduled.values()].map((s) => s.fn);
  for (const fn of functions(platform)) acknowledgeFunction(fn);
  for (const district of districts) {
    for (const fn of [...district.functions.values(), ...functions(district)]) acknowledgeFunction(fn);
    for (const route of district.routeApi.publicRoutes.values()) acknowledge(route, 'publicRoute');
  }
}
