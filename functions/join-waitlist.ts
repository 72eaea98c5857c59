// POST /waitlist — queue for a full session (B3).
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { joinWaitlist } from '../shared/use-cases/waitlist';

export const handler = defineHandler('POST /waitlist', async ({ body, principal, now }) => created(await joinWaitlist(principal, body, now)));
