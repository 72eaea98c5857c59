// Stopping meetings for a day or some of its sessions (B6): the sessions of the date from the
// slots route, the bookings the closure will cancel listed for staff to confirm, then sent.
import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { apiForCenter } from '../core/centers';
import { sessionName, shanghaiToday, timeOf } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { ErrorAlert, Loaded, Success } from '../ui/parts';
import { useCenterId } from './center';
import { DeskPage } from './layout';
import { affectedByClosure, AffectedList, type Affected } from './preview';

export function ClosuresPage() {
  const centerId = useCenterId();
  const [date, setDate] = useState(shanghaiToday());
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Affected[]>();
  const [result, setResult] = useState<{ cancelled: number; slots: number }>();
  const action = useAction();
  const slots = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId }, query: { from: date, to: date } } }))).slots;
  }, [centerId, date]);
  const toggle = (slotId: string, on: boolean) => {
    setChosen(on ? [...chosen, slotId] : chosen.filter((s) => s !== slotId));
    setPreview(undefined);
  };
  const slotIds = chosen.length ? chosen : undefined;

  return (
    <DeskPage title="停止会见">
      <p>突发情况需要临时停止会见时，在此登记。受影响的预约将被撤销（不记律师违约），并立即通知律师；候补的律师也会收到通知。</p>
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => setPreview(await affectedByClosure(await apiForCenter(centerId), centerId, date, slotIds)));
        }}
      >
        <label>
          日期
          <input type="date" name="date" required value={date} onChange={(e) => (setDate(e.currentTarget.value), setChosen([]), setPreview(undefined))} />
        </label>
        <Loaded state={slots} what="时段">
          {(list) =>
            list.length === 0 ? (
              <p>该日不是工作日，没有会见时段。</p>
            ) : (
              <fieldset>
                <legend>停止的时段（不选则停止全天）</legend>
                {list.map((s) => (
                  <label key={s.slotId}>
                    <input type="checkbox" name="slot" checked={chosen.includes(s.slotId)} onChange={(e) => toggle(s.slotId, e.currentTarget.checked)} />
                    {sessionName(s.start)} {timeOf(s.start)}–{timeOf(s.end)}
                  </label>
                ))}
              </fieldset>
            )
          }
        </Loaded>
        <label>
          原因
          <input name="reason" required maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={action.busy}>
          预览受影响的预约
        </button>
      </form>
      {preview && (
        <div role="region" aria-label="将撤销的预约" class="alert alert-info">
          <AffectedList affected={preview} />
          <button
            type="button"
            class="contrast"
            disabled={action.busy || !reason.trim()}
            onClick={() =>
              void action.run(async () => {
                const api = await apiForCenter(centerId);
                const r = await unwrap(
                  api.POST('/centers/{centerId}/closures', { params: { path: { centerId } }, body: { date, reason: reason.trim(), ...(slotIds ? { slotIds } : {}) } }),
                );
                setResult({ cancelled: r.cancelledBookingIds.length, slots: r.slotIds.length });
                setPreview(undefined);
              })
            }
          >
            确认停止会见并撤销 {preview.length} 个预约
          </button>
        </div>
      )}
      {result && (
        <Success>
          已停止 {result.slots} 个时段的会见，撤销了 {result.cancelled} 个预约，律师已收到通知。
        </Success>
      )}
      <ErrorAlert error={action.error} />
    </DeskPage>
  );
}
