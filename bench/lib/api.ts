// A small HTTP client for the local gateway and the fixture flows the benchmark needs (the same
// flows as test/api/harness.ts, through HTTP only): admin and staff accounts, lawyers registered
// with the SMS code from the local outbox, detainees and lawyer–detainee bindings.
import { randomInt } from 'node:crypto';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = process.env.LOCAL_ADMIN_PASSWORD ?? 'Local-Admin-2013';
export const BENCH_CENTERS = ['minhang-kss', 'changning-kss', 'jiading-kss'] as const;
export type CenterId = (typeof BENCH_CENTERS)[number];

export interface Reply<T = any> {
  status: number;
  body: T;
}

export interface Lawyer {
  lawyerId: string;
  username: string;
  licenseNo: string;
  phone: string;
  token: string;
}

/** A lawyer bound to one detainee at one center: one booking per session for the pair. */
export interface Pair {
  centerId: CenterId;
  lawyer: Lawyer;
  detaineeId: string;
}

export interface Slot {
  slotId: string;
  date: string;
  capacity: number;
  available: number;
}

export class BenchApi {
  private seq = 0;
  private readonly runTag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  private readonly numberBase = randomInt(0, 1e12);

  /** The admin's token: lawyers' licences are imported into the registry before they register. */
  adminToken: string | undefined;

  constructor(readonly url: string) {}

  async call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T };
  }

  get = <T = any>(path: string, token?: string) => this.call<T>('GET', path, { token });
  post = <T = any>(path: string, body?: unknown, token?: string) => this.call<T>('POST', path, { body, token });

  private async expect<T = any>(what: string, status: number, reply: Promise<Reply<T>>): Promise<T> {
    const r = await reply;
    if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async login(username: string, password: string): Promise<string> {
    return (await this.expect('login', 200, this.post('/auth/login', { username, password }))).token as string;
  }

  async setClock(now: string): Promise<void> {
    await this.expect('set clock', 200, this.post('/_local/clock', { now }));
  }

  async staff(adminToken: string, centerIds: readonly string[]): Promise<string> {
    const username = `bench-staff-${this.runTag}-${this.seq++}`;
    const password = 'Bench-Pass-123';
    await this.expect('create staff', 201, this.post('/admin/users', { username, password, role: 'staff', centerIds }, adminToken));
    return this.login(username, password);
  }

  /** Registers a practising lawyer, confirms with the code from the local outbox, logs in. */
  async lawyer(): Promise<Lawyer> {
    const n = this.seq++;
    const username = `bench-lawyer-${this.runTag}-${n}`;
    const password = 'Lawyer-Pass-1';
    const unique = this.numberBase + n;
    const licenseNo = `1310${String(unique).padStart(13, '0')}`;
    const phone = `138${String(unique % 1e8).padStart(8, '0')}`;
    // Registration is proven against the licence registry (R1a): the bar association's entry first.
    if (!this.adminToken) throw new Error('BenchApi.adminToken must be set before lawyers register (the registry import is an admin route)');
    await this.expect(
      'registry entry',
      200,
      this.post('/admin/lawyer-registry', { entries: [{ licenseNo, name: '压测律师', lawFirm: '压测律师事务所', phone, role: 'lawyer', status: 'practising' }] }, this.adminToken),
    );
    const reg = await this.expect(
      'register',
      201,
      this.post('/auth/register', { username, password, name: '压测律师', phone, licenseNo, lawFirm: '压测律师事务所', role: 'lawyer' }),
    );
    const outbox = await this.expect('outbox', 200, this.get(`/_local/outbox?to=${encodeURIComponent(phone)}`));
    const codes = (outbox.messages as { kind: string; body: string }[]).filter((m) => m.kind === 'registration-code');
    const code = /(\d{6})/.exec(codes[codes.length - 1]?.body ?? '')?.[1];
    if (!code) throw new Error(`no registration code for ${phone}`);
    await this.expect('confirm', 200, this.post('/auth/confirm', { username, code }));
    return { lawyerId: reg.lawyerId as string, username, licenseNo, phone, token: await this.login(username, password) };
  }

  async detainee(staffToken: string, centerId: string): Promise<string> {
    return (await this.expect('register detainee', 201, this.post(`/centers/${centerId}/detainees`, { name: '王某', sex: 'M' }, staffToken))).detaineeId as string;
  }

  async bind(staffToken: string, centerId: string, licenseNo: string, detaineeId: string): Promise<void> {
    await this.expect('bind', 201, this.post(`/centers/${centerId}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, staffToken));
  }

  async pair(staffToken: string, centerId: CenterId): Promise<Pair> {
    const [lawyer, detaineeId] = await Promise.all([this.lawyer(), this.detainee(staffToken, centerId)]);
    await this.bind(staffToken, centerId, lawyer.licenseNo, detaineeId);
    return { centerId, lawyer, detaineeId };
  }

  /** Sessions from today to the end of the booking window with places left (R5 window, at the clock). */
  async bookableSlots(token: string, centerId: string): Promise<Slot[]> {
    const body = await this.expect('slots', 200, this.get(`/centers/${centerId}/slots`, token));
    return (body.slots as Slot[]).filter((s) => s.available > 0);
  }

  /** The staff view of a day's queue (ordered by session then queue number). */
  async dayQueue(staffToken: string, centerId: string, date: string): Promise<{ bookingId: string; slotId: string; status: string; queueNumber: number }[]> {
    return (await this.expect('day queue', 200, this.get(`/centers/${centerId}/bookings?date=${date}`, staffToken))).bookings;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Checks one session's live bookings: at most `capacity`, queue numbers exactly 1..n. */
export function checkQueue(queueNumbers: number[], capacity: number): { ok: boolean; detail: string } {
  const sorted = [...queueNumbers].sort((a, b) => a - b);
  const expected = sorted.map((_, i) => i + 1);
  const ok = sorted.length <= capacity && sorted.every((q, i) => q === expected[i]);
  return { ok, detail: `[${sorted.join(',')}]` };
}
