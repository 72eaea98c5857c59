// The lawyer's start page: who they are (and whether they are locked out), their bindings in every
// district with a way to book, and their bookings.
import { loadCenters } from '../core/centers';
import { useSession } from '../core/session';
import type { R2Booking } from '../api/lookups';
import { BINDING_STATUS, BOOKING_STATUS, dateTime, dayLabel, sessionName, timeOf } from '../ui/format';
import { useLoad } from '../ui/hooks';
import { Empty, Loaded, Page } from '../ui/parts';
import { LIVE_BOOKING, loadBindings, loadBookings, loadMe } from './data';

export function BookingCard({ booking, centerName }: { booking: R2Booking; centerName: string }) {
  return (
    <article class="card" aria-label={`${dayLabel(booking.date)}${sessionName(booking.start)} ${booking.detaineeName ?? ''}`}>
      <header>
        <strong>
          {dayLabel(booking.date)} {sessionName(booking.start)} {timeOf(booking.start)}
        </strong>{' '}
        <span class={`badge status-${booking.status}`}>{BOOKING_STATUS[booking.status] ?? booking.status}</span>
      </header>
      <p>
        {booking.centerName ?? centerName} · 在押人员：{booking.detaineeName || '（姓名未登记）'}
      </p>
      {booking.status === 'cancelled_by_center' ? (
        <p class="cancel-reason">
          看守所撤销原因：<strong>{booking.cancelReason ?? '未说明'}</strong>（不记违约，请另行预约）
        </p>
      ) : (
        <p>
          排队号 <strong>{booking.queueNumber}</strong>
        </p>
      )}
      <a href={`/lawyer/bookings/${encodeURIComponent(booking.centerId)}/${encodeURIComponent(booking.bookingId)}`}>查看预约详情</a>
    </article>
  );
}

export function LawyerHome() {
  const session = useSession();
  const me = useLoad(loadMe, []);
  const data = useLoad(async () => {
    const [bindings, bookings, centers] = await Promise.all([loadBindings(), loadBookings(), loadCenters()]);
    return { bindings, bookings, centers };
  }, []);

  return (
    <Page title="我的委托与预约">
      <Loaded state={me} what="本人信息">
        {(m) => (
          <article class="card" aria-labelledby="me-heading">
            <h2 id="me-heading">{m.name}</h2>
            <dl class="facts">
              <dt>身份</dt>
              <dd>{m.role === 'lawyer' ? '执业律师' : '实习律师'}</dd>
              <dt>{m.role === 'lawyer' ? '执业证号' : '实习证号'}（同行律师预约时填写此号）</dt>
              <dd>
                <code>{m.licenseNo}</code>
              </dd>
              <dt>违约次数</dt>
              <dd>{m.violationCount}</dd>
            </dl>
            {m.lockedUntil && (
              <p role="alert" class="alert alert-error">
                因累计违约，网上预约已暂停至 {dateTime(m.lockedUntil)}。
              </p>
            )}
          </article>
        )}
      </Loaded>
      <Loaded state={data} what="委托与预约">
        {({ bindings, bookings, centers }) => {
          const name = (id: string) => centers.find((c) => c.centerId === id)?.name ?? id;
          const active = bindings.filter((b) => b.status === 'active');
          const ended = bindings.filter((b) => b.status !== 'active');
          const live = bookings.filter((b: R2Booking) => LIVE_BOOKING.has(b.status));
          // A center cancellation (a court date, a closure) of a session not yet past stands out, with its reason.
          const byCenter = bookings.filter((b: R2Booking) => b.status === 'cancelled_by_center' && Date.parse(b.end ?? b.start) > Date.now());
          const past = bookings.filter((b: R2Booking) => !LIVE_BOOKING.has(b.status) && !byCenter.includes(b));
          return (
            <>
              <h2>委托绑定</h2>
              {active.length === 0 &&
                (session?.role === 'lawyer' ? (
                  <Empty>暂无有效的委托绑定。看守所核验委托手续后为您办理绑定，绑定后即可在此预约。</Empty>
                ) : (
                  <Empty>实习律师不能单独预约：由本所执业律师预约时填写您的实习证号，您会收到通知，预约会显示在下方“我的预约”中。</Empty>
                ))}
              <div class="cards">
                {active.map((b) => (
                  <article class="card" key={b.bindingId} aria-label={`委托：${b.detaineeName ?? b.detaineeId}`}>
                    <p>
                      <strong>{b.detaineeName || '在押人员（姓名未登记）'}</strong>
                    </p>
                    <p>{b.centerName ?? name(b.centerId)}</p>
                    {session?.role === 'lawyer' ? (
                      <a class="button-link" href={`/lawyer/book/${encodeURIComponent(b.centerId)}/${encodeURIComponent(b.detaineeId)}`}>
                        预约会见
                      </a>
                    ) : (
                      <small>实习律师须由执业律师预约并列为同行人员。</small>
                    )}
                  </article>
                ))}
              </div>
              {ended.length > 0 && (
                <details>
                  <summary>已结束的委托（{ended.length}）</summary>
                  <ul>
                    {ended.map((b) => (
                      <li key={b.bindingId}>
                        {b.detaineeName || '（姓名未登记）'} · {b.centerName ?? name(b.centerId)} · {BINDING_STATUS[b.status]}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {byCenter.length > 0 && (
                <section aria-labelledby="by-center-heading" class="alert alert-error">
                  <h2 id="by-center-heading">看守所撤销的预约（{byCenter.length}）</h2>
                  <div class="cards">
                    {byCenter.map((b) => (
                      <BookingCard key={b.bookingId} booking={b} centerName={name(b.centerId)} />
                    ))}
                  </div>
                </section>
              )}
              <h2>我的预约</h2>
              {live.length === 0 && <Empty>暂无待进行的预约。</Empty>}
              <div class="cards">
                {live.map((b) => (
                  <BookingCard key={b.bookingId} booking={b} centerName={name(b.centerId)} />
                ))}
              </div>
              {past.length > 0 && (
                <details>
                  <summary>以往的预约（{past.length}）</summary>
                  <div class="cards">
                    {past.map((b) => (
                      <BookingCard key={b.bookingId} booking={b} centerName={name(b.centerId)} />
                    ))}
                  </div>
                </details>
              )}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
