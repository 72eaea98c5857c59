// GET /admin/users — the city's accounts, optionally of one role, a page at a time.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listUsers } from '../shared/use-cases/account-admin';

export const handler = defineHandler(api.listUsers, async ({ query }) => ok(await listUsers(query)));
