// Keys a district controls (issue 21 item 4): every stack with data has its own customer-managed KMS
// key (infra/constructs/data-key.ts) that encrypts its table, every log group and every queue; the
// key rotates, is retained, has an alias naming its owner, and its policy names who may use it:
// the account may only administer it, each using role of the stack is named with the actions its
// identity policy has, the Logs and EventBridge services only under conditions, and roles of other
// stacks of the city (platform key only) only through DynamoDB under the city's role path.
import type { Template } from 'aws-cdk-lib/assertions';
import { KEY_ADMIN_ACTIONS, TABLE_KEY_ACTIONS } from '../../infra/constructs/data-key';
import type { DistrictStack } from '../../infra/district-stack';
import type { PlatformStack } from '../../infra/platform-stack';
import { asArray, type Json, logicalIdOf, type PolicyStatement, synthCity, templateOf } from './city';

/** A key policy statement: an IAM statement with its Sid and Principal. */
type KeyStatement = PolicyStatement & { Sid?: string; Principal: Json };

const city = synthCity();
type DataStack = PlatformStack | DistrictStack;
const stacks: [string, DataStack, string][] = [
  ['platform', city.platform, 'platform'],
  ...city.districts.map((d) => [d.districtId, d, d.districtId] as [string, DataStack, string]),
];
const keyArnOf = (stack: DataStack) => ({ 'Fn::GetAtt': [logicalIdOf(stack.dataKey), 'Arn'] });
const resources = (template: Template, type: string): [string, Json][] => Object.entries(template.findResources(type));
const keyPolicyOf = (template: Template, stack: DataStack): KeyStatement[] => template.findResources('AWS::KMS::Key')[logicalIdOf(stack.dataKey)].Properties.KeyPolicy.Statement;
const ROOT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] };

/** kms:* actions each role's identity policies grant on `keyArn` (rendered JSON compared by identity). */
function identityKeyActions(template: Template, keyArn: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [, policy] of resources(template, 'AWS::IAM::Policy')) {
    for (const s of policy.Properties.PolicyDocument.Statement as PolicyStatement[]) {
      if (!asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(keyArn))) continue;
      for (const role of policy.Properties.Roles as Json[]) {
        const set = out.get(role.Ref) ?? new Set<string>();
        for (const a of asArray(s.Action)) set.add(a);
        out.set(role.Ref, set);
      }
    }
  }
  return out;
}

describe.each(stacks)('the %s key', (_name, stack, owner) => {
  const template = templateOf(stack);
  const keyArn = keyArnOf(stack);

  it('is the only data key of the stack, rotates, is retained, and has an alias naming its owner', () => {
    const keys = resources(template, 'AWS::KMS::Key').filter(([id]) => id !== (stack === city.platform ? logicalIdOf(city.platform.node.findChild('AlertsKey')) : ''));
    expect(keys.map(([id]) => id)).toEqual([logicalIdOf(stack.dataKey)]);
    const [, key] = keys[0];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/lmb/shanghai/${owner}`, TargetKeyId: keyArn });
  });

  it('encrypts every table of the stack', () => {
    const tables = resources(template, 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThan(0);
    for (const [, t] of tables) expect(t.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn });
  });

  it('encrypts every log group of the stack (function logs and API access logs)', () => {
    const groups = resources(template, 'AWS::Logs::LogGroup');
    // One group for the stack's functions (infra/constructs/lmb-function.ts) and, in a district, the API access logs.
    expect(groups.length).toBeGreaterThanOrEqual(stack === city.platform ? 1 : 2);
    for (const [id, g] of groups) expect([id, g.Properties.KmsKeyId]).toEqual([id, keyArn]);
  });

  it('encrypts every queue of the stack: the outbox on-failure queue and the dead-letter queues', () => {
    const queues = resources(template, 'AWS::SQS::Queue');
    expect(queues.map(([id]) => id)).toContain(logicalIdOf(stack.notifier.failedBatches));
    for (const [id, q] of queues) {
      expect([id, q.Properties.KmsMasterKeyId]).toEqual([id, keyArn]);
      expect(q.Properties.SqsManagedSseEnabled).toBeUndefined();
    }
  });

  it('lets the account administer the key but not use it, and names no wildcard principal', () => {
    const policy = keyPolicyOf(template, stack);
    const admin = policy.find((s) => s.Sid === 'KeyAdministrationByTheAccount')!;
    expect(admin.Principal).toEqual({ AWS: ROOT });
    expect([...asArray(admin.Action)].sort()).toEqual([...KEY_ADMIN_ACTIONS].sort());
    for (const a of asArray(admin.Action)) expect(a).not.toMatch(/^kms:(Encrypt|Decrypt|ReEncrypt|GenerateDataKey)/);
    for (const s of policy) {
      expect(s.Effect).toBe('Allow');
      expect(JSON.stringify(s.Principal)).not.toMatch(/"\*"/);
    }
  });

  it('names exactly the stack roles that use the key, each with the actions its identity policy has', () => {
    const fromPolicy = new Map<string, Set<string>>();
    for (const s of keyPolicyOf(template, stack)) {
      const aws = asArray(s.Principal.AWS ?? []).filter((p: Json) => p['Fn::GetAtt']);
      for (const p of aws) {
        const role = (p as Json)['Fn::GetAtt'][0] as string;
        expect(template.findResources('AWS::IAM::Role')[role]).toBeDefined();
        expect(s.Condition).toBeUndefined();
        const set = fromPolicy.get(role) ?? new Set<string>();
        for (const a of asArray(s.Action)) set.add(a);
        fromPolicy.set(role, set);
      }
    }
    const fromIdentity = identityKeyActions(template, keyArn);
    expect(fromPolicy.size).toBeGreaterThan(0);
    const sorted = (m: Map<string, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]).sort());
    expect(sorted(fromPolicy)).toEqual(sorted(fromIdentity));
    // The notifier consumer reads the stream and writes the table and its on-failure queue.
    expect([...fromPolicy.get(logicalIdOf(stack.notifier.consumer.role!))!].sort()).toEqual(
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'].sort(),
    );
  });

  it('lets CloudWatch Logs and EventBridge use it only for this account', () => {
    const policy = keyPolicyOf(template, stack);
    const logs = policy.find((s) => s.Sid === 'CloudWatchLogsOfThisAccountAndRegion')!;
    expect(logs.Principal).toEqual({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } });
    expect(JSON.stringify(logs.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(JSON.stringify(logs.Condition)).toContain(':log-group:*');
    const events = policy.find((s) => s.Sid === 'EventBridgeDeadLettersOfThisAccount')!;
    expect(events.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect([...asArray(events.Action)].sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(events.Condition).toMatchObject({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  });

  it('puts every function role of the stack under its role path', () => {
    const roles = resources(template, 'AWS::IAM::Role').filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'));
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, r] of roles) expect([id, r.Properties.Path]).toEqual([id, `/lmb/shanghai/${owner}/`]);
  });

  it('grants no wildcard kms action in any identity policy', () => {
    for (const [, policy] of resources(template, 'AWS::IAM::Policy')) {
      for (const s of policy.Properties.PolicyDocument.Statement as PolicyStatement[]) {
        for (const a of asArray(s.Action)) if (a.startsWith('kms:')) expect(a).not.toContain('*');
      }
    }
  });

  it('keeps the key policy far below the 32 KB KMS limit, with every role ARN at its longest', () => {
    const policy = keyPolicyOf(template, stack);
    // A deployed role ARN is at most ~`arn:aws-cn:iam::123456789012:role` + path + 64 characters.
    const longestArn = `arn:aws-cn:iam::123456789012:role/lmb/shanghai/${owner}/${'x'.repeat(64)}`;
    const rendered = JSON.stringify(policy, (_k, v: unknown) => {
      if (v && typeof v === 'object' && ('Fn::GetAtt' in v || 'Fn::Join' in v || 'Ref' in v)) return longestArn;
      return v;
    });
    expect(rendered.length).toBeLessThan(24_000);
  });
});

describe('roles of the districts on the platform key', () => {
  const platform = templateOf(city.platform);
  const platformKeyArn = keyArnOf(city.platform);

  it('are let in only through DynamoDB, and only under the city role path', () => {
    const statement = keyPolicyOf(platform, city.platform).find((s) => s.Sid === 'CityFunctionRolesThroughDynamoDb')!;
    expect(statement.Principal).toEqual({ AWS: ROOT });
    expect([...asArray(statement.Action)].sort()).toEqual([...TABLE_KEY_ACTIONS.RW].sort());
    expect(statement.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
        'kms:CallerAccount': { Ref: 'AWS::AccountId' },
      },
      ArnLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/lmb/shanghai/*']] } },
    });
  });

  it.each(city.districts.map((d) => [d.districtId, d] as const))(
    '%s: a function with platform-table access has the platform key in its own policy, with the access it has',
    (_id, district) => {
      const template = templateOf(district);
      const exported = JSON.stringify(platformKeyArn);
      // Cross-stack references render as Fn::ImportValue of the platform key's ARN export.
      const keyActions = new Map<string, Set<string>>();
      const tableAccess = new Map<string, 'RO' | 'RW'>();
      const platformTableId = logicalIdOf(city.platform.platformTable);
      for (const [, policy] of resources(template, 'AWS::IAM::Policy')) {
        for (const s of policy.Properties.PolicyDocument.Statement as PolicyStatement[]) {
          const res = JSON.stringify(s.Resource);
          const role = (policy.Properties.Roles as Json[])[0].Ref as string;
          if (res.includes('ImportValue') && res.includes(platformKeyArn['Fn::GetAtt'][0])) keyActions.set(role, new Set([...(keyActions.get(role) ?? []), ...asArray(s.Action)]));
          if (res.includes('ImportValue') && res.includes(platformTableId) && !res.includes(platformKeyArn['Fn::GetAtt'][0])) {
            const writes = asArray(s.Action).includes('dynamodb:PutItem');
            tableAccess.set(role, writes || tableAccess.get(role) === 'RW' ? 'RW' : 'RO');
          }
        }
      }
      expect(exported).toContain(logicalIdOf(city.platform.dataKey));
      expect(tableAccess.size).toBeGreaterThan(10);
      for (const [role, access] of tableAccess) expect([role, [...(keyActions.get(role) ?? [])].sort()]).toEqual([role, [...TABLE_KEY_ACTIONS[access]].sort()]);
      for (const role of keyActions.keys()) expect(tableAccess.has(role)).toBe(true);
    },
  );
});
