// GET /centers/{centerId}/slots — sessions on workdays in a date range with places left, whether
// the server would take a booking now (and why not), and whether the day's workday status comes
// from the official calendar or the national holiday rules alone (B12). One Query over the center's
// session partition (no scan); sessions nobody booked yet have every place free.
import { listSessions } from '../shared/adapters/session-ledger';
import { servedCenter } from '../shared/centers';
import { workCalendar } from '../shared/work-calendar';
import { addDays, daysBetween } from '../shared/domain/calendar';
import { EMPTY_SESSION, lastBookableDate, notBookableReason, slotsBetween } from '../shared/domain/sessions';
import { ValidationFailed } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { shanghaiDate, shanghaiIso } from '../shared/time';

const MAX_RANGE_DAYS = 31;

export const handler = defineHandler(api.listSlots, async ({ params, query, now }) => {
  const { center, table } = servedCenter(params.centerId);
  const from = query.from ?? shanghaiDate(now);
  const to = query.to ?? (query.from ? addDays(from, center.bookingWindowDays) : lastBookableDate(center, now));
  if (to < from) throw new ValidationFailed('to 不能早于 from');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw new ValidationFailed(`一次最多查询 ${MAX_RANGE_DAYS} 天`);

  const sessions = await listSessions(table, center.centerId, from, to);

  const calendar = workCalendar();
  const slots = slotsBetween(center, calendar, from, to).map((slot) => {
    const state = sessions.get(slot.slotId) ?? EMPTY_SESSION;
    const available = state.closed ? 0 : Math.max(0, center.placesPerSession - state.booked);
    const reason = notBookableReason(center, slot, now, state);
    return {
      slotId: slot.slotId,
      date: slot.date,
      start: shanghaiIso(slot.start),
      end: shanghaiIso(slot.end),
      lastAdmission: shanghaiIso(slot.lastAdmission),
      capacity: center.placesPerSession,
      available,
      bookable: reason === undefined,
      ...(reason ? { reason } : {}),
      calendar: calendar.source(slot.date),
    };
  });
  return ok({ slots });
});
