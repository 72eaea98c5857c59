// City ops create staff, investigator, committee and admin accounts (POST /admin/users). Staff and
// investigators are scoped to centers, committee members to a district; the scope travels in the
// token's custom attributes so handlers can check it without a lookup.
import { accountStore } from '../adapters/account-ports';
import { identity } from '../adapters/identity';
import { noteAudit } from '../audit';
import { cityConfig, findCenter } from '../config';
import { normalizePhone } from '../domain/accounts';
import { ValidationFailed } from '../errors';
import { newId } from '../ids';
import { logger } from '../observability';
import { shanghaiIso } from '../time';
import type { AccountPorts } from './ports/accounts';

export interface StaffAccountRequest {
  username: string;
  password: string;
  role: 'staff' | 'investigator' | 'committee' | 'admin';
  centerIds?: string[];
  district?: string;
  phone?: string;
  email?: string;
}

export interface StaffAccount {
  userId: string;
  username: string;
  role: StaffAccountRequest['role'];
  centerIds: string[];
  district: string | null;
}

/** The scope a role must (and may only) carry: centers for staff and investigators, a district for the committee. */
function checkScope(request: StaffAccountRequest, centerIds: string[]): void {
  if (request.role === 'staff' || request.role === 'investigator') {
    if (centerIds.length === 0) throw new ValidationFailed('民警和承办单位账号须指定 centerIds');
    const unknown = centerIds.filter((c) => !findCenter(c));
    if (unknown.length) throw new ValidationFailed(`看守所不存在：${unknown.join('、')}`);
  } else if (centerIds.length) {
    throw new ValidationFailed('该角色不能指定 centerIds');
  }
  if (request.role === 'committee') {
    if (!request.district) throw new ValidationFailed('律工委账号须指定 district');
    if (!cityConfig().districts.some((d) => d.districtId === request.district)) throw new ValidationFailed('区县不存在');
  } else if (request.district) {
    throw new ValidationFailed('只有律工委账号可以指定 district');
  }
}

export async function createStaffUser(
  request: StaffAccountRequest,
  now: Date,
  ports: Pick<AccountPorts, 'accounts' | 'identity'> = { accounts: accountStore, identity },
): Promise<StaffAccount> {
  const centerIds = request.centerIds ?? [];
  checkScope(request, centerIds);
  const profile = {
    userId: newId('us'),
    username: request.username,
    role: request.role,
    status: 'confirmed' as const,
    createdAt: shanghaiIso(now),
    centerIds,
    district: request.district,
    // Beyond the contract: the contact the 48-hour alert (B2) and other staff messages go to.
    ...(request.phone ? { phone: request.phone } : {}),
    ...(request.email ? { email: request.email } : {}),
  };
  // Staff and investigators appear in the audit of (the first of) their centers.
  noteAudit({
    centerId: profile.centerIds[0],
    target: profile.userId,
    after: { username: profile.username, role: profile.role, centerIds: profile.centerIds, district: profile.district ?? null },
  });
  await ports.accounts.createStaffAccount(profile);
  const attributes: Record<string, string> = { userId: profile.userId };
  if (centerIds.length) attributes.centerIds = centerIds.join(',');
  if (request.district) attributes.district = request.district;
  try {
    // All or nothing: the provider undoes its own half (the user it created) before it throws.
    const phone = request.phone ? normalizePhone(request.phone) : undefined;
    await ports.identity().adminCreateUser({ username: request.username, password: request.password, group: request.role, attributes, phone });
  } catch (e) {
    await ports.accounts.deleteStaffAccount(profile);
    throw e;
  }
  logger.info('account created', { userId: profile.userId, role: request.role });
  return { userId: profile.userId, username: request.username, role: request.role, centerIds, district: request.district ?? null };
}
