// POST /auth/login — exchanges username and password for a bearer token (the ID token).
import { identity } from '../shared/adapters/identity';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler('POST /auth/login', async ({ body }) => ok(await identity().login(body.username, body.password)));
