// POST /admin/users/{userId}/enable — a disabled account can log in again.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { setUserDisabled } from '../shared/use-cases/account-admin';

export const handler = defineHandler(api.enableUser, async ({ params, principal }) => ok(await setUserDisabled(principal, params.userId, false)));
