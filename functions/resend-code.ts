// POST /auth/resend — a new registration code to the phone on record (counts toward the SMS limit).
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { resendSignUpCode } from '../shared/use-cases/account-recovery';

export const handler = defineHandler('POST /auth/resend', async ({ body, now }) => {
  await resendSignUpCode(body.username, now);
  return ok({ status: 'accepted' });
});
