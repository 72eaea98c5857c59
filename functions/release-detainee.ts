// POST /centers/{centerId}/detainees/{detaineeId}/release — release or transfer ends every binding
// of the detainee (B4).
import { releaseDetainee } from '../shared/adapters/custody-repository';
import { staffCenter } from '../shared/centers';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler('POST /centers/{centerId}/detainees/{detaineeId}/release', async ({ params, body, principal, now }) => {
  const { table } = staffCenter(principal, params.centerId);
  const { endedBindingIds } = await releaseDetainee(table, params.centerId, params.detaineeId, body.reason, now);
  return ok({ status: body.reason, endedBindingIds });
});
