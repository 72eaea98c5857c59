// Binding a lawyer to a detainee by licence number once the papers are verified (R1), showing the
// account the binding attached to so staff compare its name with the papers (R1a); revoking a
// binding (B4: it cancels that lawyer's future bookings of the detainee).
import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import type { ResponseOf } from '../api/types';
import { apiForCenter } from '../core/centers';
import { useAction } from '../ui/hooks';
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
  const [created, setCreated] = useState<ResponseOf<'/centers/{centerId}/bindings', 'post'> & { licenseNo: string }>();
  const [revokeId, setRevokeId] = useState('');
  const [revoked, setRevoked] = useState<number>();
  const action = useAction();
  return (
    <DeskPage title="委托绑定">
      <section aria-labelledby="bind-heading">
        <h2 id="bind-heading">办理委托绑定</h2>
        <p>核验委托手续（授权委托书、律师执业证、律师事务所函）或首次会见后，按执业证号绑定。律师尚未注册的，注册后自动生效。</p>
        <form
          class="narrow"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              const api = await apiForCenter(centerId);
              const r = await unwrap(
                api.POST('/centers/{centerId}/bindings', { params: { path: { centerId } }, body: { licenseNo: licenseNo.trim(), detaineeId: detaineeId.trim(), verification } }),
              );
              setCreated({ ...r, licenseNo: licenseNo.trim() });
            });
          }}
        >
          <label>
            律师执业证号或实习证号
            <input name="licenseNo" required value={licenseNo} onInput={(e) => setLicenseNo(e.currentTarget.value)} />
          </label>
          <label>
            在押人员编号
            <input name="detaineeId" required value={detaineeId} onInput={(e) => setDetaineeId(e.currentTarget.value)} />
          </label>
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
          <ErrorAlert error={action.error} />
          <button type="submit" disabled={action.busy}>
            办理绑定
          </button>
        </form>
        {created && (
          <Success>
            <p>
              绑定已生效（编号 <code>{created.bindingId}</code>）。
            </p>
            {created.lawyer ? (
              <p>
                证号 {created.licenseNo} 的注册账号：<strong>{created.lawyer.name}</strong>（{created.lawyer.lawFirm}）。请与委托手续上的姓名、律师事务所核对。
              </p>
            ) : (
              <p>证号 {created.licenseNo} 尚未注册账号；律师注册后绑定自动生效。</p>
            )}
          </Success>
        )}
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
