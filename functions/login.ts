// POST /auth/login — exchanges username and password for a bearer token (the ID token), under the
// failed-login limit of B11 (shared/use-cases/sign-in.ts).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { signIn } from '../shared/use-cases/sign-in';

export const handler = defineHandler(api.login, async ({ body, now }) => ok(await signIn(body.username, body.password, now)));
