// Detainees at the front desk: registering one, finding one by name (§7.2), and one detainee's
// page — their bindings, what is booked, and the center's actions on them: a period they cannot
// meet (R4, with the bookings it will cancel listed before sending), a relayed request to meet
// (R15), release or transfer (B4), and binding a lawyer.
import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { apiForCenter } from '../core/centers';
import { navigate } from '../core/router';
import { detaineeDetail, findDetainees, type DetaineeView } from '../api/lookups';
import { BINDING_STATUS, dateTime, shanghaiToday } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Success } from '../ui/parts';
import { RevokeButton } from './bindings';
import { useCenterId } from './center';
import { DeskPage } from './layout';
import { affectedByUnavailability, AffectedList, type Affected } from './preview';

const SEX: Record<string, string> = { M: '男', F: '女' };
const DETAINEE_STATUS: Record<string, string> = { active: '在押', released: '已释放', transferred: '已移送' };
const detaineeHref = (id: string) => `/desk/detainees/${encodeURIComponent(id)}`;

function RegisterForm() {
  const centerId = useCenterId();
  const [name, setName] = useState('');
  const [sex, setSex] = useState<'M' | 'F'>('M');
  const [caseUnit, setCaseUnit] = useState('');
  const [created, setCreated] = useState<{ detaineeId: string; name: string }>();
  const action = useAction();
  return (
    <section aria-labelledby="register-heading">
      <h2 id="register-heading">登记在押人员</h2>
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const api = await apiForCenter(centerId);
            const r = await unwrap(
              api.POST('/centers/{centerId}/detainees', {
                params: { path: { centerId } },
                body: { name: name.trim(), sex, ...(caseUnit.trim() ? { caseUnit: caseUnit.trim() } : {}) },
              }),
            );
            setCreated({ detaineeId: r.detaineeId, name: name.trim() });
            setName('');
            setCaseUnit('');
          });
        }}
      >
        <label>
          姓名
          <input name="name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>性别</legend>
          <label>
            <input type="radio" name="sex" checked={sex === 'M'} onChange={() => setSex('M')} />男
          </label>
          <label>
            <input type="radio" name="sex" checked={sex === 'F'} onChange={() => setSex('F')} />女
          </label>
        </fieldset>
        <label>
          承办单位（可选）
          <input name="caseUnit" value={caseUnit} onInput={(e) => setCaseUnit(e.currentTarget.value)} />
        </label>
        <ErrorAlert error={action.error} />
        <button type="submit" disabled={action.busy}>
          登记
        </button>
      </form>
      {created && (
        <Success>
          已登记 {created.name}，编号 <code>{created.detaineeId}</code>。<a href={detaineeHref(created.detaineeId)}>打开 {created.name} 的页面</a>
        </Success>
      )}
    </section>
  );
}

function SearchForm() {
  const centerId = useCenterId();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('active');
  const [found, setFound] = useState<DetaineeView[]>();
  const [byId, setById] = useState('');
  const action = useAction();
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading">查找在押人员</h2>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () =>
            setFound((await findDetainees(await apiForCenter(centerId), centerId, { q: q.trim() || undefined, status: status as 'active' | 'released' | 'all' })).detainees),
          );
        }}
      >
        <label>
          姓名（可输入部分）
          <input name="q" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label>
          状态
          <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="active">在押</option>
            <option value="released">已释放或移送</option>
            <option value="all">全部</option>
          </select>
        </label>
        <button type="submit" disabled={action.busy}>
          查找
        </button>
      </form>
      <ErrorAlert error={action.error} />
      {found && found.length === 0 && <Empty>没有找到。</Empty>}
      {found && found.length > 0 && (
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">性别</th>
              <th scope="col">状态</th>
              <th scope="col">承办单位</th>
              <th scope="col">编号</th>
            </tr>
          </thead>
          <tbody>
            {found.map((d) => (
              <tr key={d.detaineeId}>
                <td>
                  <a href={detaineeHref(d.detaineeId)}>{d.name}</a>
                </td>
                <td>{SEX[d.sex]}</td>
                <td>{DETAINEE_STATUS[d.status] ?? d.status}</td>
                <td>{d.caseUnit ?? '—'}</td>
                <td>
                  <code>{d.detaineeId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (byId.trim()) navigate(detaineeHref(byId.trim()));
        }}
      >
        <label>
          按编号打开
          <input name="detaineeId" value={byId} onInput={(e) => setById(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary">
          打开
        </button>
      </form>
    </section>
  );
}

export function DetaineesPage() {
  return (
    <DeskPage title="在押人员">
      <SearchForm />
      <RegisterForm />
    </DeskPage>
  );
}

function UnavailabilityForm({ detaineeId, onDone }: { detaineeId: string; onDone: () => void }) {
  const centerId = useCenterId();
  const [from, setFrom] = useState(shanghaiToday());
  const [to, setTo] = useState(shanghaiToday());
  const [reason, setReason] = useState('');
  const [preview, setPreview] = useState<Affected[]>();
  const [result, setResult] = useState<number>();
  const action = useAction();
  return (
    <section aria-labelledby="unavailable-heading">
      <h2 id="unavailable-heading">登记不能会见的期间</h2>
      <p>开庭、外出就医、移送等期间内的预约将被撤销（不记律师违约），并立即通知律师。</p>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => setPreview(await affectedByUnavailability(await apiForCenter(centerId), centerId, detaineeId, from, to)));
        }}
      >
        <label>
          开始日期
          <input type="date" name="from" required value={from} onChange={(e) => (setFrom(e.currentTarget.value), setPreview(undefined))} />
        </label>
        <label>
          结束日期
          <input type="date" name="to" required value={to} onChange={(e) => (setTo(e.currentTarget.value), setPreview(undefined))} />
        </label>
        <label>
          原因
          <input name="reason" required maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={action.busy}>
          预览受影响的预约
        </button>
      </form>
      {preview && (
        <div role="region" aria-label="将撤销的预约" class="alert alert-info">
          <AffectedList affected={preview} />
          <button
            type="button"
            class="contrast"
            disabled={action.busy || !reason.trim()}
            onClick={() =>
              void action.run(async () => {
                const api = await apiForCenter(centerId);
                const r = await unwrap(
                  api.POST('/centers/{centerId}/detainees/{detaineeId}/unavailability', { params: { path: { centerId, detaineeId } }, body: { from, to, reason: reason.trim() } }),
                );
                setResult(r.cancelledBookingIds.length);
                setPreview(undefined);
                onDone();
              })
            }
          >
            确认登记并撤销 {preview.length} 个预约
          </button>
        </div>
      )}
      {result !== undefined && <Success>已登记不能会见的期间，撤销了 {result} 个预约，律师已收到通知。</Success>}
      <ErrorAlert error={action.error} />
    </section>
  );
}

function MeetingRequestForm({ detaineeId }: { detaineeId: string }) {
  const centerId = useCenterId();
  const [message, setMessage] = useState('');
  const [notified, setNotified] = useState<number>();
  const action = useAction();
  return (
    <section aria-labelledby="request-heading">
      <h2 id="request-heading">转达会见要求</h2>
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const api = await apiForCenter(centerId);
            const r = await unwrap(
              api.POST('/centers/{centerId}/detainees/{detaineeId}/meeting-requests', {
                params: { path: { centerId, detaineeId } },
                body: message.trim() ? { message: message.trim() } : {},
              }),
            );
            setNotified(r.notifiedLawyerIds.length);
          });
        }}
      >
        <label>
          在押人员的留言（可选）
          <textarea name="message" maxLength={500} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
        </label>
        <button type="submit" class="secondary" disabled={action.busy}>
          通知其委托律师
        </button>
      </form>
      {notified !== undefined && <Success>已通知 {notified} 名委托律师。</Success>}
      <ErrorAlert error={action.error} />
    </section>
  );
}

function ReleaseForm({ detaineeId, onDone }: { detaineeId: string; onDone: () => void }) {
  const centerId = useCenterId();
  const [reason, setReason] = useState<'released' | 'transferred'>('released');
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ ended: number; cancelled: number }>();
  const action = useAction();
  return (
    <section aria-labelledby="release-heading">
      <h2 id="release-heading">释放或移送</h2>
      <fieldset>
        <legend>原因</legend>
        <label>
          <input type="radio" name="release" checked={reason === 'released'} onChange={() => setReason('released')} />
          释放
        </label>
        <label>
          <input type="radio" name="release" checked={reason === 'transferred'} onChange={() => setReason('transferred')} />
          移送
        </label>
      </fieldset>
      {!confirming ? (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          办理{reason === 'released' ? '释放' : '移送'}
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby="release-warning" class="alert alert-error">
          <p id="release-warning">办理后，该在押人员的全部委托绑定结束，未来的预约全部撤销并通知律师。确定吗？</p>
          <div role="group">
            <button
              type="button"
              class="contrast"
              disabled={action.busy}
              onClick={() =>
                void action.run(async () => {
                  const api = await apiForCenter(centerId);
                  const r = await unwrap(api.POST('/centers/{centerId}/detainees/{detaineeId}/release', { params: { path: { centerId, detaineeId } }, body: { reason } }));
                  setResult({ ended: r.endedBindingIds.length, cancelled: r.cancelledBookingIds.length });
                  setConfirming(false);
                  onDone();
                })
              }
            >
              确认{reason === 'released' ? '释放' : '移送'}
            </button>
            <button type="button" class="secondary outline" onClick={() => setConfirming(false)}>
              取消
            </button>
          </div>
        </div>
      )}
      {result && (
        <Success>
          已办理。结束委托绑定 {result.ended} 个，撤销预约 {result.cancelled} 个。
        </Success>
      )}
      <ErrorAlert error={action.error} />
    </section>
  );
}

export function DetaineePage({ params }: { params: Record<string, string> }) {
  const centerId = useCenterId();
  const { detaineeId } = params;
  const detail = useLoad(async () => detaineeDetail(await apiForCenter(centerId), centerId, detaineeId), [centerId, detaineeId]);
  return (
    <DeskPage title="在押人员详情">
      <Loaded state={detail} what="在押人员">
        {(d) => (
          <>
            <dl class="facts">
              <dt>姓名</dt>
              <dd>{d.name}</dd>
              <dt>性别</dt>
              <dd>{SEX[d.sex]}</dd>
              <dt>状态</dt>
              <dd>{DETAINEE_STATUS[d.status] ?? d.status}</dd>
              <dt>承办单位</dt>
              <dd>{d.caseUnit ?? '—'}</dd>
              <dt>编号</dt>
              <dd>
                <code>{d.detaineeId}</code>
              </dd>
            </dl>
            <h2>委托绑定</h2>
            {d.bindings.length === 0 ? (
              <Empty>尚无委托绑定。</Empty>
            ) : (
              <table class="striped">
                <thead>
                  <tr>
                    <th scope="col">证号</th>
                    <th scope="col">律师</th>
                    <th scope="col">核验方式</th>
                    <th scope="col">状态</th>
                    <th scope="col">办理时间</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {d.bindings.map((b) => (
                    <tr key={b.bindingId}>
                      <td>{b.licenseNo}</td>
                      <td>{b.lawyerName ?? '尚未注册'}</td>
                      <td>{b.verification === 'documents' ? '查验委托手续' : '首次会见'}</td>
                      <td>{BINDING_STATUS[b.status] ?? b.status}</td>
                      <td>{dateTime(b.createdAt)}</td>
                      <td>{b.status === 'active' && <RevokeButton bindingId={b.bindingId} label={`撤销 ${b.licenseNo} 的绑定`} onDone={detail.reload} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
      <p>
        <a class="button-link" href={`/desk/bindings?detainee=${encodeURIComponent(detaineeId)}`}>
          为该在押人员办理委托绑定
        </a>
      </p>
      <UnavailabilityForm detaineeId={detaineeId} onDone={detail.reload} />
      <MeetingRequestForm detaineeId={detaineeId} />
      <ReleaseForm detaineeId={detaineeId} onDone={detail.reload} />
    </DeskPage>
  );
}
