// GET /me — the calling lawyer's own profile with their discipline state (R3, B1, B1a).
import { getUser } from '../shared/adapters/account-repository';
import { disciplineView, EMPTY_DISCIPLINE } from '../shared/domain/discipline';
import { NotFound } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.getMe, async ({ principal, now }) => {
  const profile = await getUser(principal.userId);
  if (!profile || !profile.licenseNo || (profile.role !== 'lawyer' && profile.role !== 'intern')) throw new NotFound('账号不存在');
  // B1a: during a lock the count shows the violations it rests on; it restarts when the lock ends.
  const { violationCount, lockedUntil } = disciplineView(profile.discipline ?? EMPTY_DISCIPLINE, now);
  return ok({
    lawyerId: profile.userId,
    name: profile.name ?? '',
    licenseNo: profile.licenseNo,
    role: profile.role,
    violationCount,
    lockedUntil,
  });
});
