// The stack layout and the stateful resources: one district stack per config file, tables built
// from shared/tables.ts with the configured removal policy, and the platform's identity and alerts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Token } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { CLIENT_WRITABLE_CUSTOM, CUSTOM_ATTRIBUTES } from '../../infra/platform-stack';
import { type CityConfig, loadCityConfig } from '../../shared/config';
import { PASSWORD_POLICY } from '../../shared/domain/accounts';
import { ROLES } from '../../shared/routes';
import { districtTable, platformTable, type TableDef } from '../../shared/tables';
import { type Json, logicalIdOf, synthCity, templateOf } from './city';

const config = loadCityConfig();
const city = synthCity({ config });
const platformTemplate = templateOf(city.platform);

function expectTableMatches(template: Template, logicalId: string, def: TableDef, removal: 'retain' | 'destroy'): void {
  const table = template.findResources('AWS::DynamoDB::Table')[logicalId];
  expect(table).toBeDefined();
  const p = table.Properties;
  expect(p.KeySchema).toEqual([
    { AttributeName: def.key.partitionKey, KeyType: 'HASH' },
    { AttributeName: def.key.sortKey, KeyType: 'RANGE' },
  ]);
  expect(p.BillingMode).toBe('PAY_PER_REQUEST');
  expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  // Under the stack's own key (test/infra/keys.test.ts checks which).
  expect(p.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
  expect(p.TimeToLiveSpecification).toEqual(def.ttlAttribute ? { AttributeName: def.ttlAttribute, Enabled: true } : undefined);
  expect(p.StreamSpecification).toEqual(def.stream ? { StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined);
  expect(p.GlobalSecondaryIndexes ?? []).toEqual(
    def.indexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  );
  if (removal === 'retain') {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(p.DeletionProtectionEnabled).toBe(true);
  } else {
    expect(table.DeletionPolicy).toBe('Delete');
    expect(p.DeletionProtectionEnabled).toBeFalsy();
  }
}

describe('stack layout', () => {
  it('has one district stack per config/districts/*.json (3 demo districts)', () => {
    const files = readdirSync(path.resolve(__dirname, '..', '..', 'config', 'districts')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(3);
    expect(city.districts.map((d) => d.districtId).sort()).toEqual(files.map((f) => f.replace(/\.json$/, '')).sort());
    expect(city.districts.map((d) => d.stackName).sort()).toEqual(files.map((f) => `Lmb-shanghai-${f.replace(/\.json$/, '')}`).sort());
    expect(city.platform.stackName).toBe('Lmb-shanghai-platform');
  });

  it('is env-agnostic, so synth needs no AWS credentials', () => {
    for (const stack of [city.platform, ...city.districts]) {
      expect(Token.isUnresolved(stack.account)).toBe(true);
      expect(Token.isUnresolved(stack.region)).toBe(true);
    }
  });

  it('deploys each district after the platform it references', () => {
    for (const d of city.districts) expect(d.dependencies).toContain(city.platform);
  });
});

describe('tables', () => {
  it('builds the platform table from shared/tables.ts', () => {
    expectTableMatches(platformTemplate, logicalIdOf(city.platform.platformTable), platformTable, config.platform.removalPolicy);
    platformTemplate.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it.each(city.districts.map((d) => [d.districtId, d] as const))('builds the %s district table from shared/tables.ts, and no other table', (id, stack) => {
    const removal = config.districts.find((d) => d.districtId === id)!.removalPolicy;
    const template = templateOf(stack);
    expectTableMatches(template, logicalIdOf(stack.districtTable), districtTable, removal);
    // Idempotency records are district-table items, written in the booking's own transaction.
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('outputs the platform table name (for ops with the AWS CLI), and no district table name', () => {
    const outputs = platformTemplate.findOutputs('*');
    expect(outputs.PlatformTableName).toMatchObject({ Value: { Ref: logicalIdOf(city.platform.platformTable) } });
    expect(outputs.PlatformTableName.Description).toContain('docs/data-model.md');
    expect(outputs.DistrictTableName).toBeUndefined();
  });

  it.each(city.districts.map((d) => [d.districtId, d] as const))('outputs the %s district table name, its own table and not the platform one', (id, stack) => {
    const outputs = templateOf(stack).findOutputs('*');
    expect(outputs.DistrictTableName).toMatchObject({ Value: { Ref: logicalIdOf(stack.districtTable) } });
    expect(outputs.DistrictTableName.Description).toContain(`District ${id}`);
    expect(outputs.PlatformTableName).toBeUndefined();
  });

  it('expires idempotency records in the district table by expiresAt (shared/adapters/idempotency.ts)', () => {
    expect(districtTable.ttlAttribute).toBe('expiresAt');
  });

  it('deletes tables, the user pool and logs of a district configured with removalPolicy destroy', () => {
    const destroy: CityConfig = {
      ...config,
      platform: { ...config.platform, removalPolicy: 'destroy' },
      districts: config.districts.map((d) => ({ ...d, removalPolicy: 'destroy' as const })),
    };
    const scratch = synthCity({ config: destroy });
    const stack = scratch.districts[0];
    const template = templateOf(stack);
    expectTableMatches(template, logicalIdOf(stack.districtTable), districtTable, 'destroy');
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    const platform = templateOf(scratch.platform);
    platform.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }) });
  });
});

describe('platform identity and alerts', () => {
  const pool = () => Object.values(platformTemplate.findResources('AWS::Cognito::UserPool'))[0].Properties;

  it('lets lawyers sign up by username, with an optional phone verified by SMS and recovery by phone', () => {
    const p = pool();
    expect(p.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(false);
    expect(p.UsernameAttributes).toBeUndefined();
    expect(p.AliasAttributes).toBeUndefined();
    expect(p.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(p.AutoVerifiedAttributes).toEqual(['phone_number']);
    expect(p.Schema).toEqual(expect.arrayContaining([{ Name: 'phone_number', Required: false, Mutable: true }]));
    expect(p.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 1 }] });
    expect(p.SmsVerificationMessage).toContain('{####}');
    expect(p.DeletionProtection).toBe(config.platform.removalPolicy === 'retain' ? 'ACTIVE' : 'INACTIVE');
  });

  it('uses PASSWORD_POLICY from shared/domain/accounts.ts', () => {
    expect(pool().Policies.PasswordPolicy).toMatchObject({
      MinimumLength: PASSWORD_POLICY.minLength,
      RequireLowercase: PASSWORD_POLICY.requireLowercase,
      RequireUppercase: PASSWORD_POLICY.requireUppercase,
      RequireNumbers: PASSWORD_POLICY.requireDigits,
      RequireSymbols: false,
    });
  });

  it('declares the custom claims of shared/principal.ts as mutable strings', () => {
    const custom = (pool().Schema as Json[]).filter((a) => a.AttributeDataType === 'String');
    expect(custom.map((a) => a.Name).sort()).toEqual([...CUSTOM_ATTRIBUTES].sort());
    for (const a of custom) expect(a.Mutable).toBe(true);
  });

  it('has one group per role', () => {
    const groups = Object.values(platformTemplate.findResources('AWS::Cognito::UserPoolGroup')) as Json[];
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
  });

  it('has a public API client with USER_PASSWORD_AUTH, 1 h ID tokens and no OAuth', () => {
    platformTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = Object.values(platformTemplate.findResources('AWS::Cognito::UserPoolClient'))[0].Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(client.ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    expect(client.IdTokenValidity).toBe(60);
    expect(client.TokenValidityUnits.IdToken).toBe('minutes');
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  it('does not let a signed-in user write any custom claim the API trusts', () => {
    const client = Object.values(platformTemplate.findResources('AWS::Cognito::UserPoolClient'))[0].Properties;
    expect(client.WriteAttributes).not.toContain('custom:centerIds');
    expect(client.WriteAttributes).not.toContain('custom:district');
    expect(client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual(CLIENT_WRITABLE_CUSTOM.map((a) => `custom:${a}`));
    expect(client.WriteAttributes).not.toContain('custom:userId');
    expect(client.WriteAttributes).not.toContain('custom:licenseNo');
    // Read attributes unset = all readable, so the ID token carries every custom claim.
    expect(client.ReadAttributes).toBeUndefined();
  });

  it('has an encrypted, SSL-only ops alert topic whose key rotates and lets CloudWatch alarms publish', () => {
    const keyId = logicalIdOf(city.platform.node.findChild('AlertsKey'));
    platformTemplate.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    platformTemplate.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]),
      },
    });
    platformTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});
