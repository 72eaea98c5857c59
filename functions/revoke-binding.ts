// POST /centers/{centerId}/bindings/{bindingId}/revoke — staff withdraw a binding (B4).
import { noteAudit } from '../shared/audit';
import { revokeBinding } from '../shared/adapters/custody-repository';
import { staffCenter } from '../shared/centers';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler('POST /centers/{centerId}/bindings/{bindingId}/revoke', async ({ params, principal, now }) => {
  const { table } = staffCenter(principal, params.centerId);
  noteAudit({ before: { status: 'active' }, after: { status: 'revoked' } });
  await revokeBinding(table, params.centerId, params.bindingId, now);
  return ok({ bindingId: params.bindingId, status: 'revoked' });
});
