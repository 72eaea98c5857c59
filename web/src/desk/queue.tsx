// The day's queue at the front desk (GET /centers/{c}/bookings): each session's bookings and
// interrogations in queue order with the detainee's and lawyers' names and licence numbers;
// check-in (late arrivals shown: they count as a violation, R3), a free room (R8: an interrogation
// room only after the lawyer signed the notice), and the end of the meeting.
import { useState } from 'preact/hooks';
import { unwrap, type Api } from '../api/client';
import { apiForCenter } from '../core/centers';
import { roomsOf, type R2QueueBooking, type RoomView } from '../api/lookups';
import { BOOKING_STATUS, ROOM_TYPE, sessionName, shanghaiToday, timeOf } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Success, TableWrap } from '../ui/parts';
import { useCenterId } from './center';
import { DeskPage } from './layout';
import { CallActions, CallBadge, CallNext } from './calling';

/** How a person stands on the booking, as the desk says it. */
export const PARTY: Record<string, string> = { lead: '主办律师', 'co-counsel': '协办律师', intern: '实习律师' };

function Lawyers({ booking }: { booking: R2QueueBooking }) {
  if (!booking.lawyers) return <>{booking.lawyerIds.join('、')}</>;
  return (
    <ul class="plain">
      {booking.lawyers.map((l) => (
        <li key={l.lawyerId}>
          {l.name}（{PARTY[l.role] ?? l.role}，证号 {l.licenseNo}，{l.lawFirm}）
        </li>
      ))}
    </ul>
  );
}

function RoomForm({ api, centerId, booking, onDone }: { api: Api; centerId: string; booking: R2QueueBooking; onDone: (text: string) => void }) {
  const rooms = useLoad<RoomView[] | undefined>(
    () =>
      roomsOf(api, centerId, booking.slotId).then(
        (r) => r.rooms,
        () => undefined,
      ),
    [booking.slotId],
  );
  const [choice, setChoice] = useState('');
  const [roomType, setRoomType] = useState<'meeting' | 'interrogation'>('meeting');
  const [roomNo, setRoomNo] = useState('');
  const action = useAction();
  const free = rooms.data?.filter((r) => r.free);
  const label = `为排队号 ${booking.queueNumber} 安排房间`;
  return (
    <form
      class="actions"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        const [type, no] = free ? (choice.split('|') as ['meeting' | 'interrogation', string]) : [roomType, roomNo.trim()];
        void action.run(async () => {
          const r = await unwrap(api.POST('/bookings/{bookingId}/room', { params: { path: { bookingId: booking.bookingId } }, body: { roomType: type, roomNo: no } }));
          onDone(`排队号 ${booking.queueNumber} 已安排${ROOM_TYPE[r.roomType]} ${r.roomNo}`);
        });
      }}
    >
      {free ? (
        <label>
          空闲房间
          <select name="room" required value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
            <option value="">请选择</option>
            {free.map((r) => (
              <option key={r.roomNo} value={`${r.roomType}|${r.roomNo}`}>
                {ROOM_TYPE[r.roomType]} {r.roomNo}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label>
            房间类型
            <select name="roomType" value={roomType} onChange={(e) => setRoomType(e.currentTarget.value as 'meeting' | 'interrogation')}>
              <option value="meeting">会见室</option>
              <option value="interrogation">讯问室（须律师已签署告知书）</option>
            </select>
          </label>
          <label>
            房间号
            <input name="roomNo" required size={6} value={roomNo} onInput={(e) => setRoomNo(e.currentTarget.value)} />
          </label>
        </>
      )}
      <button type="submit" disabled={action.busy}>
        安排房间
      </button>
      <ErrorAlert error={action.error} />
    </form>
  );
}

export function QueuePage() {
  const centerId = useCenterId();
  const [date, setDate] = useState(shanghaiToday());
  const [late, setLate] = useState<Record<string, boolean>>({});
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return { api, queue: await unwrap(api.GET('/centers/{centerId}/bookings', { params: { path: { centerId }, query: { date } } })) };
  }, [centerId, date]);

  const act = (work: (api: Api) => Promise<string>) =>
    void action.run(async () => {
      setNotice(await work(state.data!.api));
      state.reload();
    });

  return (
    <DeskPage title="当日会见排队">
      <div class="toolbar">
        <label>
          日期
          <input type="date" name="date" value={date} onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)} />
        </label>
        <button type="button" class="secondary outline" onClick={state.reload}>
          刷新
        </button>
      </div>
      {notice && <Success>{notice}</Success>}
      <ErrorAlert error={action.error} />
      <Loaded state={state} what="排队">
        {({ api, queue }) => {
          const bookings = queue.bookings as R2QueueBooking[];
          const slots = [...new Set([...bookings.map((b) => b.slotId), ...queue.interrogations.map((i) => i.slotId)])].sort();
          if (slots.length === 0) return <Empty>当日没有预约。</Empty>;
          return slots.map((slotId) => {
            const rows = [
              ...bookings.filter((b) => b.slotId === slotId).map((b) => ({ kind: 'meeting' as const, n: b.queueNumber, b })),
              ...queue.interrogations.filter((i) => i.slotId === slotId).map((i) => ({ kind: 'interrogation' as const, n: i.queueNumber, i })),
            ].sort((a, b) => a.n - b.n);
            const first = bookings.find((b) => b.slotId === slotId);
            const title = `${first ? `${sessionName(first.start)}场 ${timeOf(first.start)} 起` : slotId.endsWith('PM') ? '下午场' : '上午场'}`;
            return (
              <section key={slotId} aria-labelledby={`session-${slotId}`}>
                <h2 id={`session-${slotId}`}>{title}</h2>
                {date === shanghaiToday() && (
                  <CallNext
                    api={api}
                    centerId={centerId}
                    slotId={slotId}
                    title={title}
                    onDone={(text) => {
                      setNotice(text);
                      state.reload();
                    }}
                  />
                )}
                <TableWrap label={`排队表：${title}`}>
                  <table class="striped">
                    <caption class="visually-hidden">{title}的排队</caption>
                    <thead>
                      <tr>
                        <th scope="col">排队号</th>
                        <th scope="col">类型</th>
                        <th scope="col">在押人员</th>
                        <th scope="col">会见人员</th>
                        <th scope="col">状态</th>
                        <th scope="col">房间</th>
                        <th scope="col">操作</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) =>
                        row.kind === 'interrogation' ? (
                          <tr key={row.i.interrogationId}>
                            <td>{row.n}</td>
                            <td>提讯</td>
                            <td>{row.i.detaineeName || row.i.detaineeId}</td>
                            <td>承办单位</td>
                            <td>{row.i.status === 'booked' ? '已预约' : row.i.status}</td>
                            <td>讯问室 {row.i.roomNo}</td>
                            <td />
                          </tr>
                        ) : (
                          <tr key={row.b.bookingId}>
                            <td>{row.n}</td>
                            <td>律师会见</td>
                            <td>{row.b.detaineeName ?? row.b.detaineeId}</td>
                            <td>
                              <Lawyers booking={row.b} />
                            </td>
                            <td>
                              <span class={`badge status-${row.b.status}`}>{BOOKING_STATUS[row.b.status] ?? row.b.status}</span>
                              {late[row.b.bookingId] && <span class="badge late">迟到</span>}
                              <CallBadge call={row.b.call} />
                            </td>
                            <td>
                              {row.b.room ? `${ROOM_TYPE[row.b.room.roomType]} ${row.b.room.roomNo}${row.b.room.consentPending ? '（待签告知书）' : ''}` : '—'}
                              {row.b.consent && <div>已签告知书</div>}
                            </td>
                            <td>
                              <CallActions
                                api={api}
                                centerId={centerId}
                                booking={row.b}
                                onDone={(text) => {
                                  setNotice(text);
                                  state.reload();
                                }}
                              />
                              <div class="actions">
                                {row.b.status === 'booked' && (
                                  <button
                                    type="button"
                                    aria-label={`签到：排队号 ${row.n}`}
                                    disabled={action.busy}
                                    onClick={() =>
                                      act(async (a) => {
                                        const r = await unwrap(a.POST('/bookings/{bookingId}/check-in', { params: { path: { bookingId: row.b.bookingId } }, body: {} }));
                                        setLate((m) => ({ ...m, [row.b.bookingId]: r.late }));
                                        return r.late ? `排队号 ${row.n} 已签到：迟到，已记违约一次。` : `排队号 ${row.n} 已签到。`;
                                      })
                                    }
                                  >
                                    签到
                                  </button>
                                )}
                                {row.b.status === 'checked_in' && (
                                  <button
                                    type="button"
                                    class="secondary"
                                    aria-label={`会见结束：排队号 ${row.n}`}
                                    disabled={action.busy}
                                    onClick={() =>
                                      act(async (a) => {
                                        await unwrap(a.POST('/bookings/{bookingId}/complete', { params: { path: { bookingId: row.b.bookingId } } }));
                                        return `排队号 ${row.n} 会见结束。`;
                                      })
                                    }
                                  >
                                    会见结束
                                  </button>
                                )}
                              </div>
                              {(row.b.status === 'booked' || row.b.status === 'checked_in') && (!row.b.room || row.b.room.consentPending) && (
                                <RoomForm
                                  api={api}
                                  centerId={centerId}
                                  booking={row.b}
                                  onDone={(text) => {
                                    setNotice(text);
                                    state.reload();
                                  }}
                                />
                              )}
                            </td>
                          </tr>
                        ),
                      )}
                    </tbody>
                  </table>
                </TableWrap>
              </section>
            );
          });
        }}
      </Loaded>
    </DeskPage>
  );
}
