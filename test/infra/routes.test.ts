// The HTTP API of every district stack is exactly the shared route table: same routes, the JWT
// authorizer on every non-public one, one Lambda per handler, throttling and access logs on the stage.
import { Match } from 'aws-cdk-lib/assertions';
import { loadCityConfig } from '../../shared/config';
import { type RouteDef, routeKey, routes } from '../../shared/routes';
import { type DeployableRoute, routeBurstLimit } from '../../infra/constructs/route-api';
import { type Json, logicalIdOf, synthCity, templateOf } from './city';

const config = loadCityConfig();
const city = synthCity({ config });
// Computed here, not with infra's own filter, so a broken filter cannot pass its own test.
const deployed = routes.filter((r) => !(r as DeployableRoute).localOnly);

describe.each(city.districts.map((d) => [d.districtId, d] as const))('district %s HTTP API', (_id, stack) => {
  const template = templateOf(stack);
  const routeResources = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Json[];
  const byKey = new Map(routeResources.map((r) => [r.Properties.RouteKey as string, r.Properties as Json]));
  const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
  const authorizerId = Object.keys(authorizers)[0];

  it('deploys exactly the non-local routes of shared/routes.ts', () => {
    expect(routeResources).toHaveLength(deployed.length);
    expect([...byKey.keys()].sort()).toEqual(deployed.map(routeKey).sort());
  });

  it.each(deployed.map((r) => [routeKey(r), r] as const))('%s has the right authorization', (key, route: RouteDef) => {
    const props = byKey.get(key)!;
    if (route.auth === 'public') {
      expect(props.AuthorizationType).toBe('NONE');
      expect(props.AuthorizerId).toBeUndefined();
    } else {
      expect(props.AuthorizationType).toBe('JWT');
      expect(props.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  it('has one JWT authorizer whose issuer and audience are the platform user pool and its client', () => {
    expect(Object.keys(authorizers)).toHaveLength(1);
    const jwt = authorizers[authorizerId].Properties;
    expect(jwt.AuthorizerType).toBe('JWT');
    expect(jwt.IdentitySource).toEqual(['$request.header.Authorization']);
    const poolId = logicalIdOf(city.platform.userPool);
    const clientId = logicalIdOf(city.platform.userPoolClient);
    const issuer = JSON.stringify(jwt.JwtConfiguration.Issuer);
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain(`ExportsOutputRef${poolId}`);
    expect(jwt.JwtConfiguration.Audience).toHaveLength(1);
    expect(JSON.stringify(jwt.JwtConfiguration.Audience[0])).toContain(`ExportsOutputRef${clientId}`);
  });

  it('integrates each route with the Lambda of its handler module', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const route of deployed) {
      const target = byKey.get(routeKey(route))!.Target as Json;
      const integrationId = (target['Fn::Join'][1] as Json[])[1].Ref as string;
      const uri = integrations[integrationId].Properties.IntegrationUri;
      expect(uri).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack.functions.get(route.handler)!), 'Arn'] });
    }
    expect(stack.functions.size).toBe(new Set(deployed.map((r) => r.handler)).size);
    // Besides the route functions, only the district's scheduled jobs (shared/schedules.ts) and its
    // outbox notifier (stream consumer and retry job).
    template.resourceCountIs('AWS::Lambda::Function', stack.functions.size + stack.scheduled.size + stack.notifier.functions.length);
  });

  it('throttles the stage from the platform config and each rate-limited route on its own', () => {
    const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as Json[];
    expect(stages).toHaveLength(1);
    const stage = stages[0];
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: config.platform.throttle.rateLimit,
      ThrottlingBurstLimit: config.platform.throttle.burstLimit,
    });
    const limited = deployed.filter((r) => r.rateLimit !== undefined);
    expect(limited.length).toBeGreaterThan(0);
    expect(Object.keys(stage.Properties.RouteSettings ?? {}).sort()).toEqual(limited.map(routeKey).sort());
    for (const r of limited) {
      expect(stage.Properties.RouteSettings[routeKey(r)]).toEqual({
        ThrottlingRateLimit: r.rateLimit,
        ThrottlingBurstLimit: routeBurstLimit(r.rateLimit!),
      });
    }
    // Route settings name routes by key, so the stage must be created after those routes.
    const routeIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, r]) => limited.some((l) => routeKey(l) === r.Properties.RouteKey))
      .map(([id]) => id);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('writes stage access logs to a log group with retention', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalIdOf(stack.routeApi.node.findChild('AccessLogs')), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    // The access logs keep what config/platform.json's retention table says (docs/data-retention.md).
    const accessLogs = template.findResources('AWS::Logs::LogGroup')[logicalIdOf(stack.routeApi.node.findChild('AccessLogs'))];
    expect(accessLogs.Properties.RetentionInDays).toBe(loadCityConfig().platform.retention.accessLogDays);
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', { Value: Match.anyValue() });
  });
});

describe('a route table that grows', () => {
  const extra: DeployableRoute[] = [
    ...routes,
    { method: 'GET', path: '/_local/outbox', handler: 'local-outbox-does-not-exist', auth: 'public', localOnly: true, summary: 'local only' },
    { method: 'GET', path: '/probe/{id}', handler: 'health', auth: ['admin'], summary: 'new route reusing a handler' },
  ];
  const grown = synthCity({ routes: extra });
  const template = templateOf(grown.districts[0]);
  const keys = (Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Json[]).map((r) => r.Properties.RouteKey);

  it('never deploys localOnly routes (nor bundles their handler)', () => {
    expect(keys).not.toContain('GET /_local/outbox');
    expect(grown.districts[0].functions.has('local-outbox-does-not-exist')).toBe(false);
  });

  it('deploys a new entry with no infra change, behind the authorizer', () => {
    expect(keys).toContain('GET /probe/{id}');
    expect(keys).toHaveLength(routes.length + 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /probe/{id}', AuthorizationType: 'JWT' });
  });

  it('refuses two routes with the same key', () => {
    expect(() => synthCity({ routes: [...routes, routes[0]] })).toThrow(/appears twice/);
  });
});
