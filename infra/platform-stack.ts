// One per city: identity (Cognito user pool, a group per role, the API's app client), the platform
// table (accounts, lawyer registry, violation ledger and lockouts — a lockout is city-wide, R3), the
// ops alert topic, the city-wide scheduled jobs of shared/schedules.ts (the calendar coverage check
// and its alarm), the notifier of the platform table's outbox (registration, lockouts) and the web
// client's hosting (private bucket behind CloudFront; infra/web-stack.ts uploads the files). District
// stacks receive these by props; nothing here knows about routes.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccountRecovery, ClientAttributes, Mfa, StringAttribute, UserPool, type UserPoolClient, UserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../shared/config';
import { PASSWORD_POLICY } from '../shared/domain/accounts';
import { ID_TOKEN_LIFETIME_SECONDS } from '../shared/principal';
import { ROLES } from '../shared/routes';
import { type ScheduleDef, schedules as scheduleTable, schedulesOf } from '../shared/schedules';
import { platformTable } from '../shared/tables';
import { DataKey } from './constructs/data-key';
import { LmbTable, removalPolicyOf } from './constructs/lmb-table';
import { OutboxNotifier } from './constructs/outbox-notifier';
import { ScheduledFunction } from './constructs/scheduled-function';
import { WebHosting } from './constructs/web-hosting';

/** Custom attributes the ID token carries (shared/principal.ts CLAIMS), without the `custom:` prefix. */
export const CUSTOM_ATTRIBUTES = ['userId', 'licenseNo', 'centerIds', 'district'] as const;

/**
 * What the public app client may write besides phone and e-mail: no custom attribute is client-writable: userId and licenseNo are set by the server (AdminUpdateUserAttributes
 * at confirmation), centerIds/district by the admin. Otherwise a user could call Cognito directly
 * and rewrite the claims the API trusts.
 */
export const CLIENT_WRITABLE_CUSTOM: readonly (typeof CUSTOM_ATTRIBUTES)[number][] = [];

export interface PlatformStackProps extends StackProps {
  platform: PlatformConfig;
  /** Defaults to shared/schedules.ts; only the `platform` entries are built here. */
  schedules?: readonly ScheduleDef[];
}

export class PlatformStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly platformTable: LmbTable;
  /** The platform's own key: its table, log groups and queues (infra/constructs/data-key.ts). */
  readonly dataKey: DataKey;
  readonly alertsTopic: Topic;
  /** Scheduled jobs by schedule name. */
  readonly scheduled = new Map<string, ScheduledFunction>();
  /** Delivers the platform table's outbox. */
  readonly notifier: OutboxNotifier;
  /** The web client's bucket and CloudFront distribution (files uploaded by infra/web-stack.ts). */
  readonly web: WebHosting;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { platform } = props;
    const retain = platform.removalPolicy === 'retain';
    const removalPolicy = removalPolicyOf(platform.removalPolicy);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `lmb-${platform.cityId}`,
      selfSignUpEnabled: true,
      signInAliases: { username: true },
      // The platform table reserves usernames lower-cased; Cognito must agree on who is "alice".
      signInCaseSensitive: false,
      // Lawyers register with a phone (the code goes by SMS); staff accounts have none.
      standardAttributes: {
        phoneNumber: { required: false, mutable: true },
        email: { required: false, mutable: true },
      },
      autoVerify: { phone: true },
      // Phone is the recovery channel: a changed number only counts once verified.
      keepOriginal: { phone: true },
      // One template serves the sign-up code and the password reset code (ForgotPassword), so it names neither.
      userVerification: { smsMessage: `【${platform.cityName}律师会见预约】您的验证码为 {####}（用于注册确认或重置密码），请勿告知他人。` },
      customAttributes: Object.fromEntries(CUSTOM_ATTRIBUTES.map((name) => [name, new StringAttribute({ mutable: true })])),
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        // The shared policy has no symbol rule; Cognito must not be stricter than the API's validation.
        requireSymbols: (PASSWORD_POLICY as { requireSymbols?: boolean }).requireSymbols ?? false,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OFF,
      accountRecovery: AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
      deletionProtection: retain,
      removalPolicy,
    });

    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role, description: `Role ${role}` });
    }

    this.userPoolClient = this.userPool.addClient('ApiClient', {
      userPoolClientName: `lmb-${platform.cityId}-api`,
      generateSecret: false,
      authFlows: { userPassword: true },
      // The API is the only caller; no hosted UI, no OAuth redirects.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.seconds(ID_TOKEN_LIFETIME_SECONDS),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      writeAttributes: new ClientAttributes().withStandardAttributes({ phoneNumber: true, email: true }).withCustomAttributes(...CLIENT_WRITABLE_CUSTOM),
    });

    this.dataKey = new DataKey(this, { cityId: platform.cityId, owner: 'platform', label: `city ${platform.cityId} (platform)` });
    this.platformTable = new LmbTable(this, platformTable, platform.removalPolicy, this.dataKey);

    // A customer managed key: CloudWatch alarms cannot publish to a topic under the AWS managed SNS key.
    const alertsKey = new Key(this, 'AlertsKey', {
      description: `Encrypts the ${platform.cityId} ops alert topic`,
      enableKeyRotation: true,
      removalPolicy,
    });
    alertsKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alertsTopic = new Topic(this, 'AlertsTopic', {
      displayName: `lmb-${platform.cityId} ops alerts`,
      masterKey: alertsKey,
      enforceSSL: true,
    });

    for (const def of schedulesOf('platform', props.schedules ?? scheduleTable)) {
      if (this.scheduled.has(def.name)) throw new Error(`schedule ${def.name} appears twice in shared/schedules.ts`);
      this.scheduled.set(
        def.name,
        new ScheduledFunction(this, def.name, {
          def,
          serviceName: `lmb-${platform.cityId}-platform`,
          removalPolicy,
          alertsTopic: this.alertsTopic,
          offer: { platformTable: this.platformTable },
          description: `functions/${def.handler}.ts, city ${platform.cityId} (scheduled)`,
        }),
      );
    }

    this.notifier = new OutboxNotifier(this, 'Notifier', {
      scope: 'platform',
      offer: { platformTable: this.platformTable },
      serviceName: `lmb-${platform.cityId}-platform`,
      removalPolicy,
      alertsTopic: this.alertsTopic,
      emailFrom: platform.notifyEmailFrom,
      label: `city ${platform.cityId}`,
    });

    this.web = new WebHosting(this, 'Web', { cityId: platform.cityId, removalPolicy });

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.alertsTopic.topicArn });
    // CloudFormation names the table; ops need the name for the AWS CLI (README "Deploying (ops)").
    new CfnOutput(this, 'PlatformTableName', {
      value: this.platformTable.tableName,
      description: 'Platform DynamoDB table: accounts, lawyer registry, violations and lockouts, platform outbox (docs/data-model.md)',
    });
  }
}
