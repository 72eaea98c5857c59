// POST /auth/confirm — the SMS code turns a registration into an account that can log in. The
// trusted claims and the role group are set here (by the server, never by the client at sign-up),
// then the profile is marked confirmed. Each step is safe to repeat if an earlier call stopped half-way.
import { claimCodeAttempt } from '../shared/adapters/abuse-limits';
import { identity } from '../shared/adapters/identity';
import { noteAudit } from '../shared/audit';
import { confirmAccount, findUserByUsername, ownsRegistration } from '../shared/adapters/account-repository';
import { SIGNUP_CODE_VOID } from '../shared/domain/abuse-limits';
import { InvalidState, NotFound } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { logger } from '../shared/observability';

export const handler = defineHandler(api.confirmRegistration, async ({ body, now }) => {
  const profile = await findUserByUsername(body.username);
  if (!profile || (profile.role !== 'lawyer' && profile.role !== 'intern')) throw new NotFound('注册信息不存在');
  if (profile.status === 'confirmed') throw new InvalidState('账号已确认，无需重复确认');
  // Defence in depth: the hold outlasts the code, but never confirm a registration someone took over.
  if (!(await ownsRegistration(profile))) throw new InvalidState('该注册已失效，请重新注册');
  // B11: five tries per code, counted before the provider sees the code; then it is void.
  await claimCodeAttempt({ userId: profile.userId, purpose: 'signup', mustBeIssued: false, voidMessage: SIGNUP_CODE_VOID }, now);
  try {
    await identity().confirmSignUp(body.username, body.code);
  } catch (e) {
    // Confirmed at the provider but not here: an earlier call stopped half-way; finish it.
    if (!(e instanceof InvalidState)) throw e;
  }
  // The trusted claims are set by us, from the profile we reserved, not by the client at sign-up.
  await identity().setAttributes(body.username, { userId: profile.userId, licenseNo: profile.licenseNo ?? '' });
  await identity().addToGroup(body.username, profile.role);
  noteAudit({ target: profile.userId, before: { status: 'unconfirmed' }, after: { status: 'confirmed' } });
  await confirmAccount(profile);
  logger.info('registration confirmed', { userId: profile.userId });
  return ok({ status: 'confirmed' });
});
