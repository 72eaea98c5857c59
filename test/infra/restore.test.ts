// Re-pointing a district at a restored table (docs/runbook-restore.md): with `restoredTable` in the
// district's config, every function and the outbox notifier of that district use the restored table
// (env, IAM, stream), under the district's own key; the stack's own table stays, retained; other
// districts are untouched. The config refuses a stream ARN of another table.
import { type CityConfig, loadCityConfig, restoredTableSchema } from '../../shared/config';
import { asArray, type Json, logicalIdOf, type PolicyStatement, synthCity, templateOf } from './city';

const RESTORED = 'lmb-shanghai-minhang-restored-20261207';
const STREAM = `arn:aws-cn:dynamodb:cn-north-1:123456789012:table/${RESTORED}/stream/2026-12-07T10:15:00.000`;
const base = loadCityConfig();
const config: CityConfig = {
  ...base,
  districts: base.districts.map((d) => (d.districtId === 'minhang' ? { ...d, restoredTable: { tableName: RESTORED, streamArn: STREAM } } : d)),
};
const city = synthCity({ config });
const minhang = city.districts.find((d) => d.districtId === 'minhang')!;
const changning = city.districts.find((d) => d.districtId === 'changning')!;
const template = templateOf(minhang);
const resources = (type: string): Json[] => Object.values(template.findResources(type));

describe('a district re-pointed at a restored table', () => {
  it('serves the restored table: every function with district access names it in DISTRICT_TABLES', () => {
    const envs = resources('AWS::Lambda::Function')
      .map((f) => f.Properties.Environment?.Variables?.DISTRICT_TABLES as unknown)
      .filter((v) => v !== undefined);
    expect(envs.length).toBeGreaterThan(20);
    for (const env of envs) expect(env).toBe(`minhang=${RESTORED}`);
    expect(JSON.stringify(resources('AWS::Lambda::Function'))).not.toContain(`"Ref":"${logicalIdOf(minhang.districtTable)}"`);
  });

  it('grants on the restored table and its indexes, never on the replaced table', () => {
    const statements = resources('AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
    const rendered = JSON.stringify(statements);
    expect(rendered).not.toContain(logicalIdOf(minhang.districtTable));
    const onRestored = statements.filter((s) => JSON.stringify(s.Resource).includes(`:table/${RESTORED}`));
    // One statement per role with district access: ~10 route roles (one per access profile), the jobs, the notifier.
    expect(onRestored.length).toBeGreaterThan(10);
    const resourcesOf = (s: PolicyStatement) => asArray(s.Resource).map((r) => JSON.stringify(r));
    const put = onRestored.find((s) => asArray(s.Action).includes('dynamodb:PutItem'))!;
    expect(resourcesOf(put).some((r) => r.includes(`table/${RESTORED}/index/GSI1`))).toBe(true);
    expect(resourcesOf(put).some((r) => r.includes(`table/${RESTORED}/index/GSI2`))).toBe(true);
  });

  it('reads the outbox from the restored table stream, and decrypts it with the district key', () => {
    const mappings = resources('AWS::Lambda::EventSourceMapping');
    expect(mappings.map((m) => m.Properties.EventSourceArn)).toEqual([STREAM]);
    const consumer = logicalIdOf(minhang.notifier.consumer.role!);
    const keyPolicy = JSON.stringify(template.findResources('AWS::KMS::Key')[logicalIdOf(minhang.dataKey)].Properties.KeyPolicy);
    expect(keyPolicy).toContain(consumer);
  });

  it('keeps the replaced table in the stack, retained and deletion-protected, and outputs both names', () => {
    const own = template.findResources('AWS::DynamoDB::Table')[logicalIdOf(minhang.districtTable)];
    expect(own.DeletionPolicy).toBe('Retain');
    expect(own.Properties.DeletionProtectionEnabled).toBe(true);
    const outputs = template.findOutputs('*');
    expect(outputs.DistrictTableName.Value).toBe(RESTORED);
    expect(outputs.ReplacedDistrictTableName.Value).toEqual({ Ref: logicalIdOf(minhang.districtTable) });
  });

  it('leaves the other districts on their own tables', () => {
    const outputs = templateOf(changning).findOutputs('*');
    expect(outputs.DistrictTableName.Value).toEqual({ Ref: logicalIdOf(changning.districtTable) });
    expect(outputs.ReplacedDistrictTableName).toBeUndefined();
  });

  it('synthesizes with cdk-nag clean', () => {
    expect(() => city.app.synth()).not.toThrow();
  });
});

describe('restoredTable config', () => {
  it('accepts a table name with its own stream ARN', () => {
    expect(restoredTableSchema.safeParse({ tableName: RESTORED, streamArn: STREAM }).success).toBe(true);
  });

  it('refuses the stream of another table, a missing stream and unknown fields', () => {
    expect(restoredTableSchema.safeParse({ tableName: RESTORED, streamArn: STREAM.replace(RESTORED, 'lmb-other') }).success).toBe(false);
    expect(restoredTableSchema.safeParse({ tableName: RESTORED }).success).toBe(false);
    expect(restoredTableSchema.safeParse({ tableName: RESTORED, streamArn: STREAM, key: 'x' }).success).toBe(false);
  });
});
