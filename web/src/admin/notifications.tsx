// Notifications that could not be delivered (B7): dead letters (or those pending and retrying)
// from every district's API, each redriven through the API that listed it.
import { useState } from 'preact/hooks';
import { everyApi, unwrap, type Api } from '../api/client';
import type { DeadLetter } from '../api/types';
import { dateTime } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Page } from '../ui/parts';

const STATUS: Record<string, string> = { dead: '死信', failed: '重试中', pending: '待发送' };

export function NotificationsPage() {
  const [status, setStatus] = useState<'dead' | 'failed' | 'pending'>('dead');
  const [redriven, setRedriven] = useState<string[]>([]);
  const action = useAction();
  const state = useLoad(async () => {
    const lists = await Promise.all(
      everyApi().map(async (api) => (await unwrap(api.GET('/admin/notifications', { params: { query: { status } } }))).notifications.map((n) => ({ n, api }))),
    );
    return [...new Map(lists.flat().map((x) => [x.n.notificationId, x])).values()] as { n: DeadLetter; api: Api }[];
  }, [status]);
  return (
    <Page title="通知投递" wide>
      <label class="narrow">
        状态
        <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as 'dead' | 'failed' | 'pending')}>
          <option value="dead">死信（已放弃投递）</option>
          <option value="failed">重试中</option>
          <option value="pending">待发送</option>
        </select>
      </label>
      <ErrorAlert error={action.error} />
      <Loaded state={state} what="通知">
        {(list) =>
          list.length === 0 ? (
            <Empty>没有{STATUS[status]}通知。</Empty>
          ) : (
            <table class="striped">
              <thead>
                <tr>
                  <th scope="col">创建时间</th>
                  <th scope="col">类型</th>
                  <th scope="col">收件人</th>
                  <th scope="col">尝试次数</th>
                  <th scope="col">最后错误</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {list.map(({ n, api }) => (
                  <tr key={n.notificationId}>
                    <td>{dateTime(n.createdAt)}</td>
                    <td>
                      <code>{n.kind}</code>
                    </td>
                    <td>
                      <code>{n.recipientId}</code>
                    </td>
                    <td>{n.attempts}</td>
                    <td>{n.lastError ?? '—'}</td>
                    <td>
                      {redriven.includes(n.notificationId) ? (
                        '已重新投递'
                      ) : status === 'dead' ? (
                        <button
                          type="button"
                          class="small"
                          aria-label={`重新投递 ${n.kind} ${dateTime(n.createdAt)}`}
                          disabled={action.busy}
                          onClick={() =>
                            void action.run(async () => {
                              await unwrap(api.POST('/admin/notifications/{notificationId}/redrive', { params: { path: { notificationId: n.notificationId } } }));
                              setRedriven((r) => [...r, n.notificationId]);
                            })
                          }
                        >
                          重新投递
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </Page>
  );
}
