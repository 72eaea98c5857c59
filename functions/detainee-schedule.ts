// GET /centers/{centerId}/detainees/{detaineeId}/schedule — an investigator sees when a detainee is
// taken, times and kinds only (R7, B9); see shared/use-cases/interrogations.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { scheduleRange } from '../shared/domain/interrogations';
import { detaineeSchedule } from '../shared/use-cases/interrogations';

export const handler = defineHandler(api.detaineeSchedule, async ({ params, query, principal, now }) =>
  ok({ appointments: await detaineeSchedule(principal, params.centerId, params.detaineeId, scheduleRange(query, now)) }),
);
