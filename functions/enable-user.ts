// POST /admin/users/{userId}/enable — a disabled account can log in again.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { setUserDisabled } from '../shared/use-cases/account-admin';

export const handler = defineHandler('POST /admin/users/{userId}/enable', async ({ params, principal }) => ok(await setUserDisabled(principal, params.userId, false)));
