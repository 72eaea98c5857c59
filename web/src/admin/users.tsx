// Accounts (admin): creating staff, investigator, committee and admin accounts with their scope,
// and the list of accounts with disabling and enabling (SPEC §7.2).
import { useState } from 'preact/hooks';
import { cityApi, unwrap } from '../api/client';
import type { BodyOf, ResponseOf } from '../api/types';
import { loadCenters } from '../core/centers';
import { useSession } from '../core/session';
import { config } from '../core/config';
import { ROLE_NAME } from '../ui/format';
import { useAction, useLoad } from '../ui/hooks';
import { Empty, ErrorAlert, Loaded, Page, Success } from '../ui/parts';

type NewUser = BodyOf<'/admin/users', 'post'>;
type UserView = ResponseOf<'/admin/users', 'get'>['users'][number];
type Role = NonNullable<UserView['role']>;
const ACCOUNT_ROLES: NewUser['role'][] = ['staff', 'investigator', 'committee', 'admin'];

function CreateForm({ onCreated }: { onCreated: () => void }) {
  const centers = useLoad(loadCenters, []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<NewUser['role']>('staff');
  const [centerIds, setCenterIds] = useState<string[]>([]);
  const [district, setDistrict] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<string>();
  const action = useAction();
  const scoped = role === 'staff' || role === 'investigator';
  return (
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">创建账号</h2>
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const body: NewUser = {
              username: username.trim(),
              password,
              role,
              ...(scoped && centerIds.length ? { centerIds } : {}),
              ...(role === 'committee' && district ? { district } : {}),
              ...(phone.trim() ? { phone: phone.trim() } : {}),
              ...(email.trim() ? { email: email.trim() } : {}),
            };
            const r = await unwrap(cityApi().POST('/admin/users', { body }));
            setCreated(`已创建${ROLE_NAME[r.role] ?? r.role}账号 ${r.username}（编号 ${r.userId}）。`);
            setUsername('');
            setPassword('');
            onCreated();
          });
        }}
      >
        <label>
          角色
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as NewUser['role'])}>
            {ACCOUNT_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAME[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          用户名
          <input name="username" autocomplete="off" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          初始密码
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-describedby="pw-help"
          />
          <small id="pw-help">至少 8 位，须含大写字母、小写字母和数字</small>
        </label>
        {scoped && (
          <Loaded state={centers} what="看守所">
            {(list) => (
              <fieldset>
                <legend>所属看守所</legend>
                {list.map((c) => (
                  <label key={c.centerId}>
                    <input
                      type="checkbox"
                      name="centerIds"
                      checked={centerIds.includes(c.centerId)}
                      onChange={(e) => setCenterIds(e.currentTarget.checked ? [...centerIds, c.centerId] : centerIds.filter((x) => x !== c.centerId))}
                    />
                    {c.name}
                  </label>
                ))}
              </fieldset>
            )}
          </Loaded>
        )}
        {role === 'committee' && (
          <label>
            所属区县
            <select name="district" required value={district} onChange={(e) => setDistrict(e.currentTarget.value)}>
              <option value="">请选择</option>
              {config().districts.map((d) => (
                <option key={d.districtId} value={d.districtId}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          手机号（可选，接收紧急会见预警）
          <input name="phone" type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
        </label>
        <label>
          电子邮箱（可选）
          <input name="email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <ErrorAlert error={action.error} />
        <button type="submit" disabled={action.busy}>
          创建账号
        </button>
      </form>
      {created && <Success>{created}</Success>}
    </section>
  );
}

function UserList({ round }: { round: number }) {
  const [role, setRole] = useState('');
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const cursor = pages[pages.length - 1];
  const [changed, setChanged] = useState<Record<string, boolean>>({});
  const action = useAction();
  const me = useSession()?.userId;
  const centers = useLoad(loadCenters, []);
  const centerName = (id: string) => centers.data?.find((c) => c.centerId === id)?.name ?? id;
  const districtName = (id: string) => config().districts.find((d) => d.districtId === id)?.name ?? id;
  // The enabled admins (never more than a page): the last one offers no 停用 (the API refuses it too).
  const admins = useLoad(() => unwrap(cityApi().GET('/admin/users', { params: { query: { role: 'admin', limit: '100' } } })), [round]);
  const enabledAdmins = (admins.data?.users ?? []).filter((u) => !(changed[u.userId] ?? u.disabled)).length;
  const list = useLoad(
    () => unwrap(cityApi().GET('/admin/users', { params: { query: { ...(role ? { role: role as Role } : {}), ...(cursor ? { cursor } : {}), limit: '50' } } })),
    [role, cursor, round],
  );
  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading">账号列表</h2>
      <label class="narrow">
        按角色筛选
        <select name="filterRole" value={role} onChange={(e) => (setRole(e.currentTarget.value), setPages([undefined]))}>
          <option value="">全部</option>
          {Object.entries(ROLE_NAME).map(([r, n]) => (
            <option key={r} value={r}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <ErrorAlert error={action.error} />
      <Loaded state={list} what="账号">
        {({ users, nextCursor }) =>
          users.length === 0 ? (
            <Empty>没有账号。</Empty>
          ) : (
            <>
              <table class="striped">
                <thead>
                  <tr>
                    <th scope="col">用户名</th>
                    <th scope="col">角色</th>
                    <th scope="col">看守所 / 区县</th>
                    <th scope="col">状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  {users.map((u: UserView) => {
                    const disabled = changed[u.userId] ?? u.disabled;
                    return (
                      <tr key={u.userId}>
                        <td>{u.username}</td>
                        <td>{ROLE_NAME[u.role] ?? u.role}</td>
                        <td>{[...u.centerIds.map(centerName), u.district ? districtName(u.district) : ''].filter(Boolean).join('、') || '—'}</td>
                        <td>{disabled ? '已停用' : '正常'}</td>
                        <td>
                          {!disabled && u.userId === me ? (
                            <span class="muted">本人账号（不能停用）</span>
                          ) : !disabled && u.role === 'admin' && enabledAdmins <= 1 ? (
                            <span class="muted">唯一启用的管理员（不能停用）</span>
                          ) : (
                            <button
                              type="button"
                              class={disabled ? 'secondary small' : 'contrast small'}
                              aria-label={`${disabled ? '启用' : '停用'}账号 ${u.username}`}
                              disabled={action.busy}
                              onClick={() =>
                                void action.run(async () => {
                                  const params = { params: { path: { userId: u.userId } } };
                                  await unwrap(disabled ? cityApi().POST('/admin/users/{userId}/enable', params) : cityApi().POST('/admin/users/{userId}/disable', params));
                                  setChanged((c) => ({ ...c, [u.userId]: !disabled }));
                                })
                              }
                            >
                              {disabled ? '启用' : '停用'}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div role="group" class="narrow">
                <button type="button" class="secondary outline" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
                  上一页
                </button>
                <button type="button" class="secondary outline" disabled={!nextCursor} onClick={() => setPages([...pages, nextCursor ?? undefined])}>
                  下一页
                </button>
              </div>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

export function UsersPage() {
  const [round, setRound] = useState(0);
  return (
    <Page title="账号管理" wide>
      <CreateForm onCreated={() => setRound((n) => n + 1)} />
      <UserList round={round} />
    </Page>
  );
}
