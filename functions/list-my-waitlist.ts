// GET /me/waitlist — the sessions the caller waits for (B3) in every district served, with their
// place in line now (SPEC 7.2).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listMyWaitlist } from '../shared/use-cases/lawyer-lists';

export const handler = defineHandler(api.listMyWaitlist, async ({ principal }) => ok(await listMyWaitlist(principal)));
