// GET /openapi.json: the OpenAPI 3.1 document generated from the route table and the contract.
// Public on purpose (it documents the API, not any data); it must not grow a hand-written spec.
import { buildOpenApiDocument } from '../shared/api/openapi';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.openapi, async () => ok(buildOpenApiDocument()));
