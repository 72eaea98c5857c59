// The shell: which part of the app a path belongs to, who may see it, the header and navigation.
// Each role's pages load as their own chunk, so a lawyer's phone never downloads the front desk.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { cityApi } from './api/client';
import { match, navigate, useLocation } from './core/router';
import type { SectionModule } from './core/section';
import { homeOf, signOut, useSession, type Role } from './core/session';
import { LoginPage } from './auth/login';
import { ROLE_NAME } from './ui/format';
import { Loading } from './ui/parts';

interface Section {
  prefix: string;
  /** undefined: public pages. */
  roles?: readonly Role[];
  load: () => Promise<SectionModule>;
}

const SECTIONS: Section[] = [
  { prefix: '/lawyer', roles: ['lawyer', 'intern'], load: () => import('./lawyer/section') },
  { prefix: '/desk', roles: ['staff'], load: () => import('./desk/section') },
  { prefix: '/investigator', roles: ['investigator'], load: () => import('./investigator/section') },
  { prefix: '/manage', roles: ['admin', 'committee'], load: () => import('./admin/section') },
  { prefix: '/account', load: () => import('./auth/section') },
  { prefix: '/display', load: () => import('./display/section') },
];

const sectionOf = (path: string) => SECTIONS.find((s) => path === s.prefix || path.startsWith(`${s.prefix}/`));

/** Navigation decided while rendering happens after it, once the shell listens to the location. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading what="页面" />;
}

function Header({ nav }: { nav: { href: string; label: string }[] }) {
  const session = useSession();
  const { path } = useLocation();
  return (
    <header class="app-header">
      <nav class="container-fluid" aria-label="主导航">
        <ul>
          <li>
            <a href={session ? homeOf(session.role) : '/login'} class="brand">
              律师会见预约平台
            </a>
          </li>
        </ul>
        <ul class="nav-links">
          {nav.map((n) => (
            <li key={n.href}>
              <a href={n.href} aria-current={path === n.href ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
          {session && (
            <li>
              <button
                type="button"
                class="outline secondary small"
                onClick={() => {
                  // Sign out on the server side too is not a route of the contract; the token simply expires.
                  signOut();
                  navigate('/login', { replace: true });
                }}
              >
                退出登录（{session.username}，{ROLE_NAME[session.role]}）
              </button>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}

function Frame({ nav, children, wide }: { nav: { href: string; label: string }[]; children: ComponentChildren; wide?: boolean }) {
  return (
    <>
      <a href="#main" class="skip-link">
        跳到主要内容
      </a>
      <Header nav={nav} />
      <main id="main" class={wide ? 'container-fluid desk' : 'container'} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export function App() {
  const location = useLocation();
  const session = useSession();
  const [loaded, setLoaded] = useState<{ prefix: string; module: SectionModule; error?: undefined } | { prefix: string; error: unknown; module?: undefined }>();
  const section = sectionOf(location.path);

  useEffect(() => {
    if (!section || loaded?.prefix === section.prefix) return;
    section.load().then(
      (module) => setLoaded({ prefix: section.prefix, module }),
      (error: unknown) => setLoaded({ prefix: section.prefix, error }),
    );
  }, [section?.prefix]);

  // Warm the API (and config) so a first action is not the one that pays for a cold start.
  useEffect(
    () =>
      void cityApi()
        .GET('/health')
        .catch(() => undefined),
    [],
  );

  if (location.path === '/' || location.path === '') return <Redirect to={session ? homeOf(session.role) : '/login'} />;
  if (location.path === '/login') {
    return (
      <Frame nav={[]}>
        <LoginPage query={location.query} />
      </Frame>
    );
  }
  if (!section) {
    return (
      <Frame nav={[]}>
        <h1>页面不存在</h1>
        <p>
          <a href="/">返回首页</a>
        </p>
      </Frame>
    );
  }
  if (section.roles && (!session || !section.roles.includes(session.role))) {
    if (!session) return <Redirect to={`/login?next=${encodeURIComponent(location.href)}`} />;
    return (
      <Frame nav={[]}>
        <h1>无权访问</h1>
        <p>当前账号（{ROLE_NAME[session.role]}）不能使用此页面。</p>
        <p>
          <a href={homeOf(session.role)}>返回本账号首页</a>
        </p>
      </Frame>
    );
  }
  const wide = section.prefix === '/desk' || section.prefix === '/manage';
  if (!loaded || loaded.prefix !== section.prefix) {
    return (
      <Frame nav={[]} wide={wide}>
        <Loading what="页面" />
      </Frame>
    );
  }
  if (loaded.error !== undefined || !loaded.module) {
    return (
      <Frame nav={[]} wide={wide}>
        <p role="alert">页面加载失败，请刷新重试。</p>
      </Frame>
    );
  }
  const module = loaded.module;
  for (const page of module.pages) {
    const params = match(page.pattern, location.path);
    if (params) {
      const Component = page.component;
      if (module.bare) return <Component key={location.path} params={params} query={location.query} />;
      return (
        <Frame nav={module.nav.filter((n) => !n.roles || (session && n.roles.includes(session.role)))} wide={wide}>
          <Component key={location.path} params={params} query={location.query} />
        </Frame>
      );
    }
  }
  return (
    <Frame nav={module.nav} wide={wide}>
      <h1>页面不存在</h1>
    </Frame>
  );
}
