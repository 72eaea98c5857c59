// GET /centers/{centerId}/detainee-search?name= — an investigator finds a detainee of their centers
// by name: id, name and status only, never a lawyer or a booking (B9); see
// shared/use-cases/detainee-lookup.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { searchDetaineesByName } from '../shared/use-cases/detainee-lookup';

export const handler = defineHandler(api.searchDetainees, async ({ params, query, principal }) => ok(await searchDetaineesByName(principal, params.centerId, query)));
