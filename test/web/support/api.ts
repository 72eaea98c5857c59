// The browser tests' own line to the API: setting the local clock, creating the accounts and data
// a journey starts from, reading SMS codes from the local outbox, and checking what the server
// holds after the person clicked. Never used for what the test is about: that goes through the page.
import { randomInt } from 'node:crypto';

export const ADMIN = { username: 'admin', password: 'Local-Admin-2013' };

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class WebApi {
  constructor(readonly url = process.env.LMB_WEB_URL as string) {
    if (!url) throw new Error('LMB_WEB_URL is not set: run the web project through jest (its global setup starts npm start)');
  }

  async call<T = any>(method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<Reply<T>> {
    // No kept-alive sockets: they would hold Jest's process open after the run.
    const h: Record<string, string> = { connection: 'close', ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }

  get = <T = any>(path: string, token?: string) => this.call<T>('GET', path, undefined, token);
  post = <T = any>(path: string, body?: unknown, token?: string, headers?: Record<string, string>) => this.call<T>('POST', path, body, token, headers);

  async ok<T = any>(reply: Promise<Reply<T>>, what: string): Promise<T> {
    const r = await reply;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async setClock(now: string): Promise<void> {
    await this.ok(this.post('/_local/clock', { now }), 'set clock');
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.ok(this.post<{ token: string }>('/auth/login', { username, password }), `login ${username}`)).token;
  }

  adminToken = () => this.login(ADMIN.username, ADMIN.password);

  async account(role: 'staff' | 'investigator' | 'committee' | 'admin', scope: { centerIds?: string[]; district?: string } = {}) {
    const username = uniqueName(role);
    const password = 'Pass-Word-123';
    const created = await this.ok(this.post('/admin/users', { username, password, role, ...scope }, await this.adminToken()), `create ${role}`);
    return { userId: created.userId as string, username, password, token: await this.login(username, password) };
  }

  /** Puts a licence in the bar association's registry (SPEC §7 R1a) so that a registration with it succeeds. */
  async registry(entry: { licenseNo: string; name: string; lawFirm: string; phone: string; role: 'lawyer' | 'intern' }): Promise<void> {
    const r = await this.post('/admin/lawyer-registry', { entries: [{ ...entry, status: 'practising' }] }, await this.adminToken());
    if (r.status !== 200) throw new Error(`registry import: ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** Waits for the background notifier to deliver an SMS code to the phone. */
  async smsCode(phone: string, after = 0): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const { messages } = await this.ok(this.get<{ messages: { kind: string; body: string }[] }>(`/_local/outbox?to=${encodeURIComponent(phone)}`), 'outbox');
      const codes = messages.filter((m) => /code/.test(m.kind)).slice(after);
      const match = /(\d{6})/.exec(codes[codes.length - 1]?.body ?? '');
      if (match) return match[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no SMS code reached ${phone}`);
  }

  /** A registered, confirmed and signed-in lawyer, made through the API (for journeys that start later). */
  async lawyer(role: 'lawyer' | 'intern' = 'lawyer', name = '测试律师', lawFirm = '测试律师事务所', email?: string) {
    const username = uniqueName(role);
    const password = 'Lawyer-Pass-1';
    const phone = newPhone();
    const licenseNo = role === 'lawyer' ? newLicense() : newInternCertificate();
    await this.registry({ licenseNo, name, lawFirm, phone, role });
    const reg = await this.ok(this.post('/auth/register', { username, password, name, phone, licenseNo, lawFirm, role, ...(email ? { email } : {}) }), 'register');
    await this.ok(this.post('/auth/confirm', { username, code: await this.smsCode(phone) }), 'confirm');
    return { lawyerId: reg.lawyerId as string, username, password, phone, licenseNo, name, lawFirm, token: await this.login(username, password) };
  }

  async detainee(staffToken: string, centerId: string, name = '张某', sex: 'M' | 'F' = 'M'): Promise<string> {
    return (await this.ok(this.post(`/centers/${centerId}/detainees`, { name, sex }, staffToken), 'register detainee')).detaineeId as string;
  }

  async bind(staffToken: string, centerId: string, licenseNo: string, detaineeId: string): Promise<string> {
    return (await this.ok(this.post(`/centers/${centerId}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, staffToken), 'bind')).bindingId as string;
  }

  async book(token: string, centerId: string, detaineeId: string, slotId: string, extra: Record<string, unknown> = {}) {
    return this.ok(this.post('/bookings', { centerId, detaineeId, slotId, ...extra }, token, { 'Idempotency-Key': `web-test-${uniqueName('k')}` }), 'book');
  }
}

let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
export const newLicense = () => `1310${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e4)).padStart(4, '0')}`;
export const newInternCertificate = () => `SX${String(randomInt(0, 1e9)).padStart(9, '0')}`;
export const newPhone = () => `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
