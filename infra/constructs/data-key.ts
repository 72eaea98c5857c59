// The customer-managed KMS key of one stack (issue 21 item 4: keys a district controls). Every
// district stack has one, the platform stack has its own; it encrypts the stack's DynamoDB table,
// every log group of the stack (function logs, API access logs) and every SQS queue (the outbox
// notifier's on-failure queue, the scheduled jobs' dead-letter queues). Rotation is on, and the key
// is always retained: PITR restores and on-demand backups of the table stay encrypted under it, so
// deleting it with the stack would make them unreadable (ops schedule its deletion by hand).
//
// The key policy names who may use it, not the account as a whole:
//  - the account root may administer the key (enable, disable, rotate, revoke, change the policy,
//    schedule deletion) but not encrypt or decrypt with it: a district revokes access to its data by
//    disabling the key or editing its policy;
//  - each role of this stack that a CDK `grant*` call gives the key to is named as a principal with
//    exactly the granted actions (Table/Queue/stream grants all go through `grant` below, so the
//    identity policy and the key policy always say the same thing);
//  - the CloudWatch Logs service of the stack's region, only for log groups of this account and region
//    (kms:EncryptionContext:aws:logs:arn), and EventBridge, only for rules of this account (it writes
//    the dead letters of the scheduled jobs);
//  - roles of the city's other stacks (district functions read the platform table) cannot be named
//    without a dependency cycle (their stack depends on this one), so the platform key lets them in
//    only through DynamoDB (kms:ViaService) and only for roles under the city's role path
//    (`/lmb/<cityId>/`, set by LmbFunction); their own identity policy still has to grant it.
import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, Grant, type IGrantable, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct, type IConstruct } from 'constructs';

/** Key administration without any cryptographic use (aws-cdk-lib's ADMIN_ACTIONS plus on-demand rotation). */
export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
] as const;

/** What a function needs on the key of a table it reads (RO) or writes (RW). */
export const TABLE_KEY_ACTIONS = {
  RO: ['kms:Decrypt', 'kms:DescribeKey'],
  RW: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
} as const;

/**
 * aws-cdk-lib's grants ask for wildcard actions (Queue.grantSendMessages: `kms:ReEncrypt*`,
 * `kms:GenerateDataKey*`); they are spelled out, so no policy of the app has a wildcard action.
 */
const EXPANDED: Record<string, string[]> = {
  'kms:GenerateDataKey*': ['kms:GenerateDataKey'],
  'kms:ReEncrypt*': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
};

/** What the CloudWatch Logs service needs to encrypt a log group (AWS documentation, "Encrypt log data in CloudWatch Logs using AWS KMS"). */
export const LOGS_SERVICE_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'] as const;
/** What EventBridge needs to send to a dead-letter queue encrypted with a customer-managed key. */
export const EVENTS_SERVICE_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** The IAM path of every function role of a city (`/lmb/<cityId>/`), and of one stack (`/lmb/<cityId>/<owner>/`). */
export const cityRolePath = (cityId: string): string => `/lmb/${cityId}/`;

export interface DataKeyProps {
  cityId: string;
  /** The district id, or `platform`. */
  owner: string;
  /** `district minhang` / `city shanghai`, for the description. */
  label: string;
}

export class DataKey extends Key {
  /** Construct id of the key in its stack (one per stack). */
  static readonly ID = 'DataKey';

  /** The key of the stack `scope` belongs to; a stack that builds functions, queues or tables must have one. */
  static of(scope: IConstruct): DataKey {
    const key = Stack.of(scope).node.tryFindChild(DataKey.ID);
    if (!(key instanceof DataKey)) throw new Error(`${scope.node.path}: stack ${Stack.of(scope).stackName} has no DataKey (infra/constructs/data-key.ts)`);
    return key;
  }

  readonly cityId: string;
  readonly owner: string;
  /** IAM path of the stack's function roles. */
  readonly rolePath: string;
  readonly aliasName: string;
  private logsAllowed = false;
  private eventsAllowed = false;
  private cityRolesAllowed = false;

  constructor(scope: Stack, props: DataKeyProps) {
    const aliasName = `alias/lmb/${props.cityId}/${props.owner}`;
    super(scope, DataKey.ID, {
      description: `Encrypts the data of ${props.label}: its DynamoDB table, log groups and queues (${aliasName})`,
      alias: aliasName,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'KeyAdministrationByTheAccount',
            principals: [new AccountRootPrincipal()],
            actions: [...KEY_ADMIN_ACTIONS],
            resources: ['*'],
          }),
        ],
      }),
    });
    this.cityId = props.cityId;
    this.owner = props.owner;
    this.rolePath = `${cityRolePath(props.cityId)}${props.owner}/`;
    this.aliasName = aliasName;
  }

  /**
   * Grants go to the grantee's identity policy and, for a role of this stack, to the key policy too
   * (named principal, the same concrete actions). A role of another stack of the city only gets the
   * identity policy; the key lets such roles in through DynamoDB only (see the file comment).
   */
  override grant(grantee: IGrantable, ...actions: string[]): Grant {
    const concrete = [...new Set(actions.flatMap((a) => EXPANDED[a] ?? [a]))];
    const wildcard = concrete.find((a) => a.includes('*'));
    if (wildcard) throw new Error(`${this.node.path}: grant of a wildcard action ${wildcard}`);
    const granteeStack = Construct.isConstruct(grantee) ? Stack.of(grantee) : undefined;
    if (granteeStack === Stack.of(this)) {
      return Grant.addToPrincipalAndResource({
        grantee,
        actions: concrete,
        resourceArns: [this.keyArn],
        resource: this,
        resourceSelfArns: ['*'],
        resourcePolicyPrincipal: grantee.grantPrincipal,
      });
    }
    this.allowCityRolesThroughDynamoDb();
    return Grant.addToPrincipal({ grantee, actions: concrete, resourceArns: [this.keyArn] });
  }

  /** Lets CloudWatch Logs of this region use the key for log groups of this account and region. */
  allowLogGroups(): void {
    if (this.logsAllowed) return;
    this.logsAllowed = true;
    this.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccountAndRegion',
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
        actions: [...LOGS_SERVICE_ACTIONS],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
      }),
    );
  }

  /** Lets EventBridge rules of this account write the scheduled jobs' dead letters. */
  allowEventBridgeDeadLetters(): void {
    if (this.eventsAllowed) return;
    this.eventsAllowed = true;
    this.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeDeadLettersOfThisAccount',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: [...EVENTS_SERVICE_ACTIONS],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/*` },
        },
      }),
    );
  }

  private allowCityRolesThroughDynamoDb(): void {
    if (this.cityRolesAllowed) return;
    this.cityRolesAllowed = true;
    this.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CityFunctionRolesThroughDynamoDb',
        principals: [new AccountRootPrincipal()],
        actions: [...TABLE_KEY_ACTIONS.RW],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}`, 'kms:CallerAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${cityRolePath(this.cityId)}*` },
        },
      }),
    );
  }
}
