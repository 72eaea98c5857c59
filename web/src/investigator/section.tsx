// The case-handling unit's page (R7, B9): when a detainee is booked — times and kinds only, never
// a lawyer's identity — and booking an interrogation in a free session (it can never take a
// session a lawyer booked: the server answers DETAINEE_BUSY).
import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import { apiForCenter } from '../core/centers';
import type { SectionModule } from '../core/section';
import { useCenterId } from '../desk/center';
import { CenterPicker } from '../desk/layout';
import { addDays, dayLabel, sessionName, shanghaiToday, timeOf } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Page, Success } from '../ui/parts';

type Interrogation = ResponseOf<'/centers/{centerId}/interrogations', 'post'>;
const KIND: Record<string, string> = { 'lawyer-meeting': '律师会见', interrogation: '提讯' };

function InvestigatorPage() {
  const centerId = useCenterId();
  const [detaineeId, setDetaineeId] = useState('');
  const [shown, setShown] = useState('');
  const [slotId, setSlotId] = useState('');
  const [booked, setBooked] = useState<Interrogation>();
  const action = useAction();
  const from = shanghaiToday();
  const to = addDays(from, 7);
  const schedule = useLoad(async () => {
    if (!shown) return undefined;
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/detainees/{detaineeId}/schedule', { params: { path: { centerId, detaineeId: shown }, query: { from, to } } }))).appointments;
  }, [centerId, shown, booked?.interrogationId]);
  const slots = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId } } }))).slots.filter((s) => Date.parse(s.start) > Date.now());
  }, [centerId]);

  return (
    <Page title="提讯安排">
      <CenterPicker />
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setBooked(undefined);
          setShown(detaineeId.trim());
        }}
      >
        <label>
          在押人员编号
          <input name="detaineeId" required value={detaineeId} onInput={(e) => setDetaineeId(e.currentTarget.value)} />
        </label>
        <button type="submit">查看已预约时段</button>
      </form>
      {shown && (
        <section aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">
            已预约时段（{from} 至 {to}）
          </h2>
          <Loaded state={schedule} what="已预约时段">
            {(list) =>
              !list || list.length === 0 ? (
                <Empty>该期间没有预约。</Empty>
              ) : (
                <table class="striped">
                  <thead>
                    <tr>
                      <th scope="col">日期</th>
                      <th scope="col">时段</th>
                      <th scope="col">时间</th>
                      <th scope="col">类型</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((a) => (
                      <tr key={`${a.slotId}-${a.kind}`}>
                        <td>{dayLabel(a.date)}</td>
                        <td>{sessionName(a.start)}</td>
                        <td>
                          {timeOf(a.start)}–{timeOf(a.end)}
                        </td>
                        <td>{KIND[a.kind] ?? a.kind}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Loaded>
          <h2>预约提讯</h2>
          <form
            class="toolbar"
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                const api = await apiForCenter(centerId);
                setBooked(await unwrap(api.POST('/centers/{centerId}/interrogations', { params: { path: { centerId } }, body: { detaineeId: shown, slotId } })));
              });
            }}
          >
            <Loaded state={slots} what="时段">
              {(list) => (
                <label>
                  时段
                  <select name="slotId" required value={slotId} onChange={(e) => setSlotId(e.currentTarget.value)}>
                    <option value="">请选择</option>
                    {list.map((s) => (
                      <option key={s.slotId} value={s.slotId}>
                        {dayLabel(s.date)} {sessionName(s.start)} {timeOf(s.start)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </Loaded>
            <button type="submit" disabled={action.busy}>
              预约提讯
            </button>
          </form>
          <ErrorAlert error={action.error} />
          {booked && (
            <Success>
              已预约提讯：{dayLabel(booked.date)}
              {sessionName(booked.start)}，排队号 {booked.queueNumber}，讯问室 {booked.roomNo}。
            </Success>
          )}
        </section>
      )}
    </Page>
  );
}

export const pages: SectionModule['pages'] = [{ pattern: '/investigator', component: InvestigatorPage }];
export const nav: SectionModule['nav'] = [{ href: '/investigator', label: '提讯安排' }];
