// Least privilege and function defaults: every Lambda gets exactly the env vars and IAM actions its
// route's `access` asks for, only on its own district's tables, and runs with the shared defaults.
import { CHECK_IN_SECRET_PARTITION, CURSOR_SECRET_ACTIONS, CURSOR_SECRET_PARTITION, IDENTITY_ACTIONS, TABLE_ACTIONS } from '../../infra/constructs/lmb-function';
import { deployedRoutes } from '../../infra/constructs/route-api';
import type { DistrictStack } from '../../infra/district-stack';
import { findRouteByKey, routes } from '../../shared/routes';
import { actionsByResource, asArray, type Json, logicalIdOf, type PolicyStatement, statementsOfRole, synthCity, templateOf } from './city';

const city = synthCity();
const platformTableId = logicalIdOf(city.platform.platformTable);
const userPoolId = logicalIdOf(city.platform.userPool);
const WRITE = new Set<string>(TABLE_ACTIONS.WRITE);
const RO_ACTIONS = [...TABLE_ACTIONS.RO].sort();
const RW_ACTIONS = [...TABLE_ACTIONS.RO, ...TABLE_ACTIONS.WRITE].sort();
const deployed = deployedRoutes(routes);

interface FunctionView {
  props: Json;
  env: Record<string, unknown>;
  /** Actions per resource, resources rendered as JSON (statements without conditions). */
  grants: Map<string, Set<string>>;
  /** Statements that carry a condition (the cursor secret's one-partition grant). */
  conditioned: PolicyStatement[];
}

function view(stack: DistrictStack, handler: string): FunctionView {
  const template = templateOf(stack);
  const fn = stack.functions.get(handler)!;
  const props = template.findResources('AWS::Lambda::Function')[logicalIdOf(fn)].Properties;
  const statements = statementsOfRole(template, logicalIdOf(fn.role!));
  const grants = actionsByResource(statements.filter((s) => !s.Condition));
  return { props, env: props.Environment.Variables, grants, conditioned: statements.filter((s) => s.Condition) };
}

/** Which table (or pool) a policy resource points at. */
function classify(stack: DistrictStack, resource: string): string {
  if (resource === '"*"') return '*';
  if (resource.includes(`ExportsOutputFnGetAtt${platformTableId}Arn`)) return 'platform';
  if (resource.includes(`ExportsOutputFnGetAtt${userPoolId}Arn`)) return 'userPool';
  if (resource.includes(`"${logicalIdOf(stack.districtTable)}"`)) return 'district';
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
    expect('PLATFORM_TABLE' in v.env).toBe(Boolean(access.platform || access.cursors));
    expect('DISTRICT_TABLES' in v.env).toBe(Boolean(access.district));
    // Idempotency records live in the district table: there is no table of their own to name.
    expect('IDEMPOTENCY_TABLES' in v.env).toBe(false);
    expect('USER_POOL_ID' in v.env).toBe(Boolean(access.identity));
    expect('USER_POOL_CLIENT_ID' in v.env).toBe(Boolean(access.identity));
    if (access.district) {
      expect(v.env.DISTRICT_TABLES).toEqual({ 'Fn::Join': ['', [`${districtId}=`, { Ref: logicalIdOf(stack.districtTable) }]] });
    }

    // Every resource is one this district's function may know about; "*" only for X-Ray.
    for (const [resource, actions] of v.grants) {
      const kind = classify(stack, resource);
      expect(kind.startsWith('other:') && [...actions].some((a) => a.startsWith('dynamodb:') || a.startsWith('cognito'))).toBe(false);
      if (kind === '*') expect([...actions].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }

    // DynamoDB: nothing unless asked, RO exactly the reads (never a write, never Scan), RW exactly reads + writes.
    for (const [target, level] of [
      ['platform', access.platform],
      ['district', access.district],
    ] as const) {
      const actions = [...dynamoActionsOn(stack, v, target)].sort();
      if (!level) expect(actions).toEqual([]);
      else if (level === 'RO') {
        expect(actions.filter((a) => WRITE.has(a))).toEqual([]);
        expect(actions).toEqual(RO_ACTIONS);
      } else expect(actions).toEqual(RW_ACTIONS);
      expect(actions).not.toContain('dynamodb:Scan');
    }

    // Paging routes: Get and Put on the cursor secret's one partition of the platform table, nothing
    // else; check-in token routes the same on the token key's one partition of the district table.
    const expectedConditioned: [string, string][] = [];
    if (access.cursors && access.platform !== 'RW') expectedConditioned.push(['platform', CURSOR_SECRET_PARTITION]);
    if (access.checkInSecret && access.district !== 'RW') expectedConditioned.push(['district', CHECK_IN_SECRET_PARTITION]);
    expect(v.conditioned).toHaveLength(expectedConditioned.length);
    v.conditioned.forEach((grant, i) => {
      const [table, partition] = expectedConditioned[i];
      expect([...asArray<string>(grant.Action)].sort()).toEqual([...CURSOR_SECRET_ACTIONS].sort());
      expect(asArray(grant.Resource).map((r) => classify(stack, JSON.stringify(r)))).toEqual([table]);
      expect(JSON.stringify(asArray(grant.Resource))).not.toContain('/index/');
      expect(grant.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [partition] } });
    });

    // Cognito: exactly the actions of the identity mode, on the platform pool only.
    const cognito = [...v.grants].filter(([, actions]) => [...actions].some((a) => a.startsWith('cognito-idp:')));
    if (!access.identity || IDENTITY_ACTIONS[access.identity].length === 0) expect(cognito).toEqual([]);
    else {
      expect(cognito).toHaveLength(1);
      expect(classify(stack, cognito[0][0])).toBe('userPool');
      expect([...cognito[0][1]].sort()).toEqual([...IDENTITY_ACTIONS[access.identity]].sort());
    }
  });

  // The transactions of the booking engine span the district table and the platform table
  // (shared/adapters/booking-repository.ts, waitlist-repository.ts, use-cases/cancel-booking.ts):
  // each item of a TransactWriteItems call needs its own item-level action on its own table.
  const transactions: [string, Record<'platform' | 'district', string[]>][] = [
    // ConditionCheck on USER#<id>/PROFILE (bound, not locked out); session, guards, pairs, booking, idempotency record.
    ['POST /bookings', { platform: ['ConditionCheckItem', 'GetItem', 'BatchGetItem'], district: ['UpdateItem', 'PutItem', 'ConditionCheckItem', 'GetItem', 'Query'] }],
    // The late_cancel violation is a Put into the platform ledger; a promoted waiter is condition-checked there.
    [
      'POST /bookings/{bookingId}/cancel',
      { platform: ['PutItem', 'ConditionCheckItem', 'GetItem', 'BatchGetItem'], district: ['UpdateItem', 'PutItem', 'DeleteItem', 'ConditionCheckItem', 'GetItem', 'Query'] },
    ],
    ['POST /waitlist', { platform: ['ConditionCheckItem', 'GetItem'], district: ['PutItem', 'UpdateItem', 'ConditionCheckItem', 'Query'] }],
  ];
  it.each(transactions)('%s may run its cross-table transaction', (key, needs) => {
    const route = findRouteByKey(key);
    const v = view(stack, route.handler);
    for (const [target, actions] of Object.entries(needs)) {
      expect([...dynamoActionsOn(stack, v, target)]).toEqual(expect.arrayContaining(actions.map((a) => `dynamodb:${a}`)));
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
      // The route's own timeout where it sets one (POST /bookings), else the 10 s default.
      expect(props.Timeout).toBe(routes.find((r) => r.handler === handler)?.timeoutSeconds ?? 10);
      expect(props.Handler).toBe('index.handler');
      expect(env).toMatchObject({
        LMB_CONFIG_DIR: '/var/task/config',
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `lmb-shanghai-${districtId}`,
        POWERTOOLS_METRICS_NAMESPACE: 'LawyerMeetings',
      });
      // Logs go to the stack's function log group, with retention, written through the function's own role.
      expect(props.LoggingConfig.LogGroup.Ref).toMatch(/Logs/);
    }
  });

  it('shares a role exactly between route functions of equal access, and stays well under 500 resources', () => {
    const profileOf = (handler: string) => {
      const route = deployed.find((r) => r.handler === handler)!;
      return JSON.stringify(Object.entries(route.access ?? {}).sort(([a], [b]) => a.localeCompare(b)));
    };
    const roleOf = (handler: string) => logicalIdOf(stack.functions.get(handler)!.role!);
    const handlers = [...stack.functions.keys()];
    for (const a of handlers) for (const b of handlers) expect([a, b, roleOf(a) === roleOf(b)]).toEqual([a, b, profileOf(a) === profileOf(b)]);
    // No route role is the notifier's or a job's (their grants differ from any route's).
    const routeRoles = new Set(handlers.map(roleOf));
    expect(routeRoles.has(logicalIdOf(stack.notifier.consumer.role!))).toBe(false);
    for (const job of stack.scheduled.values()) expect(routeRoles.has(logicalIdOf(job.fn.role!))).toBe(false);
    // CloudFormation refuses a stack over 500 resources; a route costs 4 (function, permission, route, integration).
    expect(Object.keys(templateOf(stack).toJSON().Resources).length).toBeLessThan(420);
  });

  it('uses no AWS managed policy on function roles', () => {
    const roles = Object.values(templateOf(stack).findResources('AWS::IAM::Role')) as Json[];
    for (const role of roles) expect(asArray(role.Properties.ManagedPolicyArns ?? [])).toEqual([]);
  });
});

describe('every function role in the app', () => {
  const stacks = [city.platform, ...city.districts];
  const statements: [string, PolicyStatement][] = stacks.flatMap((stack) =>
    (Object.values(templateOf(stack).findResources('AWS::IAM::Policy')) as Json[]).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as PolicyStatement[]).map((s) => [stack.stackName, s] as [string, PolicyStatement]),
    ),
  );

  it('is checked (the app has function policies in every stack)', () => {
    for (const stack of stacks) expect(statements.some(([name]) => name === stack.stackName)).toBe(true);
  });

  it('never allows dynamodb:Scan: reads are Get, BatchGet and Query', () => {
    const scans = statements.filter(([, s]) => asArray<string>(s.Action).some((a) => a === 'dynamodb:Scan'));
    expect(scans).toEqual([]);
  });

  it('never uses a DynamoDB wildcard action (which would include Scan)', () => {
    const wild = statements.filter(([, s]) => asArray<string>(s.Action).some((a) => a.startsWith('dynamodb:') && a.includes('*')));
    expect(wild).toEqual([]);
  });

  it('TABLE_ACTIONS itself has no Scan', () => {
    expect([...TABLE_ACTIONS.RO, ...TABLE_ACTIONS.WRITE]).not.toContain('dynamodb:Scan');
  });
});
