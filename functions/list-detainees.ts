// GET /centers/{centerId}/detainees?q=&status=active|released|all&limit=&cursor= — staff find a
// detainee of their center by any part of the name (SPEC 7.2); see shared/use-cases/detainee-lookup.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { findDetainees } from '../shared/use-cases/detainee-lookup';

export const handler = defineHandler(api.listDetainees, async ({ params, query, principal }) => ok(await findDetainees(principal, params.centerId, query)));
