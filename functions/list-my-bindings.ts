// GET /me/bindings?limit=&cursor= — the caller's bindings, found by their licence number in every
// district this API serves, with the detainee's and the center's names (SPEC 7.3). Bindings made
// before the lawyer registered show up here as soon as they have (R1).
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { listMyBindings } from '../shared/use-cases/lawyer-lists';

export const handler = defineHandler(api.listMyBindings, async ({ principal, query }) => ok(await listMyBindings(principal, query)));
