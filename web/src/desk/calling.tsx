// Queue calling at the front desk (叫号, issue 20): call the next lawyer of a session, recall a
// called (or skipped) one, skip (过号) one with a reason. The server decides who is next, so two
// desks calling at once never call the same lawyer; each answer names the number called.
import { useState } from 'preact/hooks';
import { unwrap, type Api } from '../api/client';
import type { R2QueueBooking } from '../api/lookups';
import { timeOf } from '../ui/format';
import { useAction } from '../ui/hooks';
import { ErrorAlert } from '../ui/parts';
import './calling.css';

type Call = NonNullable<R2QueueBooking['call']>;

const roomText = (roomNo: string | null) => (roomNo ? `，请到 ${roomNo}` : '');

/** The session's "叫号" button: calls the first waiting lawyer in queue order. */
export function CallNext({ api, centerId, slotId, title, onDone }: { api: Api; centerId: string; slotId: string; title: string; onDone: (text: string) => void }) {
  const action = useAction();
  return (
    <div class="actions">
      <button
        type="button"
        aria-label={`叫号：${title}的下一位`}
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const r = await unwrap(api.POST('/centers/{centerId}/calls', { params: { path: { centerId } }, body: { slotId } }));
            onDone(`已叫号：排队号 ${r.queueNumber}${roomText(r.roomNo)}。`);
          })
        }
      >
        叫号（下一位）
      </button>
      <a href={`/display/${encodeURIComponent(centerId)}`} target="_blank" rel="noopener">
        打开叫号屏
      </a>
      <ErrorAlert error={action.error} />
    </div>
  );
}

/** Where a booking's call stands, beside its status. */
export function CallBadge({ call }: { call: Call | null | undefined }) {
  if (!call) return null;
  if (call.state === 'skipped') return <span class="badge call-skipped">已过号{call.skipReason ? `（${call.skipReason}）` : ''}</span>;
  return (
    <span class="badge call-called">
      已叫号{call.callCount > 1 ? ` ${call.callCount} 次` : ''}
      {call.calledAt ? ` ${timeOf(call.calledAt)}` : ''}
    </span>
  );
}

/** 重呼 and 过号 of one booking still booked and already called (or skipped, for 重呼). */
export function CallActions({ api, centerId, booking, onDone }: { api: Api; centerId: string; booking: R2QueueBooking; onDone: (text: string) => void }) {
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('叫号未到');
  const action = useAction();
  if (booking.status !== 'booked' || !booking.call) return null;
  const n = booking.queueNumber;
  const path = { params: { path: { centerId, bookingId: booking.bookingId } } };
  return (
    <div class="actions">
      <button
        type="button"
        class="secondary"
        aria-label={`重呼：排队号 ${n}`}
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const r = await unwrap(api.POST('/centers/{centerId}/bookings/{bookingId}/recall', path));
            onDone(`已重呼排队号 ${r.queueNumber}（第 ${r.callCount} 次）${roomText(r.roomNo)}。`);
          })
        }
      >
        重呼
      </button>
      {booking.call.state === 'called' &&
        (skipping ? (
          <form
            class="actions"
            aria-label={`过号：排队号 ${n}`}
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                await unwrap(api.POST('/centers/{centerId}/bookings/{bookingId}/skip', { ...path, body: { reason: reason.trim() } }));
                setSkipping(false);
                onDone(`排队号 ${n} 已过号。`);
              });
            }}
          >
            <label>
              过号原因
              <input name="skipReason" required maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
            <button type="submit" class="contrast" disabled={action.busy}>
              确认过号
            </button>
          </form>
        ) : (
          <button type="button" class="outline" aria-label={`过号：排队号 ${n}`} disabled={action.busy} onClick={() => setSkipping(true)}>
            过号
          </button>
        ))}
      <ErrorAlert error={action.error} />
    </div>
  );
}
