// GET /admin/lawyer-registry/{licenseNo} — one registry entry as imported, and the account
// registered with that licence (null when nobody has confirmed a registration for it).
import { findLawyerIdByLicense } from '../shared/adapters/account-repository';
import { getRegistryEntry } from '../shared/adapters/lawyer-registry';
import { NotFound } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.getRegistryEntry, async ({ params }) => {
  const [entry, accountId] = await Promise.all([getRegistryEntry(params.licenseNo), findLawyerIdByLicense(params.licenseNo)]);
  if (!entry) throw new NotFound('登记册中没有该执业证号');
  return ok({ ...entry, accountId });
});
