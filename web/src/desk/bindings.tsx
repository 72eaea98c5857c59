// Binding a lawyer to a detainee by licence number once the papers are verified (R1), showing the
// account the binding attached to so staff compare its name with the papers (R1a); revoking a
// binding (B4: it cancels that lawyer's future bookings of the detainee). The answer of a binding
// says what the bar association's registry knows of the licence — practising, suspended, or not in
// it (a typo, or a lawyer not imported yet: bound all the same, marked plainly) — and stands beside
// the button; a failed second try clears the first one's success (useAnswer).

type Created = ResponseOf<'/centers/{centerId}/bindings', 'post'> & { licenseNo: string };

function BindingAnswer({ created }: { created: Created }) {
  const { registry, lawyer, licenseNo } = created;
  return (
    <>
      <p>绑定已生效。</p>
      {registry === null ? (
        <p class="registry-unknown">
          <span class="badge late">登记中无此证号</span> 律师协会执业登记中没有证号 {licenseNo}：可能是证号录入有误，也可能是尚未登记的律师。绑定已办理，请再次核对执业证。
        </p>
      ) : (
        <p>
          执业登记：<strong>{registry.name}</strong>（{registry.lawFirm}），{registry.role === 'intern' ? '实习人员' : '执业律师'}，
          {registry.status === 'practising' ? (
            '执业中'
          ) : (
            <>
              <span class="badge late">暂停执业</span>（暂停期间不能预约会见）
            </>
          )}
          。
        </p>
      )}
      {lawyer ? (
        <p>
          证号 {licenseNo} 的注册账号：<strong>{lawyer.name}</strong>（{lawyer.lawFirm}）。请与委托手续上的姓名、律师事务所核对。
        </p>
      ) : (
        <p>证号 {licenseNo} 尚未注册账号；律师注册后绑定自动生效。</p>
      )}
    </>
  );
}
import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import { apiForCenter } from '../core/centers';
import { Answer, useAnswer } from '../ui/answer';
import { useAction, useLoad } from '../ui/hooks';
import { ErrorAlert, Success } from '../ui/parts';
import { useCenterId } from './center';
import { DeskPage } from './layout';

export function RevokeButton({ bindingId, label, onDone }: { bindingId: string; label: string; onDone: (cancelled: number) => void }) {
  const centerId = useCenterId();
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  if (!confirming) {
    return (
      <button type="button" class="secondary small" aria-label={label} onClick={() => setConfirming(true)}>
        撤销绑定
      </button>
    );
  }
  return (
    <div role="alertdialog" aria-label="确认撤销绑定" class="alert alert-error">
      <p>撤销后，该律师对该在押人员的未来预约将全部撤销并通知律师。</p>
      <div role="group">
        <button
          type="button"
          class="contrast small"
          disabled={action.busy}
          onClick={() =>
            void action.run(async () => {
              const api = await apiForCenter(centerId);
              const r = await unwrap(api.POST('/centers/{centerId}/bindings/{bindingId}/revoke', { params: { path: { centerId, bindingId } } }));
              setConfirming(false);
              onDone(r.cancelledBookingIds.length);
            })
          }
        >
          确认撤销
        </button>
        <button type="button" class="secondary outline small" onClick={() => setConfirming(false)}>
          不撤销
        </button>
      </div>
      <ErrorAlert error={action.error} />
    </div>
  );
}

export function BindingsPage({ query }: { query: URLSearchParams }) {
  const centerId = useCenterId();
  const [licenseNo, setLicenseNo] = useState('');
  const [detaineeId, setDetaineeId] = useState(query.get('detainee') ?? '');
  const [verification, setVerification] = useState<'documents' | 'first-meeting'>('documents');
  const [revokeId, setRevokeId] = useState('');
  const [revoked, setRevoked] = useState<number>();
  const answer = useAnswer();
  const detainee = useLoad(async () => {
    const id = detaineeId.trim();
    if (!/^dt_[A-Za-z0-9]{10,}$/.test(id)) return undefined;
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/detainees/{detaineeId}', { params: { path: { centerId, detaineeId: id } } }))).name;
  }, [centerId, detaineeId]);
  return (
    <DeskPage title="委托绑定">
      <section aria-labelledby="bind-heading">
        <h2 id="bind-heading">办理委托绑定</h2>
        <p>核验委托手续（授权委托书、律师执业证、律师事务所函）或首次会见后，按执业证号绑定。律师尚未注册的，注册后自动生效。</p>
        <form
          class="narrow"
          onSubmit={(e) => {
            e.preventDefault();
            const licence = licenseNo.trim();
            void answer.run(
              async () => {
                const api = await apiForCenter(centerId);
                const r = await unwrap(
                  api.POST('/centers/{centerId}/bindings', { params: { path: { centerId } }, body: { licenseNo: licence, detaineeId: detaineeId.trim(), verification } }),
                );
                return { ...r, licenseNo: licence };
              },
              (created) => <BindingAnswer created={created} />,
            );
          }}
        >
          <label>
            律师执业证号或实习证号
            <input name="licenseNo" required value={licenseNo} onInput={(e) => setLicenseNo(e.currentTarget.value)} />
          </label>
          <label>
            在押人员编号（从“在押人员”页进入时已填好）
            <input name="detaineeId" required value={detaineeId} onInput={(e) => setDetaineeId(e.currentTarget.value)} />
          </label>
          {detainee.data && (
            <p>
              在押人员：<strong>{detainee.data}</strong>
            </p>
          )}
          <fieldset>
            <legend>核验方式</legend>
            <label>
              <input type="radio" name="verification" checked={verification === 'documents'} onChange={() => setVerification('documents')} />
              查验委托手续
            </label>
            <label>
              <input type="radio" name="verification" checked={verification === 'first-meeting'} onChange={() => setVerification('first-meeting')} />
              首次会见
            </label>
          </fieldset>
          <button type="submit" disabled={answer.busy}>
            办理绑定
          </button>
          <Answer answered={answer} />
        </form>
      </section>
      <section aria-labelledby="revoke-heading">
        <h2 id="revoke-heading">撤销委托绑定</h2>
        <div class="toolbar">
          <label>
            绑定编号
            <input name="bindingId" value={revokeId} onInput={(e) => (setRevokeId(e.currentTarget.value), setRevoked(undefined))} />
          </label>
          {revokeId.trim() && <RevokeButton bindingId={revokeId.trim()} label="撤销绑定" onDone={setRevoked} />}
        </div>
        {revoked !== undefined && <Success>绑定已撤销，撤销了 {revoked} 个未来预约。</Success>}
      </section>
    </DeskPage>
  );
}
