// Hand-built API Gateway HTTP API (payload v2) events with a JWT authorizer, and a fake Lambda
// context, for driving the real handlers of functions/ without a gateway.
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export type Claims = Record<string, string | number | boolean | string[]>;

export const context = {
  functionName: 'unit',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:unit',
  memoryLimitInMB: '128',
  awsRequestId: 'req-unit',
  logGroupName: '/aws/lambda/unit',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

export interface EventInput {
  method: 'GET' | 'POST' | 'DELETE';
  /** Route path in API Gateway syntax, e.g. `/centers/{centerId}/detainees`. */
  route: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  /** Raw body as sent; objects are JSON-encoded. */
  body?: string | Record<string, unknown>;
  /** The verified JWT claims; undefined = no authorizer context (unauthenticated). */
  claims?: Claims;
  headers?: Record<string, string>;
}

export function httpEvent(input: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const rawPath = input.route.replace(/\{(\w+)\}/g, (_m, name: string) => input.pathParameters?.[name] ?? name);
  const body = input.body === undefined ? undefined : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.route}`,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...input.headers },
    queryStringParameters: input.query,
    pathParameters: input.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'unit',
      domainName: 'unit.example',
      domainPrefix: 'unit',
      http: { method: input.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-unit',
      routeKey: `${input.method} ${input.route}`,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
      authorizer: input.claims ? { principalId: '', integrationLatency: 0, jwt: { claims: input.claims, scopes: [] } } : undefined,
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export interface Parsed {
  status: number;
  body: { error?: { code: string; message: string; [k: string]: unknown }; [k: string]: unknown };
  raw: string;
}

export function parse(result: APIGatewayProxyStructuredResultV2): Parsed {
  const raw = String(result.body ?? '');
  return { status: result.statusCode ?? 200, body: raw ? JSON.parse(raw) : {}, raw };
}

/** Claims as API Gateway passes them to a Lambda: array claims flattened to "[a b]". */
export function staffClaims(centerIds: string[], userId = 'us_staff1'): Claims {
  return { 'custom:userId': userId, 'cognito:username': `staff-${userId}`, 'cognito:groups': '[staff]', 'custom:centerIds': centerIds.join(',') };
}

export function lawyerClaims(userId = 'lw_unit1', licenseNo = '13101202011000001'): Claims {
  return { 'custom:userId': userId, 'cognito:username': `lawyer-${userId}`, 'cognito:groups': '[lawyer]', 'custom:licenseNo': licenseNo };
}
