// After verifying papers or one in-person meeting, staff bind a licence number to a detainee (R1,
// POST /centers/{centerId}/bindings). The lawyer need not be registered yet: the binding is keyed on
// the licence and attaches when they register; `lawyerId` says whether they have, and `lawyer` whom
// the licence belongs to on the platform (as proven against the registry, R1a), for staff to compare
// with the papers in front of them. `registry` is the licence as the bar association's registry has
// it (null when it does not know it: a mistyped number, or a lawyer not imported yet — the binding is
// made all the same, and the page says so plainly).
import { accountStore, bindingStore, licenceRegistry } from '../adapters/account-ports';
import { noteAudit } from '../audit';
import { staffCenter } from '../centers';
import type { Verification } from '../domain/custody';
import type { RegistryEntry } from '../domain/registry';
import { newId } from '../ids';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import type { AccountPorts } from './ports/accounts';

export interface BindingRequest {
  licenseNo: string;
  detaineeId: string;
  verification: Verification;
}

export interface NewBinding {
  bindingId: string;
  status: 'active';
  lawyerId: string | null;
  lawyer: { name: string; lawFirm: string } | null;
  registry: Pick<RegistryEntry, 'name' | 'lawFirm' | 'role' | 'status'> | null;
}

export async function bindLicence(
  principal: Principal,
  centerId: string,
  request: BindingRequest,
  now: Date,
  ports: Pick<AccountPorts, 'accounts' | 'registry' | 'bindings'> = { accounts: accountStore, registry: licenceRegistry, bindings: bindingStore },
): Promise<NewBinding> {
  const { table } = staffCenter(principal, centerId);
  const bindingId = newId('bd');
  noteAudit({ target: bindingId, after: { detaineeId: request.detaineeId, licenseNo: request.licenseNo, verification: request.verification, status: 'active' } });
  await ports.bindings.createBinding(table, {
    bindingId,
    centerId,
    detaineeId: request.detaineeId,
    licenseNo: request.licenseNo,
    verification: request.verification,
    status: 'active',
    createdAt: shanghaiIso(now),
  });
  const [lawyerId, entry] = await Promise.all([ports.accounts.findLawyerIdByLicense(request.licenseNo), ports.registry.find(request.licenseNo)]);
  const account = lawyerId ? await ports.accounts.getUser(lawyerId) : undefined;
  return {
    bindingId,
    status: 'active',
    lawyerId,
    lawyer: account ? { name: account.name ?? '', lawFirm: account.lawFirm ?? '' } : null,
    registry: entry ? { name: entry.name, lawFirm: entry.lawFirm, role: entry.role, status: entry.status } : null,
  };
}
