// The lawyer's place in the day's queue (issue 20), on the booking page on the day of the meeting:
// "前面还有 N 位", the number now being served, and — once staff call — the call and the room.
// Polled every 5 s with If-None-Match (GET /bookings/{id}/queue), like the waiting hall's screen.
import type { Api } from '../api/client';
import type { R2Booking } from '../api/lookups';
import { shanghaiToday } from '../ui/format';
import { conditional, usePoll } from '../ui/poll';
import type { ResponseOf } from '../api/types';
import { ErrorAlert } from '../ui/parts';

type Position = ResponseOf<'/bookings/{bookingId}/queue', 'get'>;

const roomText = (roomNo: string | null) => (roomNo ? `请到 ${roomNo} 室` : '请到接待窗口办理');

function PositionText({ p }: { p: Position }) {
  if (p.status === 'checked_in') return <p>您已签到，请按民警安排进入会见。</p>;
  if (p.callState === 'called')
    return (
      <p class="alert alert-ok">
        <strong>已叫到您（排队号 {p.queueNumber}）</strong>，{roomText(p.roomNo)}。
      </p>
    );
  if (p.callState === 'skipped')
    return (
      <p class="alert alert-error">
        <strong>您的排队号 {p.queueNumber} 已过号</strong>，请尽快到接待窗口说明，由民警重新叫号。
      </p>
    );
  return (
    <p>
      <strong class="queue-ahead">前面还有 {p.ahead} 位</strong>
    </p>
  );
}

export function QueuePosition({ api, booking }: { api: Api; booking: R2Booking }) {
  const today = booking.date === shanghaiToday();
  const polled = usePoll<Position>(
    (etag) =>
      today
        ? api.GET('/bookings/{bookingId}/queue', { params: { path: { bookingId: booking.bookingId } }, headers: conditional(etag) })
        : Promise.resolve({ response: new Response(null, { status: 304 }) }),
    [booking.bookingId, today],
  );
  if (!today) return null;
  const p = polled.data;
  return (
    <section aria-labelledby="queue-heading" class="queue-position">
      <h2 id="queue-heading">当日排队</h2>
      <div aria-live="polite" aria-atomic="true">
        {p ? (
          <>
            <PositionText p={p} />
            <p>
              当前叫号：{p.nowServing === null ? '尚未开始叫号' : <strong>{p.nowServing} 号</strong>}；本时段还有 {p.waiting} 位等待叫号。
            </p>
          </>
        ) : (
          polled.error === undefined && <p aria-busy="true">正在读取排队情况…</p>
        )}
      </div>
      <ErrorAlert error={polled.error} />
      <p class="muted">每 5 秒自动刷新；叫到您时还会收到短信。</p>
    </section>
  );
}
