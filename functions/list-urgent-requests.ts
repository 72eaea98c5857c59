// GET /centers/{centerId}/urgent-requests?status=open|placed|all&limit=&cursor= — the center's urgent
// requests (B2) by deadline, with the ones at risk and overdue flagged; see shared/use-cases/urgent-requests.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listUrgentRequests } from '../shared/use-cases/urgent-requests';

export const handler = defineHandler(api.listUrgentRequests, async ({ params, query, principal, now }) => ok(await listUrgentRequests(principal, params.centerId, query, now)));
