// POST /violations/{violationId}/decision — staff of the violation's center uphold or void it.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { decide, violationView } from '../shared/use-cases/appeals';

export const handler = defineHandler(api.decideAppeal, async ({ params, body, principal, now }) =>
  ok(violationView(await decide(principal, params.violationId, body.decision, now))),
);
