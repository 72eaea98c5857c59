// GET /me/violations — the caller's violations with reason and status (B1).
import { listViolations } from '../shared/adapters/discipline-repository';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { violationView } from '../shared/use-cases/appeals';


export const handler = defineHandler('GET /me/violations', async ({ principal }) => ok({ violations: (await listViolations(principal.userId)).map(violationView) }));
