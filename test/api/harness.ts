// API test harness: boots the local platform (gateway + local identity provider) on a free port
// against the DynamoDB Local of the global setup, and gives tests a small HTTP client and the
// account flows every test needs. Each test file gets its own gateway and signing key.
import { randomInt } from 'node:crypto';
import { bootLocalPlatform, type LocalPlatform } from '../../local/platform';
import { ADMIN_USERNAME } from '../../local/seed';

export const ADMIN_PASSWORD = 'Local-Admin-2013';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(readonly platform: LocalPlatform) {}

  get url(): string {
    return this.platform.url;
  }

  async call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // non-JSON (e.g. /docs)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string, token?: string) => this.call<T>('GET', path, { token });
  post = <T = any>(path: string, body?: unknown, token?: string) => this.call<T>('POST', path, { body, token });

  async login(username: string, password: string): Promise<string> {
    const r = await this.post('/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token as string;
  }

  adminToken = () => this.login(ADMIN_USERNAME, ADMIN_PASSWORD);

  /** Creates an account through POST /admin/users and logs it in. */
  async account(role: 'staff' | 'investigator' | 'committee' | 'admin', scope: { centerIds?: string[]; district?: string } = {}) {
    const username = uniqueName(role);
    const password = 'Pass-Word-123';
    const r = await this.post('/admin/users', { username, password, role, ...scope }, await this.adminToken());
    if (r.status !== 201) throw new Error(`create ${role} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return { userId: r.body.userId as string, username, token: await this.login(username, password) };
  }

  /** Registers, confirms with the SMS code from the local outbox, and logs in. */
  async lawyer(role: 'lawyer' | 'intern' = 'lawyer', licenseNo = role === 'lawyer' ? newLicense() : newInternCertificate(), lawFirm = '测试律师事务所', name = '测试律师') {
    const username = uniqueName(role);
    const password = 'Lawyer-Pass-1';
    const phone = newPhone();
    // Registration is proven against the licence registry (R1a): the bar association's entry first.
    await this.registryEntry({ licenseNo, name, lawFirm, phone, role, status: 'practising' });
    const reg = await this.post('/auth/register', { username, password, name, phone, licenseNo, lawFirm, role });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
    const code = await this.codeFor(phone);
    const confirm = await this.post('/auth/confirm', { username, code });
    if (confirm.status !== 200) throw new Error(`confirm failed: ${confirm.status} ${JSON.stringify(confirm.body)}`);
    return { lawyerId: reg.body.lawyerId as string, username, password, phone, licenseNo, lawFirm, name, token: await this.login(username, password) };
  }

  /** Imports (upserts) entries of the licence registry as the admin. */
  async registryEntry(...entries: { licenseNo: string; name: string; lawFirm: string; phone: string; role: 'lawyer' | 'intern'; status: 'practising' | 'suspended' }[]) {
    const r = await this.post('/admin/lawyer-registry', { entries }, await this.adminToken());
    if (r.status !== 200) throw new Error(`registry import failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { created: number; updated: number };
  }

  async codeFor(phone: string): Promise<string> {
    const outbox = await this.get(`/_local/outbox?to=${encodeURIComponent(phone)}`);
    const codes = (outbox.body.messages as { kind: string; body: string }[]).filter((m) => m.kind === 'registration-code');
    const match = /(\d{6})/.exec(codes[codes.length - 1]?.body ?? '');
    if (!match) throw new Error(`no registration code for ${phone}`);
    return match[1];
  }

  /**
   * Waits until the background notifier delivered `count` messages of `kind` (whose body contains
   * `containing`) to `to`, then returns them all. Needs `startApi({ notifier: true })`.
   */
  async messages(to: string, kind: string, count: number, containing = ''): Promise<{ kind: string; body: string }[]> {
    for (let i = 0; i < 80; i++) {
      const all = (await this.get(`/_local/outbox?to=${encodeURIComponent(to)}`)).body.messages as { kind: string; body: string }[];
      const found = all.filter((m) => m.kind === kind && m.body.includes(containing));
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${count} × ${kind} never reached ${to}`);
  }

  async detainee(staffToken: string, centerId = 'minhang-kss', sex: 'M' | 'F' = 'M'): Promise<string> {
    const r = await this.post(`/centers/${centerId}/detainees`, { name: '王某', sex }, staffToken);
    if (r.status !== 201) throw new Error(`detainee failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.detaineeId as string;
  }
}

let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
export const newLicense = () => `1310${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e4)).padStart(4, '0')}`;
export const newInternCertificate = () => `SX${String(randomInt(0, 1e9)).padStart(9, '0')}`;
export const newPhone = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

/**
 * Boots a gateway for one test file; the background notifier only where a test reads the outbox
 * for it; `dataDir` persists the signing key there; `accessLog` receives the access log lines.
 */
export async function startApi(options: { notifier?: boolean; dataDir?: string; accessLog?: (line: string) => void } = {}): Promise<Api> {
  const platform = await bootLocalPlatform({
    port: 0,
    adminPassword: ADMIN_PASSWORD,
    notifier: options.notifier ?? false,
    dataDir: options.dataDir,
    accessLog: options.accessLog,
  });
  return new Api(platform);
}
