// Response helpers: every JSON body leaves with the same headers.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// nosniff on every answer (issue 23): a client never guesses another type than the one named.
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' };
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);

/** A non-JSON body (the HTML reference page); `contentType` should carry its charset. */
export function text(statusCode: number, contentType: string, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': contentType, 'cache-control': 'no-store', ...SECURITY_HEADERS }, body };
}
