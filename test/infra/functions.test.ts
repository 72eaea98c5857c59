// Least privilege and function defaults: every Lambda gets exactly the env vars and IAM actions its
// route's `access` asks for, only on its own district's tables, and runs with the shared defaults.
import { IDENTITY_ACTIONS, TABLE_ACTIONS } from '../../infra/constructs/lmb-function';
import { deployedRoutes } from '../../infra/constructs/route-api';
import type { DistrictStack } from '../../infra/district-stack';
import { routes } from '../../shared/routes';
import { actionsByResource, asArray, type Json, logicalIdOf, statementsOfRole, synthCity, templateOf } from './city';

const city = synthCity();
const platformTableId = logicalIdOf(city.platform.platformTable);
const userPoolId = logicalIdOf(city.platform.userPool);
const WRITE = new Set<string>(TABLE_ACTIONS.WRITE);
const deployed = deployedRoutes(routes);

interface FunctionView {
  props: Json;
  env: Record<string, unknown>;
  /** Actions per resource, resources rendered as JSON. */
  grants: Map<string, Set<string>>;
}

function view(stack: DistrictStack, handler: string): FunctionView {
  const template = templateOf(stack);
  const fn = stack.functions.get(handler)!;
  const props = (template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)] as Json).Properties;
  const grants = actionsByResource(statementsOfRole(template, logicalIdOf(fn.role!)));
  return { props, env: props.Environment.Variables, grants };
}

/** Which table (or pool) a policy resource points at. */
function classify(stack: DistrictStack, resource: string): string {
  if (resource === '"*"') return '*';
  if (resource.includes(`ExportsOutputFnGetAtt${platformTableId}Arn`)) return 'platform';
  if (resource.includes(`ExportsOutputFnGetAtt${userPoolId}Arn`)) return 'userPool';
  if (resource.includes(`"${logicalIdOf(stack.districtTable)}"`)) return 'district';
  if (resource.includes(`"${logicalIdOf(stack.idempotencyTable)}"`)) return 'idempotency';
  return `other:${resource}`;
}

const dynamoActionsOn = (stack: DistrictStack, v: FunctionView, target: string): Set<string> => {
  const out = new Set<string>();
  for (const [resource, actions] of v.grants) {
    if (classify(stack, resource) === target) for (const a of actions) if (a.startsWith('dynamodb:')) out.add(a);
  }
  return out;
};

describe.each(city.districts.map((d) => [d.districtId, d] as const))('district %s functions', (districtId, stack) => {
  it.each(deployed.map((r) => [r.handler, r] as const))('%s: env and grants follow its route access', (handler, route) => {
    const v = view(stack, handler);
    const access = route.access ?? {};

    // Env: only the tables and pool the route asks for.
    expect('PLATFORM_TABLE' in v.env).toBe(Boolean(access.platform));
    expect('DISTRICT_TABLES' in v.env).toBe(Boolean(access.district));
    expect('IDEMPOTENCY_TABLES' in v.env).toBe(Boolean(access.idempotency));
    expect('USER_POOL_ID' in v.env).toBe(Boolean(access.identity));
    expect('USER_POOL_CLIENT_ID' in v.env).toBe(Boolean(access.identity));
    if (access.district) {
      expect(v.env.DISTRICT_TABLES).toEqual({ 'Fn::Join': ['', [`${districtId}=`, { Ref: logicalIdOf(stack.districtTable) }]] });
    }
    if (access.idempotency) {
      expect(v.env.IDEMPOTENCY_TABLES).toEqual({ 'Fn::Join': ['', [`${districtId}=`, { Ref: logicalIdOf(stack.idempotencyTable) }]] });
    }

    // Every resource is one this district's function may know about; "*" only for X-Ray.
    for (const [resource, actions] of v.grants) {
      const kind = classify(stack, resource);
      expect(kind.startsWith('other:') && [...actions].some((a) => a.startsWith('dynamodb:') || a.startsWith('cognito'))).toBe(false);
      if (kind === '*') expect([...actions].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }

    // DynamoDB: nothing unless asked, RO never writes, RW may write.
    for (const [target, level] of [
      ['platform', access.platform],
      ['district', access.district],
      ['idempotency', access.idempotency],
    ] as const) {
      const actions = dynamoActionsOn(stack, v, target);
      if (!level) expect([...actions]).toEqual([]);
      else if (level === 'RO') expect([...actions].filter((a) => WRITE.has(a))).toEqual([]);
      else expect([...actions]).toEqual(expect.arrayContaining([...WRITE]));
    }

    // Cognito: exactly the actions of the identity mode, on the platform pool only.
    const cognito = [...v.grants].filter(([, actions]) => [...actions].some((a) => a.startsWith('cognito-idp:')));
    if (!access.identity || IDENTITY_ACTIONS[access.identity].length === 0) expect(cognito).toEqual([]);
    else {
      expect(cognito).toHaveLength(1);
      expect(classify(stack, cognito[0][0])).toBe('userPool');
      expect([...cognito[0][1]].sort()).toEqual([...IDENTITY_ACTIONS[access.identity]].sort());
    }
  });

  it('gives list-centers and health no DynamoDB permission at all', () => {
    for (const handler of ['list-centers', 'health']) {
      const v = view(stack, handler);
      const all = [...v.grants.values()].flatMap((s) => [...s]);
      expect(all.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
      expect(Object.keys(v.env).filter((k) => k.endsWith('_TABLE') || k.endsWith('_TABLES'))).toEqual([]);
    }
  });

  it('grants indexes by name, never index/*', () => {
    const template = JSON.stringify(templateOf(stack).findResources('AWS::IAM::Policy'));
    expect(template).not.toContain('/index/*');
    expect(template).toContain('/index/GSI1');
  });

  it('never reaches another district', () => {
    const template = JSON.stringify(templateOf(stack).toJSON());
    for (const other of city.districts.filter((d) => d !== stack)) expect(template).not.toContain(`${other.stackName}:`);
  });

  it('runs every function on Node.js 22, arm64, with active tracing and the shared defaults', () => {
    for (const handler of stack.functions.keys()) {
      const { props, env } = view(stack, handler);
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.MemorySize).toBe(512);
      expect(props.Timeout).toBe(10);
      expect(props.Handler).toBe('index.handler');
      expect(env).toMatchObject({
        LMB_CONFIG_DIR: '/var/task/config',
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `lmb-shanghai-${districtId}`,
        POWERTOOLS_METRICS_NAMESPACE: 'LawyerMeetings',
      });
      // Logs go to the function's own log group, with retention, written through its own role.
      expect(props.LoggingConfig.LogGroup.Ref).toMatch(/Logs/);
    }
  });

  it('uses no AWS managed policy on function roles', () => {
    const roles = Object.values(templateOf(stack).findResources('AWS::IAM::Role')) as Json[];
    for (const role of roles) expect(asArray(role.Properties.ManagedPolicyArns ?? [])).toEqual([]);
  });
});
