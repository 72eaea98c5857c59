// GET /centers/{centerId}/display — public, polled by the waiting hall's screen every 5 s with
// If-None-Match: an unchanged queue answers 304 without a body. See shared/use-cases/queue-calling.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { conditionalJson } from '../shared/http/responses';
import { centerDisplay } from '../shared/use-cases/queue-calling';

export const handler = defineHandler(api.centerDisplay, async ({ params, headers, now }) =>
  conditionalJson(await centerDisplay(params.centerId, now), headers['if-none-match'], 'public, max-age=5'),
);
