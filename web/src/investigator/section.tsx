// The case-handling unit's page (R7, B9): when a detainee is booked — times and kinds only, never
// a lawyer's identity — and booking an interrogation in a free session (it can never take a
// session a lawyer booked: the server answers DETAINEE_BUSY, so such a period is marked, not offered). A
// detainee is found by name (GET /centers/{c}/detainee-search: id, name and status only).
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

type Found = ResponseOf<'/centers/{centerId}/detainee-search', 'get'>['detainees'][number];

function InvestigatorPage() {
  const centerId = useCenterId();
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState<Found>();
  const [slotId, setSlotId] = useState('');
  const [booked, setBooked] = useState<Interrogation>();
  const action = useAction();
  const from = shanghaiToday();
  const to = addDays(from, 14);
  const found = useLoad(async () => {
    if (!search) return undefined;
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/detainee-search', { params: { path: { centerId }, query: { name: search, limit: 20 } } }))).detainees;
  }, [centerId, search]);
  const schedule = useLoad(async () => {
    if (!shown) return undefined;
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/detainees/{detaineeId}/schedule', { params: { path: { centerId, detaineeId: shown.detaineeId }, query: { from, to } } })))
      .appointments;
  }, [centerId, shown?.detaineeId, booked?.interrogationId]);
  const slots = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId }, query: { from, to } } }))).slots.filter((s) => Date.parse(s.start) > Date.now());
  }, [centerId]);
  // A period the detainee is already taken in (a lawyer's meeting or another interrogation) is shown
  // as such, never offered: the server would refuse it (DETAINEE_BUSY).
  const taken = new Map((schedule.data ?? []).map((a) => [a.slotId, a.kind]));

  return (
    <Page title="提讯安排">
      <CenterPicker />
      <form
        class="toolbar"
        role="search"
        aria-label="按姓名查找在押人员"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(name.trim());
        }}
      >
        <label>
          在押人员姓名
          <input name="name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit">查找</button>
      </form>
      {search && (
        <Loaded state={found} what="在押人员">
          {(list) =>
            !list || list.length === 0 ? (
              <Empty>本所没有姓名含“{search}”的在押人员。</Empty>
            ) : (
              <ul class="plain" aria-label="查找结果">
                {list.map((d) => (
                  <li key={d.detaineeId}>
                    <button
                      type="button"
                      class={shown?.detaineeId === d.detaineeId ? 'small' : 'secondary small'}
                      aria-pressed={shown?.detaineeId === d.detaineeId}
                      onClick={() => {
                        setBooked(undefined);
                        setSlotId('');
                        action.clear();
                        setShown(d);
                      }}
                    >
                      {d.name}
                    </button>{' '}
                    <span class="muted">{d.status === 'active' ? '在押' : '已离所'}</span>
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      )}
      {shown && (
        <section aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">
            {shown.name} 已预约时段（{dayLabel(from)} 至 {dayLabel(to)}）
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
                setBooked(await unwrap(api.POST('/centers/{centerId}/interrogations', { params: { path: { centerId } }, body: { detaineeId: shown.detaineeId, slotId } })));
              });
            }}
          >
            <Loaded state={slots} what="时段">
              {(list) => (
                <label>
                  时段
                  <select name="slotId" required value={slotId} onChange={(e) => setSlotId(e.currentTarget.value)}>
                    <option value="">请选择</option>
                    {list.map((s) => {
                      const kind = taken.get(s.slotId);
                      return (
                        <option key={s.slotId} value={s.slotId} disabled={kind !== undefined}>
                          {dayLabel(s.date)} {sessionName(s.start)} {timeOf(s.start)}
                          {kind ? `（已有${KIND[kind] ?? '安排'}，不可预约）` : ''}
                        </option>
                      );
                    })}
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
