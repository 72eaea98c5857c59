// POST /centers/{centerId}/interrogations — an investigator books an interrogation that can never
// take a period a lawyer booked (R7); see shared/use-cases/interrogations.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { bookInterrogation } from '../shared/use-cases/interrogations';

export const handler = defineHandler(api.bookInterrogation, async ({ params, body, principal, now }) => created(await bookInterrogation(principal, params.centerId, body, now)));
