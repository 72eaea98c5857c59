// POST /auth/forgot — a password reset code by SMS; the same 200 whether the account exists or not.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { requestPasswordReset } from '../shared/use-cases/account-recovery';

export const handler = defineHandler(api.forgotPassword, async ({ body, now }) => {
  await requestPasswordReset(body.username, now);
  return ok({ status: 'accepted' });
});
