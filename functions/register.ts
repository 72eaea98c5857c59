// POST /auth/register — a lawyer or intern signs up (R1), proven against the licence registry (R1a);
// see shared/use-cases/registration.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { registerLawyer } from '../shared/use-cases/registration';

export const handler = defineHandler(api.register, async ({ body, now }) => created(await registerLawyer(body, now)));
