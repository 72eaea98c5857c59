// POST /violations/{violationId}/appeal — a lawyer appeals their own violation.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { appeal, violationView } from '../shared/use-cases/appeals';

export const handler = defineHandler('POST /violations/{violationId}/appeal', async ({ params, body, principal, now }) =>
  ok(violationView(await appeal(principal, params.violationId, body.reason, now))),
);
