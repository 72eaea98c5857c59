// POST /admin/lawyer-registry/{licenseNo} — an admin adds or corrects one registry entry through a
// form (R1a), without a file: the same upsert as an import of one entry, mirrored onto the account
// that holds the licence in the same transaction.
import { importRegistry } from '../shared/adapters/lawyer-registry';
import { noteAudit } from '../shared/audit';
import { isValidLicense } from '../shared/domain/accounts';
import { ValidationFailed } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.saveRegistryEntry, async ({ params, body, now }) => {
  const { licenseNo } = params;
  if (!isValidLicense(body.role, licenseNo)) {
    const message = body.role === 'lawyer' ? '执业证号须为 17 位数字' : '实习证号须为 6–20 位数字或大写字母';
    throw new ValidationFailed(message, { issues: [{ field: 'params.licenseNo', message }] });
  }
  noteAudit({ target: licenseNo, after: { name: body.name, lawFirm: body.lawFirm, role: body.role, status: body.status } });
  const { created } = await importRegistry([{ licenseNo, ...body }], now);
  return ok({ licenseNo, created: created === 1 });
});
