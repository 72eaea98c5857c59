// POST /admin/users/{userId}/disable — the account can no longer log in.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { setUserDisabled } from '../shared/use-cases/account-admin';

export const handler = defineHandler(api.disableUser, async ({ params, principal }) => ok(await setUserDisabled(principal, params.userId, true)));
