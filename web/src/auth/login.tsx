// Sign-in (POST /auth/login). After an expired session the user lands here with `next` and goes
// back to where they were.
import { useState } from 'preact/hooks';
import { cityApi, SESSION_EXPIRED, unwrap } from '../api/client';
import { navigate } from '../core/router';
import { homeOf, sessionFromToken, signIn } from '../core/session';
import { useAction } from '../ui/hooks';
import { ErrorAlert, Page } from '../ui/parts';

/** Only paths of this app: never an absolute or protocol-relative URL from the query string. */
export function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : undefined;
}

export function LoginPage({ query }: { query: URLSearchParams }) {
  const [username, setUsername] = useState(query.get('username') ?? '');
  const [password, setPassword] = useState('');
  const action = useAction();
  const next = safeNext(query.get('next'));

  const submit = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      const r = await unwrap(cityApi().POST('/auth/login', { body: { username: username.trim(), password } }));
      const session = sessionFromToken(r.token, r.expiresIn);
      signIn(session);
      navigate(next ?? homeOf(session.role), { replace: true });
    });
  };

  return (
    <Page title="登录">
      {query.get('reason') === SESSION_EXPIRED && (
        <p role="status" class="alert alert-info">
          登录已失效，请重新登录，登录后将回到刚才的页面。
        </p>
      )}
      {query.get('reason') === 'confirmed' && (
        <p role="status" class="alert alert-ok">
          注册已确认，请登录。
        </p>
      )}
      {query.get('reason') === 'reset' && (
        <p role="status" class="alert alert-ok">
          密码已重设，请用新密码登录。
        </p>
      )}
      <form onSubmit={submit} class="narrow">
        <label>
          用户名
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          密码
          <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <ErrorAlert error={action.error} />
        <button type="submit" aria-busy={action.busy} disabled={action.busy}>
          登录
        </button>
      </form>
      <p>
        律师或实习人员首次使用？<a href="/account/register">注册账号</a>
      </p>
      <p>
        <a href="/account/forgot">忘记密码</a> · <a href="/account/confirm">输入注册验证码</a>
      </p>
    </Page>
  );
}
