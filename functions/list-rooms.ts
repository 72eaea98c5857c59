// GET /centers/{centerId}/rooms?slotId= — every meeting and interrogation room of the center and
// whether it is free in that session (SPEC 7.2), so staff pick a room before assigning it.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { roomsOf } from '../shared/use-cases/detainee-lookup';

export const handler = defineHandler(api.listRooms, async ({ params, query, principal }) => ok(await roomsOf(principal, params.centerId, query.slotId)));
