// Who is signed in: the ID token from POST /auth/login and what its verified claims say (role,
// scope). The claims are read only to shape the UI; the API decides what is allowed. Kept in
// sessionStorage so a reload keeps the session but closing the tab ends it.
import { useEffect, useState } from 'preact/hooks';

export type Role = 'lawyer' | 'intern' | 'staff' | 'investigator' | 'committee' | 'admin';

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  role: Role;
  userId: string;
  username: string;
  centerIds: string[];
  district?: string;
  licenseNo?: string;
}

const KEY = 'lmb.session';
const ROLES: readonly Role[] = ['lawyer', 'intern', 'staff', 'investigator', 'committee', 'admin'];
type Listener = () => void;
const listeners = new Set<Listener>();

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
}

export function sessionFromToken(token: string, expiresIn: number, now = Date.now()): Session {
  const claims = decodeClaims(token);
  const role = groupsOf(claims['cognito:groups']).find((g): g is Role => (ROLES as readonly string[]).includes(g));
  if (!role) throw new Error('token without a role');
  const str = (k: string) => (typeof claims[k] === 'string' && claims[k] ? claims[k] : undefined);
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : now + expiresIn * 1000;
  return {
    token,
    expiresAt: Math.min(exp, now + expiresIn * 1000),
    role,
    userId: str('custom:userId') ?? '',
    username: str('cognito:username') ?? '',
    centerIds: (str('custom:centerIds') ?? '').split(',').filter(Boolean),
    district: str('custom:district'),
    licenseNo: str('custom:licenseNo'),
  };
}

let session: Session | undefined = (() => {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
})();

function notify() {
  for (const l of listeners) l();
}

/**
 * The session as stored. Its expiry is not judged here: the browser's clock may differ from the
 * server's, so an expired token is found out by the API's 401, which sends the user to sign in
 * again and back (api/client.ts).
 */
export function currentSession(): Session | undefined {
  return session;
}

export function signIn(next: Session): void {
  session = next;
  sessionStorage.setItem(KEY, JSON.stringify(next));
  notify();
}

export function signOut(): void {
  session = undefined;
  sessionStorage.removeItem(KEY);
  notify();
}

export function useSession(): Session | undefined {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return currentSession();
}

/** Where each role starts. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'lawyer':
    case 'intern':
      return '/lawyer';
    case 'staff':
      return '/desk';
    case 'investigator':
      return '/investigator';
    case 'committee':
      return '/manage/reports';
    case 'admin':
      return '/manage/users';
  }
}
