// GET /centers/{centerId}/audit?from=&to= — the center's audit records (R14), oldest first: staff
// of that center and admins. See readCenterAudit in shared/use-cases/reports.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { readCenterAudit } from '../shared/use-cases/reports';

export const handler = defineHandler(api.listAudit, async ({ params, query, principal, now }) => ok(await readCenterAudit(principal, params.centerId, query, now)));
