// GET /centers/{centerId}/suggestions?status= — the center's register, oldest first, overdue ones
// flagged (R10): staff of the center, the committee of its district, admins.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listSuggestions } from '../shared/use-cases/suggestions';

export const handler = defineHandler('GET /centers/{centerId}/suggestions', async ({ params, query, principal, now }) =>
  ok({ suggestions: await listSuggestions(principal, params.centerId, query.status, now) }),
);
