// POST /auth/resend — a new registration code to the phone on record (counts toward the SMS limit).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { resendSignUpCode } from '../shared/use-cases/account-recovery';

export const handler = defineHandler(api.resendCode, async ({ body, now }) => {
  await resendSignUpCode(body.username, now);
  return ok({ status: 'accepted' });
});
