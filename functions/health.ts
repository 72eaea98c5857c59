// GET /health — liveness for load balancers and the local runner's readiness check.
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler('GET /health', async () => ok({ status: 'ok' }));
