// Turns the shared route table into an HTTP API: one route and one Lambda per entry, the Cognito JWT
// authorizer on every non-public route, stage and per-route throttling, access logs. It derives all
// of this from shared/routes.ts and must never name a route itself; a new entry there is deployed
// by the next synth. Local-only routes (the local runner's test hooks) are never deployed.
import { CfnOutput, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type RouteDef, routeKey } from '../../shared/routes';
import { DataKey } from './data-key';

/** The route table may mark test hooks of the local runner as `localOnly`; they stay local. */
export type DeployableRoute = RouteDef & { localOnly?: boolean };

export const deployedRoutes = (all: readonly DeployableRoute[]): DeployableRoute[] => all.filter((r) => !r.localOnly);

/** The CloudWatch Logs period of `days` (config validates it is one of them). */
function retentionDays(days: number): RetentionDays {
  const found = Object.values(RetentionDays).find((v): v is RetentionDays => Number(v) === days);
  if (found === undefined) throw new Error(`${days} days is not a CloudWatch Logs retention period`);
  return found;
}

/** Burst allowance of a throttled route: two seconds' worth of its steady rate, at least one request. */
export const routeBurstLimit = (rateLimit: number): number => Math.max(1, Math.ceil(rateLimit * 2));

// HTTP API access log: request facts only, never claims, headers, bodies or query strings (they carry
// personal data); the source IP stays for abuse investigation.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sourceIp: '$context.identity.sourceIp',
  }),
);

/** A construct id from a route key: `POST /centers/{centerId}/detainees` → `POST-centers-centerId-detainees`. */
const idOf = (key: string): string =>
  key
    .replace(/[{}]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/-$/, '');

export interface RouteApiProps {
  apiName: string;
  routes: readonly DeployableRoute[];
  /** `https://cognito-idp.<region>.<suffix>/<userPoolId>` */
  jwtIssuer: string;
  jwtAudience: string[];
  throttle: { rateLimit: number; burstLimit: number };
  /** Days the access logs are kept (config retention.accessLogDays, a CloudWatch Logs period). */
  accessLogDays: number;
  removalPolicy: RemovalPolicy;
  /** Builds (or returns the already built) Lambda of a route. */
  functionFor: (route: DeployableRoute) => IFunction;
  /** Browser origins allowed to call the API (the web client's CloudFront origin); none → no CORS. */
  corsOrigins?: string[];
}

/**
 * CORS for the web client (SPEC §7.4): only its origin, the methods and headers the contract uses,
 * and the headers the app must read (Retry-After for the wait, the request id for support, the ETag
 * the queue screens poll with If-None-Match).
 */
export const corsOf = (origins: string[]) => ({
  allowOrigins: origins,
  allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.DELETE, CorsHttpMethod.OPTIONS],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-none-match'],
  exposeHeaders: ['retry-after', 'x-request-id', 'etag'],
  maxAge: Duration.hours(1),
});

export class RouteApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Routes without the authorizer, by route key (nag suppressions are attached to exactly these). */
  readonly publicRoutes = new Map<string, HttpRoute>();
  readonly routes = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: RouteApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      createDefaultStage: false,
      ...(props.corsOrigins?.length ? { corsPreflight: corsOf(props.corsOrigins) } : {}),
    });
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.jwtIssuer, { jwtAudience: props.jwtAudience });

    const dataKey = DataKey.of(this);
    dataKey.allowLogGroups();
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: retentionDays(props.accessLogDays), removalPolicy: props.removalPolicy, encryptionKey: dataKey });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of deployedRoutes(props.routes)) {
      const key = routeKey(route);
      if (this.routes.has(key)) throw new Error(`route ${key} appears twice in shared/routes.ts`);
      const isPublic = route.auth === 'public';
      const httpRoute = new HttpRoute(this, `Route-${idOf(key)}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`Integration-${idOf(key)}`, props.functionFor(route)),
        authorizer: isPublic ? undefined : authorizer,
      });
      this.routes.set(key, httpRoute);
      if (isPublic) this.publicRoutes.set(key, httpRoute);
      if (route.rateLimit !== undefined) {
        routeSettings[key] = { ThrottlingRateLimit: route.rateLimit, ThrottlingBurstLimit: routeBurstLimit(route.rateLimit) };
        // Route settings name the route by key; the route must exist before the stage refers to it.
        this.stage.node.addDependency(httpRoute);
      }
    }
    // The L2 stage has no per-route throttling; set it on the L1.
    if (Object.keys(routeSettings).length > 0) (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    new CfnOutput(scope, 'ApiUrl', { value: this.stage.url, description: `${props.apiName} base URL` });
  }
}
