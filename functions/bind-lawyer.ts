// POST /centers/{centerId}/bindings — after verifying papers or one in-person meeting, staff bind a
// licence number to a detainee (R1). The lawyer need not be registered yet: the binding is keyed on
// the licence and attaches when they register; `lawyerId` says whether they have, and `lawyer` whom
// the licence belongs to on the platform (as proven against the registry, R1a), for staff to compare
// with the papers in front of them. `registry` is the licence as the bar association's registry has
// it (null when it does not know it: a mistyped number, or a lawyer not imported yet — the binding is
// made all the same, and the page says so plainly).
import { createBinding } from '../shared/adapters/binding-repository';
import { findLawyerIdByLicense, getUser } from '../shared/adapters/account-repository';
import { getRegistryEntry } from '../shared/adapters/lawyer-registry';
import { staffCenter } from '../shared/centers';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { noteAudit } from '../shared/audit';
import { created } from '../shared/http/responses';
import { newId } from '../shared/ids';
import { shanghaiIso } from '../shared/time';

export const handler = defineHandler(api.bindLawyer, async ({ params, body, principal, now }) => {
  const { table } = staffCenter(principal, params.centerId);
  const bindingId = newId('bd');
  noteAudit({ target: bindingId, after: { detaineeId: body.detaineeId, licenseNo: body.licenseNo, verification: body.verification, status: 'active' } });
  await createBinding(table, {
    bindingId,
    centerId: params.centerId,
    detaineeId: body.detaineeId,
    licenseNo: body.licenseNo,
    verification: body.verification,
    status: 'active',
    createdAt: shanghaiIso(now),
  });
  const [lawyerId, entry] = await Promise.all([findLawyerIdByLicense(body.licenseNo), getRegistryEntry(body.licenseNo)]);
  const account = lawyerId ? await getUser(lawyerId) : undefined;
  return created({
    bindingId,
    status: 'active',
    lawyerId,
    lawyer: account ? { name: account.name ?? '', lawFirm: account.lawFirm ?? '' } : null,
    registry: entry ? { name: entry.name, lawFirm: entry.lawFirm, role: entry.role, status: entry.status } : null,
  });
});
