// GET /centers/{centerId}/appeals — the center's appeals waiting for a decision, with the lawyer,
// the meeting, the violation's reason and the lawyer's text (B1); see shared/use-cases/appeals.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listOpenAppeals } from '../shared/use-cases/appeals';

export const handler = defineHandler(api.listAppeals, async ({ params, principal }) => ok(await listOpenAppeals(principal, params.centerId)));
