// POST /urgent-requests — a bound lawyer asks for a meeting within 48 hours (B2); see
// shared/use-cases/urgent-requests.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { fileUrgentRequest } from '../shared/use-cases/urgent-requests';

export const handler = defineHandler(api.fileUrgentRequest, async ({ body, principal, now }) => created(await fileUrgentRequest(principal, body, now)));
