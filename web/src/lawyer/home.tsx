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
        {booking.centerName ?? centerName} · 在押人员：{booking.detaineeName ?? booking.detaineeId}
      </p>
      <p>
        排队号 <strong>{booking.queueNumber}</strong>
      </p>
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
              <dd>{m.role === 'lawyer' ? '执业律师' : '实习人员'}</dd>
              <dt>证号</dt>
              <dd>{m.licenseNo}</dd>
              <dt>律师编号（同行律师预约时填写）</dt>
              <dd>
                <code>{m.lawyerId}</code>
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
          const past = bookings.filter((b: R2Booking) => !LIVE_BOOKING.has(b.status));
          return (
            <>
              <h2>委托绑定</h2>
              {active.length === 0 && <Empty>暂无有效的委托绑定。看守所核验委托手续后为您办理绑定，绑定后即可在此预约。</Empty>}
              <div class="cards">
                {active.map((b) => (
                  <article class="card" key={b.bindingId} aria-label={`委托：${b.detaineeName ?? b.detaineeId}`}>
                    <p>
                      <strong>{b.detaineeName ?? `在押人员 ${b.detaineeId}`}</strong>
                    </p>
                    <p>{b.centerName ?? name(b.centerId)}</p>
                    {session?.role === 'lawyer' ? (
                      <a class="button-link" href={`/lawyer/book/${encodeURIComponent(b.centerId)}/${encodeURIComponent(b.detaineeId)}`}>
                        预约会见
                      </a>
                    ) : (
                      <small>实习人员须由执业律师预约并列为同行人员。</small>
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
                        {b.detaineeName ?? b.detaineeId} · {b.centerName ?? name(b.centerId)} · {BINDING_STATUS[b.status]}
                      </li>
                    ))}
                  </ul>
                </details>
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
