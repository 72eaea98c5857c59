// The center's audit trail (R14): who did what, when, before and after, for a date range. Staff
// read their own center's; admins choose any center (the admin part reuses this view).
import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { apiForCenter } from '../core/centers';
import { addDays, dateTime, ROLE_NAME, shanghaiToday } from '../ui/format';
import { useLoad } from '../ui/hooks';
import { Empty, Loaded, TableWrap } from '../ui/parts';
import { useCenterId } from './center';
import { DeskPage } from './layout';

const brief = (v: Record<string, unknown> | null) =>
  v
    ? Object.entries(v)
        .map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x as string | number | boolean)}`)
        .join('，')
    : '—';

export function AuditTable({ centerId }: { centerId: string }) {
  const [to, setTo] = useState(shanghaiToday());
  const [from, setFrom] = useState(addDays(shanghaiToday(), -6));
  const state = useLoad(async () => {
    const api = await apiForCenter(centerId);
    return (await unwrap(api.GET('/centers/{centerId}/audit', { params: { path: { centerId }, query: { from, to } } }))).records;
  }, [centerId, from, to]);
  return (
    <>
      <div class="toolbar">
        <label>
          起始日期
          <input type="date" name="from" value={from} onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)} />
        </label>
        <label>
          截止日期
          <input type="date" name="to" value={to} onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} />
        </label>
      </div>
      <Loaded state={state} what="审计记录">
        {(records) =>
          records.length === 0 ? (
            <Empty>该期间没有记录。</Empty>
          ) : (
            <TableWrap label="审计记录表">
              <table class="striped">
                <thead>
                  <tr>
                    <th scope="col">时间</th>
                    <th scope="col">操作人</th>
                    <th scope="col">操作</th>
                    <th scope="col">对象</th>
                    <th scope="col">变更前</th>
                    <th scope="col">变更后</th>
                  </tr>
                </thead>
                <tbody>
                  {records.map((r) => (
                    <tr key={r.auditId}>
                      <td>{dateTime(r.at)}</td>
                      <td>
                        {ROLE_NAME[r.actorRole] ?? r.actorRole} <code>{r.actorId}</code>
                      </td>
                      <td>
                        <code>{r.action}</code>
                      </td>
                      <td>
                        <code>{r.target ?? '—'}</code>
                      </td>
                      <td>{brief(r.before)}</td>
                      <td>{brief(r.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </Loaded>
    </>
  );
}

export function AuditPage() {
  const centerId = useCenterId();
  return (
    <DeskPage title="操作审计">
      <AuditTable centerId={centerId} />
    </DeskPage>
  );
}
