// Response helpers: every JSON body leaves with the same headers.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { entityTag, matchesTag } from '../domain/queue-calling';

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

/**
 * A JSON body for polling: a strong ETag of its content, and 304 without a body when the client's
 * `If-None-Match` already names it (RFC 9110 §13.1.2), so an unchanged poll costs a few bytes.
 */
export function conditionalJson(body: unknown, ifNoneMatch: string | undefined, cacheControl: string): APIGatewayProxyStructuredResultV2 {
  const etag = entityTag(body);
  const headers = { etag, 'cache-control': cacheControl };
  if (matchesTag(ifNoneMatch, etag)) return { statusCode: 304, headers };
  return json(200, body, headers);
}
