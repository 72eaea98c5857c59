// GET /reports?district=&from=&to= — per center and day: bookings and their outcomes, utilisation,
// interrogations, 48-hour compliance; per center: suggestions and open urgent requests (B8). A
// committee sees its own district, an admin any district this deployment serves.
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { districtReport } from '../shared/use-cases/reports';

export const handler = defineHandler(api.districtReport, async ({ query, principal, now }) => ok(await districtReport(principal, query, now)));
