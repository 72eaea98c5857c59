// POST /centers/{centerId}/check-ins {token} | {code} — see shared/use-cases/check-in-code.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { checkInByCode } from '../shared/use-cases/check-in-code';

export const handler = defineHandler(api.scanCheckIn, async ({ params, body, principal, now }) => ok(await checkInByCode(principal, params.centerId, body, now)));
