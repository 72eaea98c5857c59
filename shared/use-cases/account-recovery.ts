// Getting a code again and resetting a forgotten password (SPEC §7.2) under the limits of B11: every
// SMS code (registration, resend, reset) is admitted against the phone's five per hour first, and a
// code allows five tries before it is void. What the answers reveal is decided here:
// - resend: the same 200 for an unknown, a confirmed or an unconfirmed username; only a registration
//   waiting for its code can hit the SMS limit (429), which tells no more than POST /auth/register
//   (409 for a taken name) and POST /auth/confirm (404 vs 400) already do;
// - forgot: 200 always — the SMS limit, like every other reason for not sending, is silent, since a
//   429 only for existing accounts would tell which usernames exist;
// - reset: one 400 for a wrong, expired or void code and for a username without an account.
import { admitCodeMessage, claimCodeAttempt, planClearLoginFailures, planConsumeCode } from '../adapters/abuse-limits';
import { findUserByUsername, ownsRegistration } from '../adapters/account-repository';
import { transactWrite } from '../adapters/audit-repository';
import { identity } from '../adapters/identity';
import { noteAudit } from '../audit';
import { RESET_CODE_REFUSED } from '../domain/abuse-limits';
import { normalizePhone } from '../domain/accounts';
import { AppError, InvalidState, NotFound, ValidationFailed } from '../errors';
import { logger } from '../observability';

/** POST /auth/resend: a new sign-up code to the phone the registration holds. */
export async function resendSignUpCode(username: string, now: Date): Promise<void> {
  const profile = await findUserByUsername(username);
  const waiting = profile && (profile.role === 'lawyer' || profile.role === 'intern') && profile.status === 'unconfirmed' && profile.phone;
  if (!waiting || !(await ownsRegistration(profile))) return;
  noteAudit({ target: profile.userId, after: { codeSent: 'signup' } });
  await admitCodeMessage({ phone: normalizePhone(profile.phone!), userId: profile.userId, purpose: 'signup' }, now);
  try {
    await identity().resendConfirmationCode(profile.username);
  } catch (e) {
    // Confirmed at the provider already (a confirmation stopped half-way): nothing to send, same answer.
    if (!(e instanceof NotFound || e instanceof InvalidState)) throw e;
  }
}

/** POST /auth/forgot: a reset code to a confirmed, enabled account's phone; the same 200 in every case. */
export async function requestPasswordReset(username: string, now: Date): Promise<void> {
  const profile = await findUserByUsername(username);
  if (!profile || profile.status !== 'confirmed' || profile.disabled || !profile.phone) return;
  try {
    noteAudit({ target: profile.userId, centerId: profile.centerIds?.[0], after: { codeSent: 'reset' } });
    await admitCodeMessage({ phone: normalizePhone(profile.phone), userId: profile.userId, purpose: 'reset' }, now);
    await identity().forgotPassword(profile.username);
  } catch (e) {
    // Whatever stopped the code (the phone's SMS limit, Cognito's quota, an outage) must not change the answer.
    const facts = { userId: profile.userId, reason: (e as Error).name };
    if (e instanceof AppError) logger.warn('password reset code not sent', facts);
    else logger.error('password reset code not sent', facts);
  }
}

/** POST /auth/reset: the new password, when the reset code is right and not void. */
export async function resetPassword(input: { username: string; code: string; newPassword: string }, now: Date): Promise<void> {
  const profile = await findUserByUsername(input.username);
  if (!profile || profile.status !== 'confirmed' || profile.disabled) throw new ValidationFailed(RESET_CODE_REFUSED);
  await claimCodeAttempt({ userId: profile.userId, purpose: 'reset', mustBeIssued: true, voidMessage: RESET_CODE_REFUSED }, now);
  await identity().confirmForgotPassword(profile.username, input.code, input.newPassword);
  // The code is spent and the failure streak forgotten: whoever holds the phone may log in again.
  noteAudit({ target: profile.userId, centerId: profile.centerIds?.[0], after: { passwordReset: true } });
  await transactWrite([planConsumeCode(profile.userId, 'reset'), planClearLoginFailures(profile.username)]);
}
