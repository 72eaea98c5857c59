// GET /me/bindings — the caller's bindings, found by their licence number in every district this
// API serves. Bindings made before the lawyer registered show up here as soon as they have (R1).
import { listBindingsByLicense } from '../shared/adapters/custody-repository';
import { districtTableName, servedDistricts } from '../shared/adapters/dynamo';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { licenseOf } from '../shared/principal';

export const handler = defineHandler('GET /me/bindings', async ({ principal }) => {
  const licenseNo = licenseOf(principal);
  const perDistrict = await Promise.all(servedDistricts().map((d) => listBindingsByLicense(districtTableName(d), licenseNo)));
  const bindings = perDistrict
    .flat()
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((b) => ({ bindingId: b.bindingId, centerId: b.centerId, detaineeId: b.detaineeId, status: b.status }));
  return ok({ bindings });
});
