// The admin's account management (SPEC §7.2): the account list, paged with signed cursors through
// the accounts index (GSI1, never a Scan), and disabling / enabling an account. The provider and the
// platform record are changed in the order that fails safe: disabling stops logins first, enabling
// marks the record first, so a half-done call never leaves an account that can log in while the
// list says it is disabled. Disabling an admin is the exception: whether it may happen at all (the
// city keeps at least one enabled admin) is decided by the platform transaction, so that comes
// first and the provider follows; a provider failure puts the record back.
import { disableAdminAccount, findAccount, listAccounts, setAccountDisabled } from '../adapters/account-repository';
import { clock } from '../clock';
import { cursorSecret } from '../adapters/cursor-key';
import { identity } from '../adapters/identity';
import { noteAudit } from '../audit';
import { InvalidState, NotFound } from '../errors';
import { decodeCursor, encodeCursor } from '../http/cursor';
import type { Principal } from '../principal';
import type { Role } from '../routes';
import { type UserProfile } from '../domain/accounts';

export const DEFAULT_PAGE_SIZE = 50;

export interface UserSummary {
  userId: string;
  username: string;
  role: Role;
  centerIds: string[];
  district: string | null;
  disabled: boolean;
}

const summaryOf = (p: UserProfile): UserSummary => ({
  userId: p.userId,
  username: p.username,
  role: p.role,
  centerIds: p.centerIds ?? [],
  district: p.district ?? null,
  disabled: p.disabled ?? false,
});

export async function listUsers(query: { role?: Role; limit?: number; cursor?: string }): Promise<{ users: UserSummary[]; nextCursor: string | null }> {
  // The filter is part of what a cursor is valid for: one issued for staff cannot page admins.
  const list = `users:${query.role ?? '*'}`;
  const secret = await cursorSecret();
  const after = query.cursor ? decodeCursor(query.cursor, list, secret) : undefined;
  const page = await listAccounts({ role: query.role, limit: query.limit ?? DEFAULT_PAGE_SIZE, after });
  return { users: page.accounts.map(summaryOf), nextCursor: page.next ? encodeCursor({ list, key: page.next }, secret) : null };
}

export async function setUserDisabled(principal: Principal, userId: string, disabled: boolean): Promise<{ userId: string; disabled: boolean }> {
  const account = await findAccount(userId);
  if (!account) throw new NotFound('账号不存在');
  // The city must keep an admin who can undo it.
  if (disabled && userId === principal.userId) throw new InvalidState('不能停用本人账号');
  noteAudit({ centerId: account.centerIds?.[0], target: userId, before: { disabled: account.disabled ?? false }, after: { disabled } });
  if (disabled && account.role === 'admin') {
    await disableAdminAccount(userId, principal.userId, clock.now());
    try {
      await identity().disableUser(account.username);
    } catch (e) {
      await setAccountDisabled(userId, account.disabled ?? false);
      throw e;
    }
  } else if (disabled) {
    await identity().disableUser(account.username);
    await setAccountDisabled(userId, true);
  } else {
    await setAccountDisabled(userId, false);
    await identity().enableUser(account.username);
  }
  return { userId, disabled };
}
