// POST /auth/reset — sets a new password with the SMS reset code (five tries per code).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { resetPassword } from '../shared/use-cases/account-recovery';

export const handler = defineHandler(api.resetPassword, async ({ body, now }) => {
  await resetPassword(body, now);
  return ok({ status: 'reset' });
});
