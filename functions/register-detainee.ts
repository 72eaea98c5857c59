// POST /centers/{centerId}/detainees — staff register a detainee of their center.
import { createDetainee } from '../shared/adapters/custody-repository';
import { staffCenter } from '../shared/centers';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { noteAudit } from '../shared/audit';
import { created } from '../shared/http/responses';
import { newId } from '../shared/ids';
import { shanghaiIso } from '../shared/time';

export const handler = defineHandler(api.registerDetainee, async ({ params, body, principal, now }) => {
  const { table } = staffCenter(principal, params.centerId);
  const detaineeId = newId('dt');
  noteAudit({ target: detaineeId, after: { sex: body.sex, caseUnit: body.caseUnit ?? null, status: 'active' } });
  await createDetainee(table, {
    detaineeId,
    centerId: params.centerId,
    name: body.name,
    sex: body.sex,
    caseUnit: body.caseUnit,
    status: 'active',
    createdAt: shanghaiIso(now),
  });
  return created({ detaineeId });
});
