// "改期" on the booking page (issue 20 part 3): the lead or the co-counsel picks another open session
// of the same center (the detainee stays) and the server moves the booking in one transaction — the
// new place taken and the old one freed together, or nothing changes. The answer stands beside the
// control (useAnswer); a move after the free-cancellation time is warned about first, the server
// decides.
import { useState } from 'preact/hooks';
import { idempotencyKey, unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import type { apiForCenter } from '../core/centers';
import type { R2Booking } from '../api/lookups';
import { dayLabel, sessionName, timeOf } from '../ui/format';
import { Answer, useAnswer } from '../ui/answer';

type Api = Awaited<ReturnType<typeof apiForCenter>>;
type Slot = ResponseOf<'/centers/{centerId}/slots', 'get'>['slots'][number];
type Moved = ResponseOf<'/bookings/{bookingId}/reschedule', 'post'>;

const slotLabel = (s: Pick<Slot, 'date' | 'start'>) => `${dayLabel(s.date)} ${sessionName(s.start)} ${timeOf(s.start)}`;

export function RescheduleSection({ api, booking, onMoved }: { api: Api; booking: R2Booking; onMoved: () => void }) {
  const [open, setOpen] = useState(false);
  const [slots, setSlots] = useState<Slot[]>();
  const [chosen, setChosen] = useState('');
  const load = useAnswer();
  const move = useAnswer();
  // Free cancellation ends at the session start by default (as booking.tsx warns before a cancellation).
  const late = Date.now() >= Date.parse(booking.start);
  const others = (slots ?? []).filter((s) => s.bookable && s.slotId !== booking.slotId);

  const openPicker = () =>
    void load.run(async () => {
      const found = await unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId: booking.centerId } } }));
      setSlots(found.slots);
      setOpen(true);
    });

  const submit = (e: Event) => {
    e.preventDefault();
    const target = others.find((s) => s.slotId === chosen);
    if (!target) return;
    void move.run(
      async () => {
        const r: Moved = await unwrap(
          api.POST('/bookings/{bookingId}/reschedule', {
            params: { path: { bookingId: booking.bookingId }, header: { 'Idempotency-Key': idempotencyKey() } },
            body: { slotId: target.slotId },
          }),
        );
        setOpen(false);
        setSlots(undefined);
        setChosen('');
        onMoved();
        return r;
      },
      (r) => (
        <>
          已改期至 <strong>{slotLabel({ date: r.slotId.slice(0, 10), start: r.start })}</strong>，新的排队号 <strong>{r.queueNumber}</strong>。
          {r.violation ? '因已超过原时段的免费撤销时间，已记违约一次。' : '原时段的名额已释放。'}
          {r.lawyers.length > 1 ? '同行人员已随预约改期并收到通知。' : ''}
        </>
      ),
    );
  };

  return (
    <section aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading">改期</h2>
      <p>改到同一看守所的另一个时段：新时段的名额和原时段的释放一次完成，不成功时原预约保持不变。</p>
      {!open ? (
        <button type="button" class="secondary" disabled={load.busy} onClick={openPicker}>
          改期
        </button>
      ) : (
        <form onSubmit={submit} aria-describedby={late ? 'reschedule-warning' : undefined}>
          {others.length === 0 ? (
            <p role="status">预约期内没有其他可预约的时段。</p>
          ) : (
            <label>
              改到
              <select name="slotId" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)} required>
                <option value="">请选择时段</option>
                {others.map((s) => (
                  <option key={s.slotId} value={s.slotId}>
                    {slotLabel(s)}（余 {s.available} 个名额）
                  </option>
                ))}
              </select>
            </label>
          )}
          {late && (
            <p id="reschedule-warning" class="alert alert-error">
              已过原时段的免费撤销时间（会见开始时），现在改期将按截止后撤销记违约一次。
            </p>
          )}
          <div role="group">
            <button type="submit" disabled={move.busy || !chosen}>
              确认改期
            </button>
            <button type="button" class="secondary outline" onClick={() => (setOpen(false), move.clear())}>
              不改期
            </button>
          </div>
        </form>
      )}
      <Answer answered={open ? move : load.error !== undefined ? load : move} />
    </section>
  );
}
