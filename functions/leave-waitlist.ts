// DELETE /waitlist/{waitlistId} — leave a waitlist; someone else's entry is "not found".
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { leaveWaitlist } from '../shared/use-cases/waitlist';

export const handler = defineHandler('DELETE /waitlist/{waitlistId}', async ({ params, principal }) => ok(await leaveWaitlist(principal, params.waitlistId)));
