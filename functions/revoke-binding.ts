// POST /centers/{centerId}/bindings/{bindingId}/revoke — staff withdraw a binding; the lawyer's
// future bookings of that detainee are cancelled by the center (B4). See shared/use-cases/center-actions.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { revokeAndCancel } from '../shared/use-cases/center-actions';

export const handler = defineHandler(api.revokeBinding, async ({ params, principal, now }) => ok(await revokeAndCancel(principal, params.centerId, params.bindingId, now)));
