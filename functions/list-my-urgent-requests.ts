// GET /me/urgent-requests?limit=&cursor= — the caller's urgent requests (B2) in every district
// served, oldest first, with their deadline and whether staff placed them (SPEC 7.2).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listMyUrgentRequests } from '../shared/use-cases/lawyer-lists';

export const handler = defineHandler(api.listMyUrgentRequests, async ({ principal, query }) => ok(await listMyUrgentRequests(principal, query)));
