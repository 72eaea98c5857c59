// POST /centers/{centerId}/calls {slotId} — see shared/use-cases/queue-calling.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { callNext } from '../shared/use-cases/queue-calling';

export const handler = defineHandler(api.callNext, async ({ params, body, principal, now }) => ok(await callNext(principal, params.centerId, body.slotId, now)));
