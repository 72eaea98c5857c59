// GET /docs: the human-readable API reference, server-rendered from the same OpenAPI document as
// GET /openapi.json. The page carries no script and loads nothing, and the CSP header enforces it.
import { buildOpenApiDocument } from '../shared/api/openapi';
import { renderDocsPage } from '../shared/api/docs-page';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { text } from '../shared/http/responses';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let page: string | undefined;

export const handler = defineHandler(api.docs, async () => {
  page ??= renderDocsPage(buildOpenApiDocument());
  const result = text(200, 'text/html; charset=utf-8', page);
  return { ...result, headers: { ...result.headers, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' } };
});
