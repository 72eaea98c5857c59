// POST /centers/{centerId}/suggestions — a lawyer or intern files a suggestion in the center's
// register (R10); see shared/use-cases/suggestions.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { fileSuggestion } from '../shared/use-cases/suggestions';

export const handler = defineHandler(api.fileSuggestion, async ({ params, body, principal, now }) => created(await fileSuggestion(principal, params.centerId, body.text, now)));
