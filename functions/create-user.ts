// POST /admin/users — city ops create staff, investigator, committee and admin accounts; see
// shared/use-cases/staff-accounts.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { createStaffUser } from '../shared/use-cases/staff-accounts';

export const handler = defineHandler(api.createUser, async ({ body, now }) => created(await createStaffUser(body, now)));
