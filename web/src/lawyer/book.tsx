// Booking a meeting (POST /bookings): the center's sessions over its booking window, only those
// the server says are bookable offered (provisional calendar days marked), co-counsel and interns
// named by their licence numbers (the server resolves them); the answer's queue number and conduct
// rules shown. A session the lawyer already holds says so (with its queue number) instead of
// offering it again; a refusal is drawn beside the button tapped (useAnswer/Answer). A full session
// offers the waitlist; a lawyer who finds no place within 48 hours files an urgent request (B2).
import { useEffect, useRef, useState } from 'preact/hooks';
import { idempotencyKey, unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import { apiForCenter, centerById } from '../core/centers';
import type { Slot } from '../api/types';
import { dateTime, dayLabel, sessionName, SLOT_REASON, timeOf } from '../ui/format';
import { useLoad } from '../ui/hooks';
import { Answer, useAnswer } from '../ui/answer';
import { Empty, Loaded, Page, Success } from '../ui/parts';
import { allPages, LIVE_BOOKING, loadBindings } from './data';

type Created = ResponseOf<'/bookings', 'post'>;
type Waiting = ResponseOf<'/waitlist', 'post'>;
type Urgent = ResponseOf<'/urgent-requests', 'post'>;

const ids = (text: string) =>
  text
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function Confirmation({ booking, slot }: { booking: Created; slot?: Slot }) {
  // On a phone the button pressed is far below: bring the queue number into view (and focus).
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus();
  }, [booking.bookingId]);
  return (
    <section ref={ref} tabIndex={-1} class="alert alert-ok" role="status" aria-labelledby="booked-heading">
      <h2 id="booked-heading">预约成功</h2>
      <p class="queue-number">
        排队号 <strong>{booking.queueNumber}</strong>
      </p>
      {slot && (
        <p>
          {dayLabel(slot.date)} {sessionName(slot.start)} {timeOf(slot.start)}–{timeOf(slot.end)}，请在 {timeOf(slot.lastAdmission)} 前到所签到。
        </p>
      )}
      <h3>会见须知</h3>
      <ul>
        {booking.rules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <a href={`/lawyer/bookings/${encodeURIComponent(booking.centerId)}/${encodeURIComponent(booking.bookingId)}`}>查看预约详情</a>
    </section>
  );
}

export function BookPage({ params }: { params: Record<string, string> }) {
  const { centerId, detaineeId } = params;
  const [coCounsel, setCoCounsel] = useState('');
  const [interns, setInterns] = useState('');
  const [booked, setBooked] = useState<{ booking: Created; slot?: Slot }>();
  const [waiting, setWaiting] = useState<{ entry: Waiting; slot: Slot; left?: boolean }>();
  const [urgent, setUrgent] = useState<Urgent>();
  // One key per attempted booking: a retry after a lost answer replays instead of booking twice.
  const keys = useRef(new Map<string, string>());
  const book = useAnswer();
  const wait = useAnswer();
  const file = useAnswer();
  // The session whose button was tapped last: its answer is drawn right there.
  const [tapped, setTapped] = useState<{ slotId: string; action: 'book' | 'wait' }>();

  const state = useLoad(async () => {
    const [center, api, bindings] = await Promise.all([centerById(centerId), apiForCenter(centerId), loadBindings()]);
    const [slots, mine] = await Promise.all([
      unwrap(api.GET('/centers/{centerId}/slots', { params: { path: { centerId } } })),
      allPages(async (cursor) => {
        const r = await unwrap(api.GET('/bookings', { params: { query: cursor ? { cursor } : {} } }));
        return { items: r.bookings, nextCursor: r.nextCursor };
      }),
    ]);
    const binding = bindings.find((b) => b.centerId === centerId && b.detaineeId === detaineeId);
    // Sessions this lawyer already holds for this detainee (as lead or named party).
    const held = new Map(mine.filter((b) => b.centerId === centerId && b.detaineeId === detaineeId && LIVE_BOOKING.has(b.status)).map((b) => [b.slotId, b]));
    return { center, api, slots: slots.slots, binding, held };
  }, [centerId, detaineeId, booked?.booking.bookingId]);

  const onBook = (slot: Slot) => {
    setTapped({ slotId: slot.slotId, action: 'book' });
    wait.clear();
    void book.run(async () => {
      const api = state.data!.api;
      const body = {
        centerId,
        detaineeId,
        slotId: slot.slotId,
        ...(ids(coCounsel).length ? { coCounselLicenseNos: ids(coCounsel) } : {}),
        ...(ids(interns).length ? { internLicenseNos: ids(interns) } : {}),
      };
      const fingerprint = JSON.stringify(body);
      const key = keys.current.get(fingerprint) ?? idempotencyKey();
      keys.current.set(fingerprint, key);
      const booking = await unwrap(api.POST('/bookings', { body, params: { header: { 'Idempotency-Key': key } } }));
      setBooked({ booking, slot });
    });
  };

  const onWait = (slot: Slot) => {
    setTapped({ slotId: slot.slotId, action: 'wait' });
    book.clear();
    void wait.run(async () => {
      const entry = await unwrap(state.data!.api.POST('/waitlist', { body: { centerId, detaineeId, slotId: slot.slotId } }));
      setWaiting({ entry, slot });
    });
  };

  const onLeave = () => {
    setTapped(undefined);
    void wait.run(async () => {
      await unwrap(state.data!.api.DELETE('/waitlist/{waitlistId}', { params: { path: { waitlistId: waiting!.entry.waitlistId } } }));
      setWaiting({ ...waiting!, left: true });
    });
  };

  const onUrgent = () =>
    void file.run(async () => {
      setUrgent(await unwrap(state.data!.api.POST('/urgent-requests', { body: { centerId, detaineeId } })));
    });

  return (
    <Page title="预约会见">
      <Loaded state={state} what="可预约时段">
        {({ center, slots, binding, held }) => {
          const byDate = new Map<string, Slot[]>();
          for (const s of slots) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
          return (
            <>
              <p class="lead">
                {center?.name ?? centerId} · 在押人员：<strong>{binding?.detaineeName ?? detaineeId}</strong>
              </p>
              {center && !center.onlineBooking && <p role="alert">该看守所尚未开通网上预约，请按看守所公布的方式办理。</p>}
              {booked && <Confirmation booking={booked.booking} slot={booked.slot} />}
              {waiting && !waiting.left && (
                <section role="status" class="alert alert-info" aria-labelledby="wait-heading">
                  <h2 id="wait-heading">已加入候补</h2>
                  <p>
                    {dayLabel(waiting.slot.date)}
                    {sessionName(waiting.slot.start)}，当前排第 <strong>{waiting.entry.position}</strong> 位。有人撤销时将按顺序自动为您预约并通知您。
                  </p>
                  <button type="button" class="secondary" onClick={onLeave} disabled={wait.busy}>
                    退出候补
                  </button>
                  {!tapped && <Answer answered={wait} />}
                </section>
              )}
              {waiting?.left && <Success>已退出候补。</Success>}
              <details>
                <summary>同行的合作律师或实习人员（可选）</summary>
                <label>
                  合作律师的执业证号（最多 1 名）
                  <input name="coCounsel" value={coCounsel} onInput={(e) => setCoCounsel(e.currentTarget.value)} />
                </label>
                <label>
                  实习人员的实习证号（最多 2 名，用逗号分隔）
                  <input name="interns" value={interns} onInput={(e) => setInterns(e.currentTarget.value)} />
                </label>
                <small>填写对方在平台注册时使用的执业证号或实习证号。合作律师须同样与该在押人员有委托绑定。</small>
              </details>
              <h2>可预约时段</h2>
              {slots.length === 0 && <Empty>预约期内没有会见时段。</Empty>}
              {[...byDate].map(([date, daySlots]) => (
                <section key={date} aria-labelledby={`day-${date}`} class="day">
                  <h3 id={`day-${date}`}>
                    {dayLabel(date)}
                    {daySlots.some((s) => s.calendar === 'provisional') && (
                      <span class="badge provisional" title="该年度官方节假日安排尚未公布，按法定节假日规则推算，可能调整">
                        临时日历
                      </span>
                    )}
                  </h3>
                  {daySlots.map((slot) => {
                    // Only what the server says is bookable now is offered (SPEC §7.3).
                    const bookable = slot.bookable;
                    const reason = slot.reason;
                    const label = `${dayLabel(slot.date)}${sessionName(slot.start)}`;
                    const mine = held.get(slot.slotId);
                    const answered = tapped?.slotId === slot.slotId ? (tapped.action === 'book' ? book : wait) : undefined;
                    return (
                      <article key={slot.slotId} class="slot" aria-label={label}>
                        <p>
                          <strong>{sessionName(slot.start)}</strong> {timeOf(slot.start)}–{timeOf(slot.end)}（最晚 {timeOf(slot.lastAdmission)} 入所）
                        </p>
                        <p>
                          剩余 {slot.available} / {slot.capacity} 个名额
                        </p>
                        {mine ? (
                          <p class="held">
                            <strong>已预约 · 排队号 {mine.queueNumber}</strong>{' '}
                            <a href={`/lawyer/bookings/${encodeURIComponent(mine.centerId)}/${encodeURIComponent(mine.bookingId)}`}>查看预约详情</a>
                          </p>
                        ) : bookable ? (
                          <button type="button" onClick={() => onBook(slot)} disabled={book.busy} aria-busy={book.busy}>
                            预约此时段
                          </button>
                        ) : reason === 'full' ? (
                          <button type="button" class="secondary" onClick={() => onWait(slot)} disabled={wait.busy}>
                            加入候补
                          </button>
                        ) : (
                          <p class="muted">不可预约：{SLOT_REASON[reason ?? ''] ?? '不可预约'}</p>
                        )}
                        {answered && answered.error !== undefined && <Answer answered={answered} />}
                      </article>
                    );
                  })}
                </section>
              ))}
              <section aria-labelledby="urgent-heading" class="urgent">
                <h2 id="urgent-heading">48 小时内约不到会见？</h2>
                <p>依法应在提出要求后 48 小时内安排会见。没有空余名额时可提出紧急会见申请，看守所须在期限前安排。</p>
                {urgent ? (
                  <Success>
                    紧急会见申请已提交，看守所须在 <strong>{dateTime(urgent.deadline)}</strong> 前安排会见。
                  </Success>
                ) : (
                  <button type="button" class="contrast" onClick={onUrgent} disabled={file.busy}>
                    提出紧急会见申请
                  </button>
                )}
                <Answer answered={{ error: file.error, round: file.round }} />
              </section>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
