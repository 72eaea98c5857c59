// GET /me — the calling lawyer's own profile with their discipline state (R3, B1).
import { getUser } from '../shared/adapters/account-repository';
import { NotFound } from '../shared/errors';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { shanghaiIso } from '../shared/time';

export const handler = defineHandler('GET /me', async ({ principal, now }) => {
  const profile = await getUser(principal.userId);
  if (!profile || !profile.licenseNo || (profile.role !== 'lawyer' && profile.role !== 'intern')) throw new NotFound('账号不存在');
  // A lock that has run out is shown as none; the ledger restarts the count when it ends (B1).
  const lockedUntil = profile.lockedUntil && profile.lockedUntil > shanghaiIso(now) ? profile.lockedUntil : null;
  return ok({
    lawyerId: profile.userId,
    name: profile.name ?? '',
    licenseNo: profile.licenseNo,
    role: profile.role,
    violationCount: profile.violationCount ?? 0,
    lockedUntil,
  });
});
