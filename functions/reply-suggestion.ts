// POST /centers/{centerId}/suggestions/{suggestionId}/reply — staff of the center answer a
// suggestion once; the lawyer is told by SMS/e-mail (R10). See shared/use-cases/suggestions.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { replySuggestion } from '../shared/use-cases/suggestions';

export const handler = defineHandler(api.replySuggestion, async ({ params, body, principal, now }) =>
  ok(await replySuggestion(principal, params.centerId, params.suggestionId, body.text, now)),
);
