// Account pages anyone can open: a lawyer's or intern's registration (proven against the bar
// association's registry, R1a), confirmation by SMS code, and a forgotten password.
import { useState } from 'preact/hooks';
import { ApiError, cityApi, unwrap } from '../api/client';
import type { BodyOf } from '../api/types';
import { navigate } from '../core/router';
import type { SectionModule } from '../core/section';
import { useAction } from '../ui/hooks';
import { ErrorAlert, Page, Success } from '../ui/parts';

type RegisterBody = BodyOf<'/auth/register', 'post'>;

function NotInRegistry({ error }: { error: ApiError }) {
  return (
    <div role="alert" class="alert alert-error">
      <p>
        <strong>未能通过律师协会登记信息核验：</strong>
        {error.message}
      </p>
      <p>
        注册时，证号、姓名和手机号三项须与律师协会（律师管理部门）登记的信息完全一致，验证码将发送到登记在册的手机号。请逐项核对；如登记信息有误或已变更（例如更换了手机号），请联系所在律师事务所或区律师协会更新登记后再注册。执业证被暂停的律师暂不能注册。
      </p>
    </div>
  );
}

function RegisterPage() {
  const [form, setForm] = useState<RegisterBody>({ username: '', password: '', name: '', phone: '', licenseNo: '', lawFirm: '', role: 'lawyer' });
  const [email, setEmail] = useState('');
  const action = useAction();
  const set = (k: keyof RegisterBody) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  const submit = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      const body: RegisterBody = { ...form, username: form.username.trim(), licenseNo: form.licenseNo.trim(), ...(email.trim() ? { email: email.trim() } : {}) };
      await unwrap(cityApi().POST('/auth/register', { body }));
      navigate(`/account/confirm?username=${encodeURIComponent(body.username)}&sent=1`);
    });
  };
  const notInRegistry = action.error instanceof ApiError && action.error.code === 'NOT_IN_REGISTRY';

  return (
    <Page title="律师注册">
      <p>执业律师与实习人员在此注册。注册信息须与律师协会登记的信息一致，注册后凭短信验证码确认。</p>
      <form onSubmit={submit} class="narrow">
        <fieldset>
          <legend>身份</legend>
          <label>
            <input type="radio" name="role" value="lawyer" checked={form.role === 'lawyer'} onChange={() => setForm({ ...form, role: 'lawyer' })} />
            执业律师
          </label>
          <label>
            <input type="radio" name="role" value="intern" checked={form.role === 'intern'} onChange={() => setForm({ ...form, role: 'intern' })} />
            实习人员
          </label>
        </fieldset>
        <label>
          {form.role === 'lawyer' ? '执业证号（17 位数字）' : '实习证号'}
          <input name="licenseNo" required inputMode={form.role === 'lawyer' ? 'numeric' : 'text'} value={form.licenseNo} onInput={set('licenseNo')} />
        </label>
        <label>
          姓名
          <input name="name" autocomplete="name" required value={form.name} onInput={set('name')} />
        </label>
        <label>
          手机号（律师协会登记的号码）
          <input name="phone" type="tel" autocomplete="tel" inputMode="tel" required value={form.phone} onInput={set('phone')} />
        </label>
        <label>
          律师事务所
          <input name="lawFirm" autocomplete="organization" required value={form.lawFirm} onInput={set('lawFirm')} />
        </label>
        <label>
          电子邮箱（可选，用于接收通知）
          <input name="email" type="email" autocomplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          用户名
          <input name="username" autocomplete="username" required value={form.username} onInput={set('username')} aria-describedby="username-help" />
          <small id="username-help">3–64 位字母、数字或 _ . -</small>
        </label>
        <label>
          密码
          <input name="password" type="password" autocomplete="new-password" required value={form.password} onInput={set('password')} aria-describedby="password-help" />
          <small id="password-help">至少 8 位，须含大写字母、小写字母和数字</small>
        </label>
        {notInRegistry ? <NotInRegistry error={action.error as ApiError} /> : <ErrorAlert error={action.error} />}
        <button type="submit" aria-busy={action.busy} disabled={action.busy}>
          注册
        </button>
      </form>
      <p>
        已有账号？<a href="/login">登录</a>
      </p>
    </Page>
  );
}

function ConfirmPage({ query }: { query: URLSearchParams }) {
  const [username, setUsername] = useState(query.get('username') ?? '');
  const [code, setCode] = useState('');
  const [resent, setResent] = useState(false);
  const action = useAction();
  const resend = useAction();

  const submit = (e: Event) => {
    e.preventDefault();
    void action.run(async () => {
      await unwrap(cityApi().POST('/auth/confirm', { body: { username: username.trim(), code: code.trim() } }));
      navigate(`/login?reason=confirmed&username=${encodeURIComponent(username.trim())}`, { replace: true });
    });
  };

  return (
    <Page title="确认注册">
      {query.get('sent') === '1' && <Success>注册申请已提交，验证码已通过短信发送到律师协会登记的手机号。</Success>}
      <form onSubmit={submit} class="narrow">
        <label>
          用户名
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          短信验证码（6 位数字）
          <input name="code" inputMode="numeric" autocomplete="one-time-code" required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        <ErrorAlert error={action.error} />
        <button type="submit" aria-busy={action.busy} disabled={action.busy}>
          确认注册
        </button>
      </form>
      <p>没有收到验证码？</p>
      <button
        type="button"
        class="secondary outline"
        disabled={resend.busy || !username.trim()}
        onClick={() => void resend.run(async () => (await unwrap(cityApi().POST('/auth/resend', { body: { username: username.trim() } })), setResent(true)))}
      >
        重新发送验证码
      </button>
      {resent && <Success>新的验证码已发送。</Success>}
      <ErrorAlert error={resend.error} />
    </Page>
  );
}

function ForgotPage() {
  const [username, setUsername] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const ask = useAction();
  const reset = useAction();

  return (
    <Page title="找回密码">
      <form
        class="narrow"
        onSubmit={(e) => {
          e.preventDefault();
          void ask.run(async () => (await unwrap(cityApi().POST('/auth/forgot', { body: { username: username.trim() } })), setSent(true)));
        }}
      >
        <label>
          用户名
          <input name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <ErrorAlert error={ask.error} />
        <button type="submit" aria-busy={ask.busy} disabled={ask.busy}>
          发送验证码
        </button>
      </form>
      {sent && (
        <>
          <Success>如该用户名存在，验证码已发送到登记的手机号。</Success>
          <form
            class="narrow"
            onSubmit={(e) => {
              e.preventDefault();
              void reset.run(async () => {
                await unwrap(cityApi().POST('/auth/reset', { body: { username: username.trim(), code: code.trim(), newPassword: password } }));
                navigate(`/login?reason=reset&username=${encodeURIComponent(username.trim())}`, { replace: true });
              });
            }}
          >
            <label>
              短信验证码
              <input name="code" inputMode="numeric" autocomplete="one-time-code" required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
            </label>
            <label>
              新密码
              <input name="newPassword" type="password" autocomplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            </label>
            <ErrorAlert error={reset.error} />
            <button type="submit" aria-busy={reset.busy} disabled={reset.busy}>
              重设密码
            </button>
          </form>
        </>
      )}
      <p>
        <a href="/login">返回登录</a>
      </p>
    </Page>
  );
}

export const pages: SectionModule['pages'] = [
  { pattern: '/account/register', component: RegisterPage },
  { pattern: '/account/confirm', component: ConfirmPage },
  { pattern: '/account/forgot', component: ForgotPage },
];
export const nav: SectionModule['nav'] = [
  { href: '/login', label: '登录' },
  { href: '/account/register', label: '注册' },
];
