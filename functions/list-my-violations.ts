// GET /me/violations?limit=&cursor= — the caller's violations with reason and status (B1), in the
// order of their ids (time-ordered, except the sweeper's no-show records, which are named after
// their booking so a second sweep cannot record one twice).
import { listViolationsPage } from '../shared/adapters/discipline-repository';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { violationView } from '../shared/use-cases/appeals';
import { withMeetings } from '../shared/use-cases/lawyer-lists';

export const handler = defineHandler(api.listMyViolations, async ({ principal, query }) => {
  const page = await listViolationsPage(principal.userId, query);
  return ok({ violations: await withMeetings(page.items.map(violationView)), nextCursor: page.nextCursor });
});
