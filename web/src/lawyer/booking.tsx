// One booking as its lawyers see it: when, where, queue number, room, the conduct rules; the lead
// cancels it (warned when the cancellation will count as a violation), a named co-counsel or
// intern takes themselves off it, and the lawyer signs the interrogation-room notice (R8) when
// staff offer that room.
import { useState } from 'preact/hooks';
import { CURRENT_CONSENT_VERSION, currentConsentText } from '../../../shared/domain/consent';
import { idempotencyKey, unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import { apiForCenter, centerById } from '../core/centers';
import { useSession } from '../core/session';
import type { R2Booking } from '../api/lookups';
import { BOOKING_ROLE, BOOKING_STATUS, dateTime, dayLabel, ROOM_TYPE, sessionName, timeOf } from '../ui/format';
import { useLoad } from '../ui/hooks';
import { Answer, useAnswer } from '../ui/answer';
import { Loaded, Page, Success } from '../ui/parts';
import { QueuePosition } from './queue-position';
import { CheckInCode } from './check-in-code';
import { RescheduleSection } from './reschedule';

type Cancelled = ResponseOf<'/bookings/{bookingId}/cancel', 'post'>;

/**
 * Free cancellation ends at the center's cut-off, the session start by default (SPEC §6); the
 * server decides, this only warns before the lawyer confirms.
 */
export const cancelCountsAsViolation = (booking: { start: string }, now: number): boolean => now >= Date.parse(booking.start);

function ConsentSection({ booking, onSigned }: { booking: R2Booking; onSigned: () => void }) {
  const text = currentConsentText('interrogation-room');
  const [agreed, setAgreed] = useState(false);
  const action = useAnswer();
  if (booking.consent) {
    return (
      <section aria-labelledby="consent-heading">
        <h2 id="consent-heading">讯问室会见告知书</h2>
        <Success>
          已于 {dateTime(booking.consent.signedAt)} 签署（文本版本 {booking.consent.textVersion}）。
        </Success>
      </section>
    );
  }
  const [title, ...body] = text.text.split('\n');
  return (
    <section aria-labelledby="consent-heading" class="consent">
      <h2 id="consent-heading">讯问室会见告知书</h2>
      <p>会见室已满时，看守所可安排您使用讯问室会见，须先签署以下告知书（{CURRENT_CONSENT_VERSION}）。</p>
      <blockquote class="consent-text" aria-label="告知书全文">
        <p>
          <strong>{title}</strong>
        </p>
        <pre>{body.join('\n').trim()}</pre>
        <footer>{text.source}</footer>
      </blockquote>
      <label>
        <input type="checkbox" name="agree" checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
        我已阅读上述告知书，承诺遵守
      </label>
      <button
        type="button"
        disabled={!agreed || action.busy}
        onClick={() =>
          void action.run(async () => {
            const api = await apiForCenter(booking.centerId);
            await unwrap(api.POST('/bookings/{bookingId}/consents', { params: { path: { bookingId: booking.bookingId } }, body: { kind: 'interrogation-room' } }));
            onSigned();
          })
        }
      >
        签署告知书
      </button>
      <Answer answered={action} />
    </section>
  );
}

export function BookingPage({ params }: { params: Record<string, string> }) {
  const { centerId, bookingId } = params;
  const session = useSession();
  const [confirming, setConfirming] = useState(false);
  const [cancelled, setCancelled] = useState<Cancelled>();
  const [withdrawn, setWithdrawn] = useState(false);
  const cancel = useAnswer();
  const withdraw = useAnswer();
  const state = useLoad(async () => {
    const [api, center] = await Promise.all([apiForCenter(centerId), centerById(centerId)]);
    const booking: R2Booking = await unwrap(api.GET('/bookings/{bookingId}', { params: { path: { bookingId } } }));
    return { booking, center, api };
  }, [centerId, bookingId]);

  return (
    <Page title="预约详情">
      <Loaded state={state} what="预约">
        {({ booking, center, api }) => {
          const isLead = session?.userId === booking.leadLawyerId;
          const late = cancelCountsAsViolation(booking, Date.now());
          const live = booking.status === 'booked' || booking.status === 'checked_in';
          return (
            <>
              {booking.status === 'cancelled_by_center' && (
                <div role="alert" class="alert alert-error">
                  <p>
                    <strong>看守所已撤销此预约</strong>，原因：<strong>{booking.cancelReason ?? '未说明'}</strong>。不记违约，请另行预约。
                  </p>
                </div>
              )}
              <dl class="facts">
                <dt>状态</dt>
                <dd>
                  <span class={`badge status-${booking.status}`}>{BOOKING_STATUS[booking.status] ?? booking.status}</span>
                </dd>
                <dt>看守所</dt>
                <dd>{booking.centerName ?? center?.name ?? booking.centerId}</dd>
                {center && (
                  <>
                    <dt>地址</dt>
                    <dd>
                      {center.address}（电话 {center.phone}）
                    </dd>
                  </>
                )}
                <dt>在押人员</dt>
                <dd>{booking.detaineeName || '（姓名未登记）'}</dd>
                <dt>时间</dt>
                <dd>
                  {dayLabel(booking.date)} {sessionName(booking.start)} {timeOf(booking.start)}
                  {booking.end ? `–${timeOf(booking.end)}` : ''}，最晚 {timeOf(booking.lastAdmission)} 入所
                </dd>
                <dt>排队号</dt>
                <dd>
                  <strong>{booking.queueNumber}</strong>
                </dd>
                <dt>会见人员</dt>
                <dd>{booking.lawyers.map((l) => `${l.name || '（姓名未登记）'}（${BOOKING_ROLE[l.role] ?? '同行人员'}）`).join('、')}</dd>
                <dt>房间</dt>
                <dd>
                  {booking.room ? `${ROOM_TYPE[booking.room.roomType]} ${booking.room.roomNo}${booking.room.consentPending ? '（待您签署告知书后启用）' : ''}` : '到所后由民警安排'}
                </dd>
              </dl>
              {live && <CheckInCode api={api} booking={booking} />}
              {live && <QueuePosition api={api} booking={booking} />}
              <h2>会见须知</h2>
              <ul>
                {booking.rules.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              {cancelled && <Success>预约已撤销。{cancelled.violation ? '本次撤销已超过免费撤销时间，已记违约一次。' : '本次撤销未记违约。'}</Success>}
              {withdrawn && <Success>您已退出此预约，预约律师已收到通知。</Success>}
              {booking.status === 'booked' && isLead && session?.role === 'lawyer' && !cancelled && (
                <section aria-labelledby="cancel-heading">
                  <h2 id="cancel-heading">撤销预约</h2>
                  {!confirming ? (
                    <button type="button" class="secondary" onClick={() => setConfirming(true)}>
                      撤销预约
                    </button>
                  ) : (
                    <div role="alertdialog" aria-labelledby="cancel-warning" class={late ? 'alert alert-error' : 'alert alert-info'}>
                      <p id="cancel-warning">
                        {late ? '已过免费撤销时间（会见开始时），现在撤销将记违约一次。确定撤销吗？' : '会见开始前撤销不记违约，名额将让给候补的律师。确定撤销吗？'}
                      </p>
                      <div role="group">
                        <button
                          type="button"
                          class={late ? 'contrast' : ''}
                          disabled={cancel.busy}
                          onClick={() =>
                            void cancel.run(async () => {
                              const r = await unwrap(
                                api.POST('/bookings/{bookingId}/cancel', { params: { path: { bookingId }, header: { 'Idempotency-Key': idempotencyKey() } } }),
                              );
                              setCancelled(r);
                              setConfirming(false);
                              state.reload();
                            })
                          }
                        >
                          确认撤销
                        </button>
                        <button type="button" class="secondary outline" onClick={() => setConfirming(false)}>
                          不撤销
                        </button>
                      </div>
                    </div>
                  )}
                  <Answer answered={cancel} />
                </section>
              )}
              {booking.status === 'booked' && session?.role === 'lawyer' && (isLead || booking.coCounselLawyerIds.includes(session.userId)) && !cancelled && (
                <RescheduleSection api={api} booking={booking} onMoved={state.reload} />
              )}
              {live && !isLead && !withdrawn && (
                <section aria-labelledby="withdraw-heading">
                  <h2 id="withdraw-heading">退出此预约</h2>
                  <p>您是此预约的{session?.role === 'intern' ? '实习律师' : '协办律师'}，可以退出；预约本身保留，不记违约。</p>
                  <button
                    type="button"
                    class="secondary"
                    disabled={withdraw.busy}
                    onClick={() =>
                      void withdraw.run(async () => (await unwrap(api.POST('/bookings/{bookingId}/withdraw', { params: { path: { bookingId } } })), setWithdrawn(true)))
                    }
                  >
                    退出此预约
                  </button>
                  <Answer answered={withdraw} />
                </section>
              )}
              {live && session?.role === 'lawyer' && <ConsentSection booking={booking} onSigned={state.reload} />}
              <p>
                <a href="/lawyer">返回我的委托与预约</a>
              </p>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
