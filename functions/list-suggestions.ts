// GET /centers/{centerId}/suggestions?status=&limit=&cursor= — the center's register, oldest first,
// overdue ones flagged (R10): staff of the center, the committee of its district, admins.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listSuggestions } from '../shared/use-cases/suggestions';

export const handler = defineHandler(api.listSuggestions, async ({ params, query, principal, now }) => ok(await listSuggestions(principal, params.centerId, query, now)));
