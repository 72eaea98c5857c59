// What lawyers ask of the center: urgent requests to place before their 48-hour deadline (B2),
// suggestions to answer (R10) and violation appeals to decide (B1), each appeal with the lawyer, the
// meeting, the violation's reason and the lawyer's text (GET /centers/{c}/appeals).
import { useState } from 'preact/hooks';
import { cityApi, unwrap } from '../api/client';
import type { ResponseOf, Suggestion, UrgentRequest } from '../api/types';
import { apiForCenter } from '../core/centers';
import { Answer, useAnswer } from '../ui/answer';
import { addDays, dateTime, dayLabel, ROOM_TYPE, sessionName, shanghaiToday, timeOf, VIOLATION_REASON } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Success } from '../ui/parts';
import { useCenterId } from './center';
import { DeskPage } from './layout';

/** "2026-12-10.AM" → "12月10日（周四）上午". */
export const slotLabel = (slotId: string) => `${dayLabel(slotId.slice(0, 10))}${slotId.endsWith('.AM') ? '上午' : '下午'}`;

type Detail = ResponseOf<'/centers/{centerId}/detainees/{detaineeId}', 'get'>;

/**
 * The sessions an urgent request can go to: started before the deadline, not over, not closed by
 * the center, and ones the detainee can attend — no court day (unavailability) and no other
 * meeting or interrogation of theirs in it.
 */
function PlaceForm({ request, detail, onDone }: { request: UrgentRequest; detail: Detail; onDone: (text: string) => void }) {
  const centerId = useCenterId();
  const [slotId, setSlotId] = useState('');
  const [roomType, setRoomType] = useState<'meeting' | 'interrogation'>('meeting');
  const [roomNo, setRoomNo] = useState('');
  const answer = useAnswer();
  const slots = useLoad(async () => {
    const api = await apiForCenter(centerId);
    const today = shanghaiToday();
    const unavailable = new Set(detail.unavailableSlotIds);
    const busy = new Set(detail.upcoming.map((u) => u.slotId));
    const list = (await unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId }, query: { from: today, to: addDays(today, 3) } } }))).slots;
    return list.filter(
      (s) => s.start <= request.deadline && Date.parse(s.lastAdmission) > Date.now() && s.reason !== 'closed' && !unavailable.has(s.slotId) && !busy.has(s.slotId),
    );
  }, [centerId, request.requestId]);
  const chosen = slotId || slots.data?.[0]?.slotId || '';
  const rooms = useLoad(async () => {
    if (!chosen) return [];
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/rooms', { params: { path: { centerId }, query: { slotId: chosen } } }))).rooms;
  }, [centerId, chosen]);
  const free = (rooms.data ?? []).filter((r) => r.roomType === roomType && r.free);
  const room = free.some((r) => r.roomNo === roomNo) ? roomNo : (free[0]?.roomNo ?? '');
  return (
    <form
      class="toolbar"
      aria-label={`安排紧急会见申请：${detail.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void answer.run(
          async () => {
            // The request belongs to this center's district: that district's API places it.
            const api = await apiForCenter(centerId);
            return unwrap(api.POST('/urgent-requests/{requestId}/place', { params: { path: { requestId: request.requestId } }, body: { roomType, roomNo: room, slotId: chosen } }));
          },
          (r) => {
            const text = `紧急会见申请已安排：${slotLabel(r.slotId)}，${ROOM_TYPE[r.roomType]} ${r.roomNo}${r.placedOnTime ? '，在期限内' : '，已超过期限'}${r.consentRequired ? '；律师签署告知书后方可使用讯问室' : ''}。`;
            onDone(text);
            return text;
          },
        );
      }}
    >
      <Loaded state={slots} what="时段">
        {(list) =>
          list.length === 0 ? (
            <p>截止时间前没有该在押人员可以会见的时段（开庭、已有安排或看守所停止会见）。</p>
          ) : (
            <label>
              时段
              <select name="slotId" value={chosen} onChange={(e) => setSlotId(e.currentTarget.value)}>
                {list.map((s) => (
                  <option key={s.slotId} value={s.slotId}>
                    {dayLabel(s.date)}
                    {sessionName(s.start)} {timeOf(s.start)}
                    {s.available === 0 ? '（常规名额已满，可加号）' : ''}
                  </option>
                ))}
              </select>
            </label>
          )
        }
      </Loaded>
      <label>
        房间类型
        <select name="roomType" value={roomType} onChange={(e) => setRoomType(e.currentTarget.value as 'meeting' | 'interrogation')}>
          <option value="meeting">会见室</option>
          <option value="interrogation">讯问室</option>
        </select>
      </label>
      <label>
        房间
        <select name="roomNo" required value={room} onChange={(e) => setRoomNo(e.currentTarget.value)}>
          {free.length === 0 && <option value="">该时段没有空闲的{ROOM_TYPE[roomType]}</option>}
          {free.map((r) => (
            <option key={r.roomNo} value={r.roomNo}>
              {ROOM_TYPE[r.roomType]} {r.roomNo}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={answer.busy || !chosen || !room}>
        安排会见
      </button>
      <Answer answered={answer} />
    </form>
  );
}

/** One open request with the detainee's and the lawyer's names (from the detainee's record and bindings). */
function UrgentCard({ request }: { request: UrgentRequest }) {
  const centerId = useCenterId();
  const [placed, setPlaced] = useState<string>();
  const detail = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return unwrap(api.GET('/centers/{centerId}/detainees/{detaineeId}', { params: { path: { centerId, detaineeId: request.detaineeId } } }));
  }, [centerId, request.requestId]);
  const lawyerName = detail.data?.bindings.find((b) => b.lawyerId === request.lawyerId)?.lawyerName;
  return (
    <article class="card" aria-label={`紧急会见申请：${detail.data?.name ?? '在押人员'}`}>
      <Loaded state={detail} what="在押人员">
        {(d) => (
          <>
            <p>
              在押人员 <strong>{d.name}</strong> · 律师 <strong>{lawyerName || '（该律师的委托已结束）'}</strong>
            </p>
            <p>
              提出于 {dateTime(request.createdAt)}，截止 <strong>{dateTime(request.deadline)}</strong>{' '}
              {request.overdue ? <span class="badge late">已逾期</span> : request.atRisk ? <span class="badge late">即将到期</span> : null}
            </p>
            {placed ? <Success>{placed}</Success> : <PlaceForm request={request} detail={d} onDone={setPlaced} />}
          </>
        )}
      </Loaded>
    </article>
  );
}

export function UrgentRequestsPage() {
  const centerId = useCenterId();
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/urgent-requests', { params: { path: { centerId }, query: { status: 'open' } } }))).requests;
  }, [centerId]);
  return (
    <DeskPage title="紧急会见申请">
      <p>律师在 48 小时内约不到会见时提出；须在截止时间前安排（可超出常规名额，必要时使用讯问室）。</p>
      <Loaded state={state} what="紧急会见申请">
        {(requests) =>
          requests.length === 0 ? (
            <Empty>没有待安排的紧急会见申请。</Empty>
          ) : (
            <div class="cards">
              {requests.map((r) => (
                <UrgentCard key={r.requestId} request={r} />
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

type OpenAppeal = ResponseOf<'/centers/{centerId}/appeals', 'get'>['appeals'][number];

/** "12月10日（周四）上午" for a booking's session. */
const sessionLabel = (b: { date: string; sessionStart: string }) => `${dayLabel(b.date)}${sessionName(b.sessionStart)}`;

function DecisionButtons({ id, who, onDecided }: { id: string; who: string; onDecided: (decision: 'upheld' | 'voided') => void }) {
  const answer = useAnswer();
  const decide = (decision: 'upheld' | 'voided') =>
    void answer.run(
      async () => {
        await unwrap(cityApi().POST('/violations/{violationId}/decision', { params: { path: { violationId: id } }, body: { decision } }));
        onDecided(decision);
        return decision;
      },
      (d) => (d === 'upheld' ? '已维持违约' : '已撤销违约'),
    );
  return (
    <div>
      {answer.ok === undefined && (
        <div class="actions">
          <button type="button" class="secondary" aria-label={`维持违约：${who}`} disabled={answer.busy} onClick={() => decide('upheld')}>
            维持违约
          </button>
          <button type="button" aria-label={`撤销违约：${who}`} disabled={answer.busy} onClick={() => decide('voided')}>
            撤销违约
          </button>
        </div>
      )}
      <Answer answered={answer} />
    </div>
  );
}

export function AppealsPage() {
  const centerId = useCenterId();
  const [manual, setManual] = useState('');
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/appeals', { params: { path: { centerId } } }))).appeals;
  }, [centerId]);
  const who = (a: OpenAppeal) => `${a.lawyer.name}${a.booking ? `，${sessionLabel(a.booking)}会见${a.booking.detaineeName}` : ''}`;
  return (
    <DeskPage title="违约申诉">
      <p>律师对本所记录的违约提出的申诉，按申诉先后排列。撤销违约将从计数中扣除，必要时解除暂停。</p>
      <Loaded state={state} what="申诉">
        {(appeals) =>
          appeals.length === 0 ? (
            <Empty>没有待裁决的申诉。</Empty>
          ) : (
            <div class="cards">
              {appeals.map((a) => (
                <article key={a.violationId} class="card" aria-label={`申诉：${who(a)}`}>
                  <h2 class="card-title">
                    {a.lawyer.name}
                    <span class="muted">
                      （{a.lawyer.lawFirm}，执业证号 {a.lawyer.licenseNo}）
                    </span>
                  </h2>
                  <dl class="facts">
                    <dt>所涉会见</dt>
                    <dd>{a.booking ? `${sessionLabel(a.booking)}，在押人员 ${a.booking.detaineeName}` : '—'}</dd>
                    <dt>违约原因</dt>
                    <dd>{VIOLATION_REASON[a.reason] ?? a.reason}</dd>
                    <dt>记录时间</dt>
                    <dd>{dateTime(a.at)}</dd>
                    <dt>申诉时间</dt>
                    <dd>{dateTime(a.appealedAt)}</dd>
                    <dt>申诉理由</dt>
                    <dd class="appeal-text">{a.appealReason}</dd>
                  </dl>
                  <DecisionButtons id={a.violationId} who={who(a)} onDecided={() => undefined} />
                </article>
              ))}
            </div>
          )
        }
      </Loaded>
      <details>
        <summary>按违约记录编号裁决（本列表启用前提出的申诉）</summary>
        <div class="toolbar">
          <label>
            违约记录编号
            <input name="violationId" value={manual} onInput={(e) => setManual(e.currentTarget.value)} />
          </label>
          {manual.trim() && <DecisionButtons key={manual.trim()} id={manual.trim()} who={`编号 ${manual.trim()}`} onDecided={() => undefined} />}
        </div>
      </details>
    </DeskPage>
  );
}
