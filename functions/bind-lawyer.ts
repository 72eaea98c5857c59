// POST /centers/{centerId}/bindings — staff bind a licence number to a detainee (R1); see
// shared/use-cases/bindings.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { bindLicence } from '../shared/use-cases/bindings';

export const handler = defineHandler(api.bindLawyer, async ({ params, body, principal, now }) => created(await bindLicence(principal, params.centerId, body, now)));
