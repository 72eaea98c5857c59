// GET /centers/{centerId}/slots — sessions on workdays in a date range with places left. One Query
// over the center's session partition (no scan); sessions nobody booked yet have every place free.
import { queryAll } from '../shared/adapters/dynamo';
import { sessionKey } from '../shared/adapters/booking-keys';
import { servedCenter } from '../shared/centers';
import { workCalendar } from '../shared/config';
import { addDays, daysBetween } from '../shared/domain/calendar';
import { lastBookableDate, slotsBetween } from '../shared/domain/sessions';
import { ValidationFailed } from '../shared/errors';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';
import { shanghaiDate, shanghaiIso } from '../shared/time';

const MAX_RANGE_DAYS = 31;

export const handler = defineHandler('GET /centers/{centerId}/slots', async ({ params, query, now }) => {
  const { center, table } = servedCenter(params.centerId);
  const from = query.from ?? shanghaiDate(now);
  const to = query.to ?? (query.from ? addDays(from, center.bookingWindowDays) : lastBookableDate(center, now));
  if (to < from) throw new ValidationFailed('to 不能早于 from');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw new ValidationFailed(`一次最多查询 ${MAX_RANGE_DAYS} 天`);

  const sessions = new Map<string, { booked: number; closed: boolean }>();
  const items = await queryAll({
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': sessionKey(center.centerId, '').PK, ':from': from, ':to': `${to}.~` },
  });
  for (const item of items) sessions.set(item.SK as string, { booked: (item.booked as number) ?? 0, closed: Boolean(item.closedAt) });

  const slots = slotsBetween(center, workCalendar(), from, to).map((slot) => {
    const state = sessions.get(slot.slotId);
    const available = state?.closed ? 0 : Math.max(0, center.placesPerSession - (state?.booked ?? 0));
    return {
      slotId: slot.slotId,
      date: slot.date,
      start: shanghaiIso(slot.start),
      end: shanghaiIso(slot.end),
      lastAdmission: shanghaiIso(slot.lastAdmission),
      capacity: center.placesPerSession,
      available,
    };
  });
  return ok({ slots });
});
