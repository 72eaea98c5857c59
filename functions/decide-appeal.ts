// POST /violations/{violationId}/decision — staff of the violation's center uphold or void it.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { decide, violationView } from '../shared/use-cases/appeals';

export const handler = defineHandler('POST /violations/{violationId}/decision', async ({ params, body, principal, now }) =>
  ok(violationView(await decide(principal, params.violationId, body.decision, now))),
);
