// The one place that decides how every Lambda of the platform is built and what it may touch.
// Stacks never configure runtime, logging, tracing or bundling themselves; they only say which
// handler module to bundle and then bind tables and identity grants exactly as a route asks.
// It must not grant anything wider than the binding asked for.
import path from 'node:path';
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { cursorSecretKey } from '../../shared/adapters/platform-keys';
import { checkInSecretKey } from '../../shared/adapters/district-keys';
import type { RouteAccess } from '../../shared/routes';
import { aliasArgs } from '../bundling/options';
import { DataKey, TABLE_KEY_ACTIONS } from './data-key';
import type { DataTable, LmbTable } from './lmb-table';

/** Powertools metrics namespace of every function (alarms on custom metrics use it too). */
export const METRICS_NAMESPACE = 'LawyerMeetings';

/** Repository root: entries live in functions/, the bundle copies config/ from here. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Cognito actions per identity mode. SignUp, ConfirmSignUp, InitiateAuth, ResendConfirmationCode,
 * ForgotPassword and ConfirmForgotPassword are unauthenticated APIs (called with the public client
 * id), so they need no IAM permission at all.
 */
export const IDENTITY_ACTIONS = {
  /** Unauthenticated client APIs only: no IAM action needed. */
  client: [],
  signup: ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminUpdateUserAttributes'],
  /** GetGroup: an unknown group is refused before the user is created (all or nothing). */
  admin: ['cognito-idp:GetGroup', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUser'],
  /** Disabling and enabling accounts (POST /admin/users/{userId}/disable, /enable). */
  manage: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser'],
} as const;

export type IdentityMode = keyof typeof IDENTITY_ACTIONS;

export interface LmbFunctionProps {
  /** Module under functions/ that exports `handler`. */
  handlerModule: string;
  /** Powertools service name (log field and metric dimension). */
  serviceName: string;
  metricsNamespace: string;
  /** What happens to the function's log group when the stack goes away. */
  removalPolicy: RemovalPolicy;
  description?: string;
  /** Defaults to 10 s (every HTTP handler); jobs and stream consumers may need longer. */
  timeout?: Duration;
  /**
   * Functions of a stack built with the same profile share one execution role (`accessProfile`).
   * Only for functions whose grants are exactly the same: route functions, whose role policy follows
   * from their `access` alone. Without it the function gets a role of its own.
   */
  roleProfile?: string;
}

/**
 * The name of an `access` entry's grants, the same for equal entries whatever their key order:
 * `{ district: 'RW', platform: 'RO' }` → `DistrictRWPlatformRO`, `{}` → `None`.
 */
export function accessProfile(access: RouteAccess): string {
  const parts = Object.entries(access)
    .filter(([, v]) => v !== undefined && v !== false)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k[0].toUpperCase()}${k.slice(1)}${v === true ? '' : String(v).replace(/^./, (c) => c.toUpperCase())}`);
  return parts.length ? parts.join('') : 'None';
}

/**
 * The stack's execution role of one access profile. A district stack has ~75 route functions and
 * CloudFormation allows 500 resources a stack; a role and its policy per function took 150 of them
 * (the stack stood at 474 before QR check-in, reschedule and export). Functions of one profile are
 * granted exactly the same statements, so sharing their role widens nothing.
 */
function profileRole(scope: Construct, profile: string, dataKey: DataKey): Role {
  const stack = Stack.of(scope);
  const id = `AccessRole${profile}`;
  const found = stack.node.tryFindChild(id);
  if (found instanceof Role) return found;
  return new Role(stack, id, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    path: dataKey.rolePath,
    description: `Execution role of the route functions with access profile ${profile}`,
  });
}

/** How the notifier functions reach people (shared/adapters/aws-senders.ts). */
export interface SenderBinding {
  /** Verified SES identity to send e-mail from (platform config `notifyEmailFrom`); none: no e-mail channel. */
  emailFrom?: string;
}

/** SNS can publish an SMS straight to a phone number; that call has no resource ARN to name. */
export const SMS_ACTIONS = ['sns:Publish'] as const;
export const EMAIL_ACTIONS = ['ses:SendEmail'] as const;

/**
 * Item-level DynamoDB actions. Stream reads are left out (only the notifier consumes a stream, and its
 * event source grants them on that one stream: infra/constructs/outbox-notifier.ts), Scan is left
 * out (the platform reads by key: Get, BatchGet, Query), and `RW` adds exactly the four write actions
 * to `RO`. ConditionCheckItem is a read: transactions check a row of a table they only read.
 */
export const TABLE_ACTIONS = {
  RO: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
  WRITE: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
} as const;

/**
 * The partition of the one platform-table item that signs page cursors (shared/adapters/cursor-key.ts):
 * a paging route may read it, and create it once, and nothing else of the platform table.
 */
export const CURSOR_SECRET_PARTITION = cursorSecretKey.PK;
export const CURSOR_SECRET_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;
/** The district-table partition of the check-in token key (same two actions as the cursor secret). */
export const CHECK_IN_SECRET_PARTITION = checkInSecretKey.PK;

export interface TableBinding {
  table: DataTable;
  access: 'RO' | 'RW';
  envName: string;
  /** When set, the env value is `<key>=<tableName>` (the DISTRICT_TABLES format). */
  key?: string;
}

/** What a stack can bind a function to. */
export interface AccessOffer {
  platformTable?: LmbTable;
  /** The table the district serves: its own, or the restored one its config names. */
  district?: { table: DataTable; districtId: string };
  identity?: { userPool: IUserPool; userPoolClientId: string };
}

/**
 * The stack's one log group for all its functions. A district stack has ~70 functions and
 * CloudFormation allows 500 resources a stack: one log group each took 70 of them (the stack stood
 * at 513 once queue calling landed). Lambda writes a shared group's streams as
 * `YYYY/MM/DD/<function name>[<version>]<environment id>`, and every Powertools log line carries
 * `function_name`, so a function's logs stay apart; each role may write to this group only.
 */
function functionLogGroup(scope: Construct, removalPolicy: RemovalPolicy | undefined, dataKey: DataKey): LogGroup {
  const stack = Stack.of(scope);
  const found = stack.node.tryFindChild('FunctionLogs');
  if (found instanceof LogGroup) return found;
  return new LogGroup(stack, 'FunctionLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy, encryptionKey: dataKey });
}

export class LmbFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: LmbFunctionProps) {
    // An explicit log group (retention, removal) and an explicit role: the role gets write access to
    // that log group only, instead of the account-wide AWSLambdaBasicExecutionRole managed policy.
    // Both are the stack's: its key encrypts the log group, its role path lets the platform key
    // recognise the city's roles (infra/constructs/data-key.ts).
    const dataKey = DataKey.of(scope);
    dataKey.allowLogGroups();
    const logGroup = functionLogGroup(scope, props.removalPolicy, dataKey);
    const role = props.roleProfile
      ? profileRole(scope, props.roleProfile, dataKey)
      : new Role(scope, `${id}Role`, {
          assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
          path: dataKey.rolePath,
          description: `Execution role of ${props.handlerModule}`,
        });
    super(scope, id, {
      entry: path.join(REPO_ROOT, 'functions', `${props.handlerModule}.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        LMB_CONFIG_DIR: '/var/task/config',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // esbuild from devDependencies; Docker is never needed to synth or deploy.
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        // Maps of file and line numbers only: a quarter of the size, same stack traces.
        sourcesContent: false,
        target: 'node22',
        // The Node.js 22 runtime ships AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
        // Trims dependencies of dependencies that no handler calls (infra/bundling/options.ts).
        esbuildArgs: aliasArgs(),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // Handlers validate config/ at cold start (shared/config.ts reads LMB_CONFIG_DIR).
          afterBundling: (inputDir: string, outputDir: string) => [`cp -r "${path.join(inputDir, 'config')}" "${path.join(outputDir, 'config')}"`],
        },
      },
    });
    logGroup.grantWrite(role);
  }

  /**
   * Sets the table's env var and grants exactly `access` on the table and each of its indexes by
   * name (what grantReadData/grantReadWriteData do, minus their `index/*` wildcard and stream reads),
   * and the matching use of the table's key (TABLE_KEY_ACTIONS).
   */
  bindTable({ table, access, envName, key }: TableBinding): void {
    this.addEnvironment(envName, key ? `${key}=${table.tableName}` : table.tableName);
    const actions = access === 'RW' ? [...TABLE_ACTIONS.RO, ...TABLE_ACTIONS.WRITE] : [...TABLE_ACTIONS.RO];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: table.dataArns }));
    table.encryptionKey?.grant(this, ...TABLE_KEY_ACTIONS[access]);
  }

  /**
   * Binds everything an `access` entry (route or schedule) asks for, from what the stack offers; a
   * request for something the stack does not offer is a synth error, never a silent omission.
   */
  bindAccess(access: RouteAccess, offer: AccessOffer): void {
    if (access.platform) {
      if (!offer.platformTable) throw new Error(`${this.node.path}: no platform table to bind`);
      this.bindTable({ table: offer.platformTable, access: access.platform, envName: 'PLATFORM_TABLE' });
    }
    if (access.district) {
      if (!offer.district) throw new Error(`${this.node.path}: no district table to bind (district access only exists in a district stack)`);
      this.bindTable({ table: offer.district.table, access: access.district, envName: 'DISTRICT_TABLES', key: offer.district.districtId });
    }
    if (access.identity) {
      if (!offer.identity) throw new Error(`${this.node.path}: no user pool to bind`);
      this.bindIdentity(offer.identity.userPool, offer.identity.userPoolClientId, access.identity);
    }
    // Platform RW already covers the cursor secret.
    if (access.cursors && access.platform !== 'RW') {
      if (!offer.platformTable) throw new Error(`${this.node.path}: no platform table for the cursor secret`);
      this.bindCursorSecret(offer.platformTable);
    }
    // District RW already covers the check-in token key.
    if (access.checkInSecret && access.district !== 'RW') {
      if (!offer.district) throw new Error(`${this.node.path}: no district table for the check-in token key`);
      this.bindCheckInSecret(offer.district.table);
    }
  }

  /**
   * Lets a route read, and create once, its district's check-in token key: Get and Put on the
   * district table only for items of that one partition (IAM `dynamodb:LeadingKeys`).
   */
  bindCheckInSecret(districtTable: DataTable): void {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...CURSOR_SECRET_ACTIONS],
        resources: [districtTable.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CHECK_IN_SECRET_PARTITION] } },
      }),
    );
    districtTable.encryptionKey?.grant(this, ...TABLE_KEY_ACTIONS.RW);
  }

  /**
   * Lets a paging route read, and create once, the cursor-signing secret: Get and Put on the
   * platform table only for items of that one partition (IAM `dynamodb:LeadingKeys`).
   */
  bindCursorSecret(platformTable: LmbTable): void {
    this.addEnvironment('PLATFORM_TABLE', platformTable.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...CURSOR_SECRET_ACTIONS],
        resources: [platformTable.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [CURSOR_SECRET_PARTITION] } },
      }),
    );
    platformTable.encryptionKey?.grant(this, ...TABLE_KEY_ACTIONS.RW);
  }

  /**
   * Lets the function send notifications: sns:Publish for SMS to phone numbers (resource "*": a direct
   * SMS has no ARN; acknowledged in infra/nag-suppressions.ts) and, when a sender is configured,
   * ses:SendEmail on that sender's SES identities only (the address and its domain: SES authorizes
   * against whichever of the two is verified), and only with that From address. Never for HTTP handlers.
   */
  bindSenders({ emailFrom }: SenderBinding): void {
    this.addToRolePolicy(new PolicyStatement({ actions: [...SMS_ACTIONS], resources: ['*'] }));
    if (!emailFrom) return;
    this.addEnvironment('NOTIFY_EMAIL_FROM', emailFrom);
    const stack = Stack.of(this);
    const domain = emailFrom.slice(emailFrom.lastIndexOf('@') + 1);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [...EMAIL_ACTIONS],
        resources: [emailFrom, domain].map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
        conditions: { StringEquals: { 'ses:FromAddress': emailFrom } },
      }),
    );
  }

  /** Sets the user pool env vars and grants the admin actions of `mode` on that pool only. */
  bindIdentity(userPool: IUserPool, userPoolClientId: string, mode: IdentityMode): void {
    this.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.addEnvironment('USER_POOL_CLIENT_ID', userPoolClientId);
    const actions: string[] = [...IDENTITY_ACTIONS[mode]];
    if (actions.length) this.addToRolePolicy(new PolicyStatement({ actions, resources: [userPool.userPoolArn] }));
  }
}
