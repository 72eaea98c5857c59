// What lawyers ask of the center: urgent requests to place before their 48-hour deadline (B2),
// suggestions to answer (R10) and violation appeals to decide (B1). Appeals have no list route in
// the contract: they are found in the center's audit trail, where every appeal is recorded (R14).
import { useState } from 'preact/hooks';
import { cityApi, unwrap } from '../api/client';
import type { Suggestion, UrgentRequest } from '../api/types';
import { apiForCenter } from '../core/centers';
import { addDays, dateTime, sessionName, shanghaiToday, timeOf } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Success } from '../ui/parts';
import { useCenterId } from './center';
import { DeskPage } from './layout';

function PlaceForm({ request, onDone }: { request: UrgentRequest; onDone: (text: string) => void }) {
  const centerId = useCenterId();
  const [slotId, setSlotId] = useState('');
  const [roomType, setRoomType] = useState<'meeting' | 'interrogation'>('meeting');
  const [roomNo, setRoomNo] = useState('');
  const action = useAction();
  const slots = useLoad(async () => {
    const api = await apiForCenter(centerId);
    const today = shanghaiToday();
    return (await unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId }, query: { from: today, to: addDays(today, 3) } } }))).slots.filter(
      (s) => s.start <= request.deadline && Date.parse(s.lastAdmission) > Date.now(),
    );
  }, [centerId, request.requestId]);
  return (
    <form
      class="toolbar"
      aria-label={`安排紧急会见申请 ${request.requestId}`}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          // The request belongs to this center's district: that district's API places it.
          const api = await apiForCenter(centerId);
          const r = await unwrap(
            api.POST('/urgent-requests/{requestId}/place', {
              params: { path: { requestId: request.requestId } },
              body: { roomType, roomNo: roomNo.trim(), ...(slotId ? { slotId } : {}) },
            }),
          );
          onDone(
            `紧急会见申请已安排：${r.slotId}，${roomType === 'meeting' ? '会见室' : '讯问室'} ${r.roomNo}${r.placedOnTime ? '，在期限内' : '，已超过期限'}${r.consentRequired ? '；律师签署告知书后方可使用讯问室' : ''}。`,
          );
        });
      }}
    >
      <Loaded state={slots} what="时段">
        {(list) => (
          <label>
            时段
            <select name="slotId" value={slotId} onChange={(e) => setSlotId(e.currentTarget.value)}>
              <option value="">最早可安排的时段</option>
              {list.map((s) => (
                <option key={s.slotId} value={s.slotId}>
                  {s.date} {sessionName(s.start)} {timeOf(s.start)}
                </option>
              ))}
            </select>
          </label>
        )}
      </Loaded>
      <label>
        房间类型
        <select name="roomType" value={roomType} onChange={(e) => setRoomType(e.currentTarget.value as 'meeting' | 'interrogation')}>
          <option value="meeting">会见室</option>
          <option value="interrogation">讯问室</option>
        </select>
      </label>
      <label>
        房间号
        <input name="roomNo" required size={6} value={roomNo} onInput={(e) => setRoomNo(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={action.busy}>
        安排会见
      </button>
      <ErrorAlert error={action.error} />
    </form>
  );
}

export function UrgentRequestsPage() {
  const centerId = useCenterId();
  const [notice, setNotice] = useState<string>();
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/urgent-requests', { params: { path: { centerId }, query: { status: 'open' } } }))).requests;
  }, [centerId]);
  return (
    <DeskPage title="紧急会见申请">
      <p>律师在 48 小时内约不到会见时提出；须在截止时间前安排（可超出常规名额，必要时使用讯问室）。</p>
      {notice && <Success>{notice}</Success>}
      <Loaded state={state} what="紧急会见申请">
        {(requests) =>
          requests.length === 0 ? (
            <Empty>没有待安排的紧急会见申请。</Empty>
          ) : (
            <div class="cards">
              {requests.map((r) => (
                <article key={r.requestId} class="card" aria-label={`紧急会见申请：在押人员 ${r.detaineeId}`}>
                  <p>
                    在押人员 <code>{r.detaineeId}</code> · 律师 <code>{r.lawyerId}</code>
                  </p>
                  <p>
                    截止 <strong>{dateTime(r.deadline)}</strong> {r.overdue ? <span class="badge late">已逾期</span> : r.atRisk ? <span class="badge late">即将到期</span> : null}
                  </p>
                  <PlaceForm
                    request={r}
                    onDone={(text) => {
                      setNotice(text);
                      state.reload();
                    }}
                  />
                </article>
              ))}
            </div>
          )
        }
      </Loaded>
    </DeskPage>
  );
}

function ReplyForm({ suggestion, onDone }: { suggestion: Suggestion; onDone: () => void }) {
  const centerId = useCenterId();
  const [text, setText] = useState('');
  const action = useAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const api = await apiForCenter(centerId);
          await unwrap(
            api.POST('/centers/{centerId}/suggestions/{suggestionId}/reply', {
              params: { path: { centerId, suggestionId: suggestion.suggestionId } },
              body: { text: text.trim() },
            }),
          );
          onDone();
        });
      }}
    >
      <label>
        答复
        <textarea name="reply" required maxLength={2000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <ErrorAlert error={action.error} />
      <button type="submit" disabled={action.busy}>
        提交答复
      </button>
    </form>
  );
}

export function SuggestionsPage() {
  const centerId = useCenterId();
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/suggestions', { params: { path: { centerId }, query: { status: 'all' } } }))).suggestions;
  }, [centerId]);
  return (
    <DeskPage title="意见建议登记簿">
      <Loaded state={state} what="意见建议">
        {(list) =>
          list.length === 0 ? (
            <Empty>没有意见建议。</Empty>
          ) : (
            <div class="cards">
              {list.map((s) => (
                <article key={s.suggestionId} class="card" aria-label={`意见建议 ${dateTime(s.createdAt)}`}>
                  <p>{s.text}</p>
                  <p class="muted">
                    {dateTime(s.createdAt)} 提出 · 应于 {dateTime(s.replyDueBy)} 前答复 {s.overdue && <span class="badge late">逾期未答复</span>}
                  </p>
                  {s.status === 'replied' ? (
                    <p>
                      答复（{dateTime(s.repliedAt)}）：{s.reply}
                    </p>
                  ) : (
                    <ReplyForm suggestion={s} onDone={state.reload} />
                  )}
                </article>
              ))}
            </div>
          )
        }
      </Loaded>
    </DeskPage>
  );
}

const APPEAL = 'POST /violations/{violationId}/appeal';
const DECISION = 'POST /violations/{violationId}/decision';

export function AppealsPage() {
  const centerId = useCenterId();
  const [decided, setDecided] = useState<Record<string, string>>({});
  const [manual, setManual] = useState('');
  const action = useAction();
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    const to = shanghaiToday();
    const { records } = await unwrap(api.GET('/centers/{centerId}/audit', { params: { path: { centerId }, query: { from: addDays(to, -59), to } } }));
    const done = new Set(records.filter((r) => r.action === DECISION).map((r) => r.target));
    return records.filter((r) => r.action === APPEAL && r.target && !done.has(r.target));
  }, [centerId]);
  const decide = (violationId: string, decision: 'upheld' | 'voided') =>
    void action.run(async () => {
      await unwrap(cityApi().POST('/violations/{violationId}/decision', { params: { path: { violationId } }, body: { decision } }));
      setDecided((d) => ({ ...d, [violationId]: decision }));
    });
  const Buttons = ({ id }: { id: string }) =>
    decided[id] ? (
      <span>{decided[id] === 'upheld' ? '已维持违约' : '已撤销违约'}</span>
    ) : (
      <div class="actions">
        <button type="button" class="secondary" aria-label={`维持违约 ${id}`} disabled={action.busy} onClick={() => decide(id, 'upheld')}>
          维持违约
        </button>
        <button type="button" aria-label={`撤销违约 ${id}`} disabled={action.busy} onClick={() => decide(id, 'voided')}>
          撤销违约
        </button>
      </div>
    );
  return (
    <DeskPage title="违约申诉">
      <p>律师对本所记录的违约提出的申诉（近 60 天）。撤销违约将从计数中扣除，必要时解除暂停。</p>
      <ErrorAlert error={action.error} />
      <Loaded state={state} what="申诉">
        {(appeals) =>
          appeals.length === 0 ? (
            <Empty>没有待裁决的申诉。</Empty>
          ) : (
            <table class="striped">
              <thead>
                <tr>
                  <th scope="col">申诉时间</th>
                  <th scope="col">违约记录</th>
                  <th scope="col">裁决</th>
                </tr>
              </thead>
              <tbody>
                {appeals.map((a) => (
                  <tr key={a.auditId}>
                    <td>{dateTime(a.at)}</td>
                    <td>
                      <code>{a.target}</code>
                    </td>
                    <td>
                      <Buttons id={a.target as string} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      <h2>按编号裁决</h2>
      <div class="toolbar">
        <label>
          违约记录编号
          <input name="violationId" value={manual} onInput={(e) => setManual(e.currentTarget.value)} />
        </label>
        {manual.trim() && <Buttons id={manual.trim()} />}
      </div>
    </DeskPage>
  );
}
