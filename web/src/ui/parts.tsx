// The few building blocks every page uses, so labels, alerts and busy states look and read the
// same everywhere (and assistive technology finds them: visible labels, role=alert/status).
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { issueText } from '../../../shared/api/field-labels';
import { ApiError, errorText } from '../api/client';

export function Page({ title, children, wide }: { title: string; children: ComponentChildren; wide?: boolean }) {
  useEffect(() => {
    document.title = `${title} · 律师会见预约平台`;
  }, [title]);
  return (
    <section class={wide ? 'page page-wide' : 'page'} aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      {children}
    </section>
  );
}

/**
 * The server's message in its own words; a VALIDATION_FAILED with field problems says each problem
 * once, in plain Chinese ("密码须含大写字母"), instead of the message that lists them by field path.
 */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const issues = error instanceof ApiError ? [...new Set((error.details.issues ?? []).map(issueText))] : [];
  if (issues.length === 1) {
    return (
      <div role="alert" class="alert alert-error">
        <p>{issues[0]}</p>
      </div>
    );
  }
  return (
    <div role="alert" class="alert alert-error">
      <p>{issues.length > 0 ? '请修改以下内容：' : errorText(error)}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div role="status" class="alert alert-ok">
      {children}
    </div>
  );
}

export function Loading({ what = '内容' }: { what?: string }) {
  return <p aria-busy="true">正在加载{what}…</p>;
}

/** A load's three states in one place. */
export function Loaded<T>({ state, what, children }: { state: { data?: T; error?: unknown; loading: boolean }; what?: string; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorAlert error={state.error} />;
  if (state.data === undefined) return <Loading what={what} />;
  return <>{children(state.data)}</>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A wide table that scrolls sideways on small screens, reachable by keyboard (a named region). */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
