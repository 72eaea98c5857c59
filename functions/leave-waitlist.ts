// DELETE /waitlist/{waitlistId} — leave a waitlist; someone else's entry is "not found".
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { leaveWaitlist } from '../shared/use-cases/waitlist';

export const handler = defineHandler(api.leaveWaitlist, async ({ params, principal }) => ok(await leaveWaitlist(principal, params.waitlistId)));
