// The lawyer's other pages: violations with appeal (B1), waitlist places (B3), urgent requests and
// their deadlines (B2), suggestions to a center (R10) and how notifications reach them (B7).
import { useState } from 'preact/hooks';
import { cityApi, unwrap } from '../api/client';
import type { Violation } from '../api/types';
import { apiForCenter, loadCenters } from '../core/centers';
import { myUrgentRequests, myWaitlist } from '../api/lookups';
import { dateTime, dayLabel, sessionLabel, timeOf, VIOLATION_REASON, VIOLATION_STATUS } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Answer, useAnswer } from '../ui/answer';
import { Empty, ErrorAlert, Loaded, Page, Success } from '../ui/parts';
import { loadMe } from './data';

function AppealForm({ violation, onDone }: { violation: Violation; onDone: (v: Violation) => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () =>
          onDone(await unwrap(cityApi().POST('/violations/{violationId}/appeal', { params: { path: { violationId: violation.violationId } }, body: { reason: reason.trim() } }))),
        );
      }}
    >
      <label>
        申诉理由
        <textarea name="reason" required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy}>
        提交申诉
      </button>
    </form>
  );
}

export function ViolationsPage() {
  const me = useLoad(loadMe, []);
  const list = useLoad(() => unwrap(cityApi().GET('/me/violations')), []);
  const [updated, setUpdated] = useState<Record<string, Violation>>({});
  return (
    <Page title="违约记录">
      <Loaded state={me}>
        {(m) => (
          <p>
            当前计入的违约 <strong>{m.violationCount}</strong> 次；累计 3 次将暂停网上预约 30 天。
            {m.lockedUntil && <strong role="alert">网上预约已暂停至 {dateTime(m.lockedUntil)}。</strong>}
          </p>
        )}
      </Loaded>
      <Loaded state={list} what="违约记录">
        {({ violations }) =>
          violations.length === 0 ? (
            <Empty>没有违约记录。</Empty>
          ) : (
            <div class="cards">
              {violations.map((original) => {
                const v = updated[original.violationId] ?? original;
                return (
                  <article class="card" key={v.violationId} aria-label={`违约：${VIOLATION_REASON[v.reason]}`}>
                    <p>
                      <strong>{VIOLATION_REASON[v.reason] ?? v.reason}</strong>
                    </p>
                    {v.meeting ? (
                      <p>
                        会见：{v.meeting.detaineeName || '（姓名未登记）'} · {v.meeting.centerName} · {sessionLabel(v.meeting.start)} {timeOf(v.meeting.start)}
                      </p>
                    ) : null}
                    <p class="muted">记录时间：{dateTime(v.at)}</p>
                    <p>
                      状态：<span class={`badge violation-${v.status}`}>{VIOLATION_STATUS[v.status] ?? v.status}</span>
                    </p>
                    {updated[v.violationId] && <Success>申诉已提交，看守所将作出裁决。</Success>}
                    {v.status === 'counted' && <AppealForm violation={v} onDone={(nv) => setUpdated({ ...updated, [nv.violationId]: nv })} />}
                  </article>
                );
              })}
            </div>
          )
        }
      </Loaded>
    </Page>
  );
}

export function WaitlistPage() {
  const data = useLoad(async () => ({ entries: await myWaitlist(), centers: await loadCenters() }), []);
  const action = useAnswer();
  const [tapped, setTapped] = useState<string>();
  const [left, setLeft] = useState<string[]>([]);
  return (
    <Page title="我的候补">
      <p>已约满的时段可以候补；有人撤销时，系统按候补顺序自动为排在最前的律师预约并通知。</p>
      {left.length > 0 && <Success>已退出候补。</Success>}
      <Loaded state={data} what="候补">
        {({ entries, centers }) => {
          const shown = entries.filter((e) => !left.includes(e.waitlistId));
          return shown.length === 0 ? (
            <Empty>当前没有候补。</Empty>
          ) : (
            <div class="cards">
              {shown.map((e) => (
                <article
                  class="card"
                  key={e.waitlistId}
                  aria-label={`候补：${e.detaineeName ?? ''} ${dayLabel(e.slotId.slice(0, 10))}${e.slotId.endsWith('PM') ? '下午' : '上午'}`}
                >
                  <p>
                    {e.centerName || centers.find((c) => c.centerId === e.centerId)?.name} · {dayLabel(e.slotId.slice(0, 10))}
                    {e.slotId.endsWith('PM') ? '下午' : '上午'}
                  </p>
                  <p>
                    在押人员 {e.detaineeName || '（姓名未登记）'} · 排第 <strong>{e.position}</strong> 位
                  </p>
                  <button
                    type="button"
                    class="secondary"
                    disabled={action.busy}
                    onClick={() => {
                      setTapped(e.waitlistId);
                      void action.run(async () => {
                        const api = await apiForCenter(e.centerId);
                        await unwrap(api.DELETE('/waitlist/{waitlistId}', { params: { path: { waitlistId: e.waitlistId } } }));
                        setLeft([...left, e.waitlistId]);
                      });
                    }}
                  >
                    退出候补
                  </button>
                  {tapped === e.waitlistId && action.error !== undefined && <Answer answered={action} />}
                </article>
              ))}
            </div>
          );
        }}
      </Loaded>
    </Page>
  );
}

const URGENT_STATUS: Record<string, string> = { open: '待安排', placed: '已安排', closed: '已关闭（委托已结束）' };

export function UrgentPage() {
  const data = useLoad(async () => ({ requests: await myUrgentRequests(), centers: await loadCenters() }), []);
  return (
    <Page title="紧急会见申请">
      <p>在“预约会见”页面提出申请；看守所须在截止时间前安排会见。</p>
      <Loaded state={data} what="紧急会见申请">
        {({ requests, centers }) =>
          requests.length === 0 ? (
            <Empty>没有紧急会见申请。</Empty>
          ) : (
            <div class="cards">
              {requests.map((r) => (
                <article class="card" key={r.requestId} aria-label={`紧急会见申请：${r.detaineeName ?? ''}`}>
                  <p>
                    在押人员 <strong>{r.detaineeName || '（姓名未登记）'}</strong> · {r.centerName || centers.find((c) => c.centerId === r.centerId)?.name}
                  </p>
                  <p>
                    截止：<strong>{dateTime(r.deadline)}</strong> · {URGENT_STATUS[r.status] ?? r.status}
                  </p>
                </article>
              ))}
            </div>
          )
        }
      </Loaded>
    </Page>
  );
}

export function SuggestionPage() {
  const centers = useLoad(loadCenters, []);
  const [centerId, setCenterId] = useState('');
  const [text, setText] = useState('');
  const [done, setDone] = useState<{ replyDueBy: string }>();
  const action = useAction();
  return (
    <Page title="意见建议">
      <p>对看守所的会见安排有意见或建议，可在此提出；看守所须按时答复。</p>
      <Loaded state={centers} what="看守所">
        {(list) => (
          <form
            class="narrow"
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(async () => {
                const api = await apiForCenter(centerId);
                const r = await unwrap(api.POST('/centers/{centerId}/suggestions', { params: { path: { centerId } }, body: { text: text.trim() } }));
                setDone(r);
                setText('');
              });
            }}
          >
            <label>
              看守所
              <select name="centerId" required value={centerId} onChange={(e) => setCenterId(e.currentTarget.value)}>
                <option value="">请选择</option>
                {list.map((c) => (
                  <option key={c.centerId} value={c.centerId}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              意见建议内容
              <textarea name="text" required maxLength={2000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </label>
            <ErrorAlert error={action.error} />
            <button type="submit" disabled={action.busy}>
              提交意见建议
            </button>
          </form>
        )}
      </Loaded>
      {done && <Success>已提交，看守所将在 {dateTime(done.replyDueBy)} 前答复。</Success>}
    </Page>
  );
}

const CHANNELS = [
  ['sms', '短信'],
  ['email', '电子邮件'],
  ['both', '短信和电子邮件'],
] as const;

export function SettingsPage() {
  const [notifyBy, setNotifyBy] = useState<'sms' | 'email' | 'both'>('sms');
  const [saved, setSaved] = useState<{ notifyBy: string; email: string | null }>();
  const action = useAction();
  return (
    <Page title="通知设置">
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => setSaved(await unwrap(cityApi().POST('/me/preferences', { body: { notifyBy } }))));
        }}
      >
        <fieldset>
          <legend>预约变动、候补递补、提醒等通知的发送方式</legend>
          {CHANNELS.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="notifyBy" value={value} checked={notifyBy === value} onChange={() => setNotifyBy(value)} />
              {label}
            </label>
          ))}
        </fieldset>
        <ErrorAlert error={action.error} />
        <button type="submit" disabled={action.busy}>
          保存通知设置
        </button>
      </form>
      {saved && (
        <Success>
          已保存：通知将通过{CHANNELS.find(([v]) => v === saved.notifyBy)?.[1]}发送。
          {saved.email ? `邮件发送至 ${saved.email}。` : ''}
        </Success>
      )}
    </Page>
  );
}
