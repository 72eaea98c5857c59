// POST /admin/users — city ops create staff, investigator, committee and admin accounts. Staff and
// investigators are scoped to centers, committee members to a district; the scope travels in the
// token's custom attributes so handlers can check it without a lookup.
import { identity } from '../shared/adapters/identity';
import { noteAudit } from '../shared/audit';
import { createStaffAccount, deleteStaffAccount } from '../shared/adapters/account-repository';
import { cityConfig, findCenter } from '../shared/config';
import { normalizePhone } from '../shared/domain/accounts';
import { ValidationFailed } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { newId } from '../shared/ids';
import { logger } from '../shared/observability';
import { shanghaiIso } from '../shared/time';

export const handler = defineHandler(api.createUser, async ({ body, now }) => {
  const centerIds = body.centerIds ?? [];
  if (body.role === 'staff' || body.role === 'investigator') {
    if (centerIds.length === 0) throw new ValidationFailed('民警和承办单位账号须指定 centerIds');
    const unknown = centerIds.filter((c) => !findCenter(c));
    if (unknown.length) throw new ValidationFailed(`看守所不存在：${unknown.join('、')}`);
  } else if (centerIds.length) {
    throw new ValidationFailed('该角色不能指定 centerIds');
  }
  if (body.role === 'committee') {
    if (!body.district) throw new ValidationFailed('律工委账号须指定 district');
    if (!cityConfig().districts.some((d) => d.districtId === body.district)) throw new ValidationFailed('区县不存在');
  } else if (body.district) {
    throw new ValidationFailed('只有律工委账号可以指定 district');
  }

  const profile = {
    userId: newId('us'),
    username: body.username,
    role: body.role,
    status: 'confirmed' as const,
    createdAt: shanghaiIso(now),
    centerIds,
    district: body.district,
    // Beyond the contract: the contact the 48-hour alert (B2) and other staff messages go to.
    ...(body.phone ? { phone: body.phone } : {}),
    ...(body.email ? { email: body.email } : {}),
  };
  // Staff and investigators appear in the audit of (the first of) their centers.
  noteAudit({
    centerId: profile.centerIds?.[0],
    target: profile.userId,
    after: { username: profile.username, role: profile.role, centerIds: profile.centerIds ?? [], district: profile.district ?? null },
  });
  await createStaffAccount(profile);
  const attributes: Record<string, string> = { userId: profile.userId };
  if (centerIds.length) attributes.centerIds = centerIds.join(',');
  if (body.district) attributes.district = body.district;
  try {
    // All or nothing: the provider undoes its own half (the user it created) before it throws.
    const phone = body.phone ? normalizePhone(body.phone) : undefined;
    await identity().adminCreateUser({ username: body.username, password: body.password, group: body.role, attributes, phone });
  } catch (e) {
    await deleteStaffAccount(profile);
    throw e;
  }
  logger.info('account created', { userId: profile.userId, role: body.role });
  return created({ userId: profile.userId, username: body.username, role: body.role, centerIds, district: body.district ?? null });
});
