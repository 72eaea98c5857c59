// POST /waitlist — queue for a full session (B3).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { joinWaitlist } from '../shared/use-cases/waitlist';

export const handler = defineHandler(api.joinWaitlist, async ({ body, principal, now }) => created(await joinWaitlist(principal, body, now)));
