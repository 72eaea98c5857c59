// POST /bookings/{bookingId}/consents — the lawyer signs the interrogation-room consent notice (R8);
// see shared/use-cases/rooms.ts.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { signConsent } from '../shared/use-cases/rooms';

export const handler = defineHandler(api.signConsent, async ({ params, body, principal, now }) => created(await signConsent(principal, params.bookingId, body.kind, now)));
