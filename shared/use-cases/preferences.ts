// A lawyer chooses how they are notified: SMS, e-mail or both (B7, POST /me/preferences). E-mail
// only works for someone who gave an address at registration; the write's own condition decides.
import { accountStore } from '../adapters/account-ports';
import { noteAudit } from '../audit';
import { InvalidState, NotFound } from '../errors';
import type { AccountPorts, NotifyBy } from './ports/accounts';

export async function setNotificationPreference(
  userId: string,
  notifyBy: NotifyBy,
  ports: Pick<AccountPorts, 'accounts'> = { accounts: accountStore },
): Promise<{ notifyBy: NotifyBy; email: string | null }> {
  const profile = await ports.accounts.getUser(userId);
  if (!profile) throw new NotFound('账号不存在');
  noteAudit({ target: userId, before: { notifyBy: profile.notifyBy ?? 'sms' }, after: { notifyBy } });
  if (!(await ports.accounts.setNotifyBy(userId, notifyBy))) throw new InvalidState('注册时未填写电子邮箱，不能选择邮件通知');
  return { notifyBy, email: profile.email ?? null };
}
