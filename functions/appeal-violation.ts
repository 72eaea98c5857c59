// POST /violations/{violationId}/appeal — a lawyer appeals their own violation.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { appeal, violationView } from '../shared/use-cases/appeals';

export const handler = defineHandler(api.appealViolation, async ({ params, body, principal, now }) =>
  ok(violationView(await appeal(principal, params.violationId, body.reason, now))),
);
