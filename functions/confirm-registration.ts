// POST /auth/confirm — the SMS code turns a registration into an account that can log in; see
// shared/use-cases/registration.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { confirmRegistration } from '../shared/use-cases/registration';

export const handler = defineHandler(api.confirmRegistration, async ({ body, now }) => ok(await confirmRegistration(body, now)));
