// POST /admin/users/{userId}/disable — the account can no longer log in.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { setUserDisabled } from '../shared/use-cases/account-admin';

export const handler = defineHandler('POST /admin/users/{userId}/disable', async ({ params, principal }) => ok(await setUserDisabled(principal, params.userId, true)));
