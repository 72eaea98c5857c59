// What a center action will cancel, shown before staff confirm it (R4, B6): the live bookings of
// the detainee in a period, or of the closed sessions, read from the day queues the desk already
// uses. The server decides again when the action is sent; this is what staff check first.
import { unwrap, type Api } from '../api/client';
import type { R2QueueBooking } from '../api/lookups';
import { addDays, dayLabel, sessionName } from '../ui/format';
import { Empty } from '../ui/parts';

export interface Affected {
  bookingId: string;
  date: string;
  start: string;
  queueNumber: number;
  detainee: string;
  lawyers: string;
}

const LIVE = new Set(['booked', 'checked_in']);
/** Longest period previewed day by day; the server accepts longer periods. */
export const MAX_PREVIEW_DAYS = 31;

function toAffected(b: R2QueueBooking): Affected {
  return {
    bookingId: b.bookingId,
    date: b.date,
    start: b.start,
    queueNumber: b.queueNumber,
    detainee: b.detaineeName ?? b.detaineeId,
    lawyers: b.lawyers ? b.lawyers.map((l) => `${l.name}（${l.licenseNo}）`).join('、') : b.lawyerIds.join('、'),
  };
}

async function dayQueue(api: Api, centerId: string, date: string): Promise<R2QueueBooking[]> {
  const q = await unwrap(api.GET('/centers/{centerId}/bookings', { params: { path: { centerId }, query: { date } } }));
  return q.bookings;
}

export async function affectedByUnavailability(api: Api, centerId: string, detaineeId: string, from: string, to: string): Promise<Affected[]> {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < MAX_PREVIEW_DAYS; d = addDays(d, 1)) days.push(d);
  const queues = await Promise.all(days.map((d) => dayQueue(api, centerId, d)));
  return queues
    .flat()
    .filter((b) => b.detaineeId === detaineeId && LIVE.has(b.status))
    .map(toAffected);
}

export async function affectedByClosure(api: Api, centerId: string, date: string, slotIds: string[] | undefined): Promise<Affected[]> {
  return (await dayQueue(api, centerId, date)).filter((b) => LIVE.has(b.status) && (!slotIds || slotIds.includes(b.slotId))).map(toAffected);
}

export function AffectedList({ affected }: { affected: Affected[] }) {
  if (affected.length === 0) return <Empty>没有会被撤销的预约。</Empty>;
  return (
    <>
      <p>
        <strong>将撤销以下 {affected.length} 个预约</strong>，并立即通知相关律师（不记违约）：
      </p>
      <ul>
        {affected.map((a) => (
          <li key={a.bookingId}>
            {dayLabel(a.date)}
            {sessionName(a.start)} 排队号 {a.queueNumber} · 在押人员 {a.detainee} · 律师 {a.lawyers}
          </li>
        ))}
      </ul>
    </>
  );
}
