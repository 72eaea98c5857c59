// GET /centers/{centerId}/detainees/{detaineeId} — one detainee with every binding (and the account
// it attached to) and what is arranged for them (SPEC 7.2); staff of the center only.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { detaineeDetail } from '../shared/use-cases/detainee-lookup';

export const handler = defineHandler(api.getDetainee, async ({ params, principal, now }) => ok(await detaineeDetail(principal, params.centerId, params.detaineeId, now)));
