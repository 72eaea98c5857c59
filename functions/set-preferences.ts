// POST /me/preferences — a lawyer chooses how they are notified: SMS, e-mail or both (B7); see
// shared/use-cases/preferences.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { setNotificationPreference } from '../shared/use-cases/preferences';

export const handler = defineHandler(api.setPreferences, async ({ body, principal }) => ok(await setNotificationPreference(principal.userId, body.notifyBy)));
