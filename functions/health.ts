// GET /health — liveness for load balancers and the local runner's readiness check.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.health, async () => ok({ status: 'ok' }));
