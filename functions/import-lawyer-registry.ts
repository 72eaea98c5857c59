// POST /admin/lawyer-registry — admins load the bar association's licence registry (R1a): up to
// 1,000 entries per request, upserted by licence number. The whole body is validated before anything
// is written (the schema names each bad index), so a bad file changes nothing.
import { importRegistry } from '../shared/adapters/lawyer-registry';
import { noteAudit } from '../shared/audit';
import { duplicateLicenceIndexes } from '../shared/domain/registry';
import { ValidationFailed } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.importLawyerRegistry, async ({ body, now }) => {
  const dupes = duplicateLicenceIndexes(body.entries);
  if (dupes.length) {
    const issues = dupes.map((i) => ({ field: `body.entries.${i}.licenseNo`, message: `执业证号 ${body.entries[i].licenseNo} 在本次导入中重复` }));
    throw new ValidationFailed(`请求参数有误：${issues.map((i) => `${i.field}（${i.message}）`).join('；')}`, { issues });
  }
  noteAudit({ target: 'lawyer-registry', after: { entries: body.entries.length, suspended: body.entries.filter((e) => e.status === 'suspended').length } });
  return ok(await importRegistry(body.entries, now));
});
