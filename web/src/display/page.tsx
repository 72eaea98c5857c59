// The queue screen of one center (GET /centers/{c}/display, polled every 5 s with If-None-Match):
// for each of today's sessions the number now being served, the numbers called with their room,
// and how many still wait. Queue numbers and rooms only — the API holds nothing personal for it.
import { useEffect } from 'preact/hooks';
import { districtApi } from '../api/client';
import { apiForCenter } from '../core/centers';
import type { ResponseOf } from '../api/types';
import { conditional, usePoll } from '../ui/poll';
import { errorText } from '../api/client';
import { timeOf } from '../ui/format';

type Display = ResponseOf<'/centers/{centerId}/display', 'get'>;
type Session = Display['sessions'][number];

const clock = (at: number) => new Date(at).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function SessionBoard({ session }: { session: Session }) {
  const waitingCalls = session.called.filter((c) => !c.checkedIn);
  return (
    <section class="board" aria-labelledby={`board-${session.slotId}`}>
      <h2 id={`board-${session.slotId}`}>
        {session.name}场 {timeOf(session.start)} 开始 · 最晚 {timeOf(session.lastAdmission)} 入所
      </h2>
      <div class="now" aria-live="polite" aria-atomic="true">
        <span class="label">正在叫号</span>
        <span class="number">{session.nowServing === null ? '—' : `${session.nowServing} 号`}</span>
        {session.nowServing !== null && <span class="room">{roomText(session.called.find((c) => c.queueNumber === session.nowServing)?.roomNo ?? null)}</span>}
      </div>
      {waitingCalls.length > 0 && (
        <>
          <h3>已叫号，请到窗口</h3>
          <ul class="called" aria-label={`${session.name}场已叫号`}>
            {waitingCalls.map((c) => (
              <li key={`${c.queueNumber}-${c.calledAt}`}>
                <strong>{c.queueNumber} 号</strong> {roomText(c.roomNo)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="waiting">
        等待叫号 <strong>{session.waiting}</strong> 人
      </p>
    </section>
  );
}

const roomText = (roomNo: string | null) => (roomNo ? `请到 ${roomNo} 室` : '请到接待窗口');

export function DisplayPage({ params }: { params: Record<string, string> }) {
  const { centerId } = params;
  const polled = usePoll<Display>(
    async (etag) => {
      const api = await apiForCenter(centerId).catch(() => districtApi(''));
      return api.GET('/centers/{centerId}/display', { params: { path: { centerId } }, headers: conditional(etag) });
    },
    [centerId],
  );
  const display = polled.data;
  useEffect(() => {
    document.title = `叫号屏 · ${display?.centerName ?? centerId}`;
  }, [display?.centerName]);
  return (
    <main id="main" class="display" lang="zh-CN">
      <header>
        <h1>{display ? `${display.centerName} 律师会见叫号` : '律师会见叫号'}</h1>
        {polled.checkedAt && <p class="updated">更新于 {clock(polled.checkedAt)}</p>}
      </header>
      {polled.error !== undefined && (
        <p role="alert" class="problem">
          {display ? '网络暂时中断，显示的可能不是最新叫号。' : ''}
          {errorText(polled.error)}
        </p>
      )}
      {display ? (
        <div class="boards">
          {display.sessions.map((s) => (
            <SessionBoard key={s.slotId} session={s} />
          ))}
        </div>
      ) : (
        polled.error === undefined && <p aria-busy="true">正在加载叫号信息…</p>
      )}
      <footer>请留意叫号，叫到后持律师执业证和委托手续到接待窗口办理。过号请向窗口民警说明。</footer>
    </main>
  );
}
