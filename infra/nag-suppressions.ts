// Every cdk-nag finding this app accepts, with the reason it is accepted, in one reviewable list.
// cdk-nag 3 reads CDK's own acknowledgements (Validations.of(x).acknowledge), which replaced v2's
// NagSuppressions. Each entry is attached to the narrowest construct it concerns, never to a whole
// stack, so a new resource with the same problem still fails synth. Do not add an entry without a
// reason a reviewer could check; test/infra verifies every reason is present.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { LmbFunction } from './constructs/lmb-function';
import type { OutboxNotifier } from './constructs/outbox-notifier';
import type { DistrictStack } from './district-stack';
import type { PlatformStack } from './platform-stack';
import type { WebStack } from './web-stack';

export interface NagAcknowledgment {
  /** Rule id, with the finding in brackets for granular rules: `AwsSolutions-IAM5[Resource::*]`. */
  id: string;
  /**
   * For a granular rule whose one reason covers several findings: each is acknowledged as
   * `<id>[<finding>]` (`<cityId>` stands for the city's id).
   */
  findings?: readonly string[];
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
      "reject passwords the contract accepts. Brute force is bounded by the platform's own login limit (5 failures in a row lock a username for 15 minutes, " +
      'kept in the platform table: shared/adapters/abuse-limits.ts), Cognito sign-in lockout and the rateLimit of POST /auth/login.',
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
      "The Essentials feature plan is used: threat protection (Plus) is billed per monthly active user. The platform's abuse limits (B11: failed logins per " +
      'username, tries per code, SMS codes per phone, in the platform table), Cognito sign-in lockout and API Gateway throttling of the /auth/* routes ' +
      '(per-route rateLimit) are the accepted baseline; revisit before a production launch.',
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
  smsSenderRole: {
    id: 'AwsSolutions-IAM5[Resource::*]',
    appliedTo: 'execution role of each outbox retry job (functions/retry-notifications.ts)',
    reason:
      'Two statements need Resource "*": X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords, no resource-level permissions) and ' +
      "sns:Publish, because the notifier sends each SMS straight to the lawyer's phone number (PublishCommand PhoneNumber), which has no ARN; " +
      'there is no topic to name. E-mail is granted on the configured SES identity ARNs only, tables by ARN. test/infra asserts that "*" ' +
      'appears with exactly these actions and that no HTTP handler, sweep or other job has sns:Publish.',
  },
  streamConsumerRole: {
    id: 'AwsSolutions-IAM5[Resource::*]',
    appliedTo: 'execution role of each outbox stream consumer (functions/notify.ts)',
    reason:
      'Three statements need Resource "*": X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords), sns:Publish for SMS sent straight ' +
      'to a phone number (no ARN exists), and dynamodb:ListStreams, which has no resource-level permission and is added by the DynamoDB event ' +
      'source; the stream reads themselves (DescribeStream, GetRecords, GetShardIterator) name the one table stream. test/infra asserts that ' +
      '"*" appears with exactly these actions.',
  },
  streamFailureQueue: {
    id: 'AwsSolutions-SQS3',
    appliedTo: 'the on-failure queue of each outbox stream consumer',
    reason:
      'This queue is itself the dead-letter destination: Lambda sends it the metadata of stream batches it gave up on. A dead-letter ' +
      'queue for a dead-letter queue would only move the same messages again; an alarm on ApproximateNumberOfMessagesVisible > 0 tells ' +
      'ops, and the notifications themselves stay pending in the table for the retry job.',
  },
  scheduleDeadLetterQueue: {
    id: 'AwsSolutions-SQS3',
    appliedTo: 'the dead-letter queue of each scheduled job (EventBridge rule target)',
    reason:
      'This queue is itself the dead-letter queue of an EventBridge rule target: it receives the scheduled events EventBridge could not ' +
      'deliver to the job after its retries. A dead-letter queue for it would only move the same events again; an alarm on ' +
      'ApproximateNumberOfMessagesVisible > 0 tells ops that a run was skipped.',
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
      'require a token because they are how a user obtains one; the calendar feed, whose unguessable, revocable token (stored hashed) is the credential, because calendar applications cannot send one. The queue display of a center (issue 20) is public because it is a screen in the waiting hall: it shows queue numbers and rooms only, no personal data. Abuse is bounded by stage throttling and per-route rateLimit. test/infra asserts that ' +
      'every other route uses the Cognito JWT authorizer.',
  },
  webGeoRestriction: {
    id: 'AwsSolutions-CFR1',
    appliedTo: 'the web client distribution',
    reason:
      'The distribution serves only the static files of the web client, which hold no data. Lawyers must reach it wherever they are (travel, a client abroad); ' +
      'what is protected is behind the district APIs (JWT authorizer, per-route throttling), which geo blocking of the static app would not protect.',
  },
  webWaf: {
    id: 'AwsSolutions-CFR2',
    appliedTo: 'the web client distribution',
    reason:
      'Only public static files (GET/HEAD, cached) go through this distribution; every API request goes to the district HTTP APIs directly. A CloudFront ' +
      'WebACL must live in us-east-1 (a stack of its own); it is a follow-up for the production account, not a protection the static files need today.',
  },
  webTlsMinimum: {
    id: 'AwsSolutions-CFR4',
    appliedTo: 'the web client distribution',
    reason:
      'The distribution uses the default *.cloudfront.net certificate, with which CloudFront fixes the minimum protocol at TLSv1 whatever is configured. ' +
      'Viewers are redirected to HTTPS and HSTS is set. TLS 1.2 as the minimum needs a custom domain with an ACM certificate in us-east-1 ' +
      '(minimumProtocolVersion TLS_V1_2_2021): to be set when the city names the domain.',
  },
  webDeploymentRuntime: {
    id: 'AwsSolutions-L1',
    appliedTo: 'the BucketDeployment handler of the web stack',
    reason:
      'The handler that copies the web client into its bucket is created by aws-cdk-lib (aws-s3-deployment) with the runtime that library pins; it runs only during a deploy.',
  },
  webDeploymentLogs: {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    appliedTo: 'the BucketDeployment handler role of the web stack',
    reason: 'aws-cdk-lib gives its deployment handler the basic execution policy (its own CloudWatch log group only); the role runs only during a deploy of the web stack.',
  },
  webDeploymentCopy: {
    id: 'AwsSolutions-IAM5',
    findings: [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      'Resource::*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      'Resource::arn:<AWS::Partition>:s3:::lmb-<cityId>-web-<AWS::AccountId>-<AWS::Region>/*',
    ],
    appliedTo: 'the BucketDeployment handler role of the web stack',
    reason:
      'aws s3 sync of the built web client needs object-level actions (s3:GetObject*, s3:List*, s3:DeleteObject*, s3:Abort*, s3:GetBucket*) on every key of ' +
      'exactly two buckets: the CDK asset bucket it reads the bundle from and the web client bucket it writes; and cloudfront:CreateInvalidation / ' +
      'GetInvalidation, which the construct grants without a resource ARN. aws-cdk-lib generates this policy; no other resource is named.',
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

export function applyNagSuppressions(platform: PlatformStack, districts: readonly DistrictStack[], web?: WebStack): void {
  acknowledge(platform.userPool, 'passwordPolicy');
  acknowledge(platform.userPool, 'mfa');
  acknowledge(platform.userPool, 'plusFeaturePlan');
  acknowledge(platform.userPool.node.findChild('smsRole'), 'cognitoSmsRole');

  const functions = (stack: PlatformStack | DistrictStack) => [...stack.scheduled.values()].map((s) => s.fn);
  for (const fn of functions(platform)) acknowledgeFunction(fn);
  acknowledgeNotifier(platform.notifier);
  acknowledge(platform.web.distribution, 'webGeoRestriction');
  acknowledge(platform.web.distribution, 'webWaf');
  acknowledge(platform.web.distribution, 'webTlsMinimum');
  if (web) acknowledgeWebDeployment(web);
  for (const district of districts) {
    for (const fn of [...district.functions.values(), ...functions(district)]) acknowledgeFunction(fn);
    for (const route of district.routeApi.publicRoutes.values()) acknowledge(route, 'publicRoute');
    acknowledgeNotifier(district.notifier);
  }
  for (const stack of [platform, ...districts]) {
    for (const job of [...stack.scheduled.values(), stack.notifier.retry]) acknowledge(job.deadLetters, 'scheduleDeadLetterQueue');
  }
}

/** The notifier's roles carry their own IAM5 reasons (SMS, stream listing) instead of the X-Ray-only one. */
function acknowledgeNotifier(notifier: OutboxNotifier): void {
  acknowledge(notifier.consumer, 'nodeRuntime');
  if (notifier.consumer.role) acknowledge(notifier.consumer.role, 'streamConsumerRole');
  acknowledge(notifier.retry.fn, 'nodeRuntime');
  if (notifier.retry.fn.role) acknowledge(notifier.retry.fn.role, 'smsSenderRole');
  acknowledge(notifier.failedBatches, 'streamFailureQueue');
}

/** The rule ids an acknowledgement stands for: its id, or one per finding of a granular rule. */
export function acknowledgedIds(a: NagAcknowledgment, cityId: string): string[] {
  return a.findings ? a.findings.map((f) => `${a.id}[${f.replace('<cityId>', cityId)}]`) : [a.id];
}

/** The singleton handler aws-s3-deployment adds to the web stack, and its role. */
function acknowledgeWebDeployment(web: WebStack): void {
  const handlers = web.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (handlers.length === 0) throw new Error('the web stack has no BucketDeployment handler to acknowledge');
  for (const handler of handlers) {
    acknowledge(handler, 'webDeploymentRuntime');
    const role = handler.node.tryFindChild('ServiceRole');
    if (!role) throw new Error('the BucketDeployment handler has no ServiceRole');
    acknowledge(role, 'webDeploymentLogs');
    const copy = NAG_ACKNOWLEDGMENTS.webDeploymentCopy;
    for (const id of acknowledgedIds(copy, web.cityId)) Validations.of(role).acknowledge({ id, reason: copy.reason });
  }
}
