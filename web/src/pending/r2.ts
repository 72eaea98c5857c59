// Release 2 routes and fields (SPEC §7.2, §7.3) that the generated contract does not carry yet:
// they are being added to the API in parallel. Everything the app needs from them goes through
// this one module, written against the §7 text, so pages stay typed and the rest of the app uses
// only generated types. Once `git merge main` brings a route into shared/api/contract.ts, its
// function here is rewritten as a typed call (and its hand-written type deleted); until then a
// server without the route answers 404 and the page says the feature is not open yet.
import { ApiError, everyApi, unwrap, type Api } from '../api/client';
import type { Booking, Binding, DayQueue } from '../api/types';

/** A §7 route the server does not serve yet. */
export class NotYetAvailable extends ApiError {
  constructor() {
    super(404, 'NOT_FOUND', '此功能尚未开通，请稍后再试。');
  }
}

type Untyped = {
  GET(path: string, init?: { params?: { query?: Record<string, string | number | undefined> } }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST(path: string, init?: { body?: unknown }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

async function call<T>(api: Api, method: 'GET' | 'POST', path: string, init: { body?: unknown; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
  const client = api as unknown as Untyped;
  try {
    return (await unwrap(method === 'GET' ? client.GET(path, { params: { query: init.query } }) : client.POST(path, { body: init.body ?? {} }))) as T;
  } catch (e) {
    // The gateway's "no such route" (a route of §7 not deployed yet), not a missing resource.
    if (e instanceof ApiError && e.status === 404 && /接口不存在/.test(e.message)) throw new NotYetAvailable();
    throw e;
  }
}

const enc = encodeURIComponent;

// ---- §7.2 lawyer ----
export interface WaitlistEntry {
  waitlistId: string;
  centerId: string;
  detaineeId: string;
  slotId: string;
  position: number;
}
export interface MyUrgentRequest {
  requestId: string;
  centerId: string;
  detaineeId: string;
  deadline: string;
  status: string;
}
/** Every district's entries in one list (SPEC §7.4). */
export async function myWaitlist(): Promise<WaitlistEntry[]> {
  const lists = await Promise.all(everyApi().map((api) => call<{ entries: WaitlistEntry[] }>(api, 'GET', '/me/waitlist')));
  return dedupe(
    lists.flatMap((l) => l.entries),
    (e) => e.waitlistId,
  );
}
export async function myUrgentRequests(): Promise<MyUrgentRequest[]> {
  const lists = await Promise.all(everyApi().map((api) => call<{ requests: MyUrgentRequest[] }>(api, 'GET', '/me/urgent-requests')));
  return dedupe(
    lists.flatMap((l) => l.requests),
    (r) => r.requestId,
  );
}

// ---- §7.2 staff ----
export interface DetaineeView {
  detaineeId: string;
  name: string;
  sex: 'M' | 'F';
  status: string;
  caseUnit: string | null;
}
export interface DetaineeBinding {
  bindingId: string;
  licenseNo: string;
  lawyerId: string | null;
  lawyerName: string | null;
  status: string;
  verification: string;
  createdAt: string;
}
export interface DetaineeDetail extends DetaineeView {
  bindings: DetaineeBinding[];
  upcoming: { slotId: string; kind: string }[];
}
export const findDetainees = (api: Api, centerId: string, query: { q?: string; status?: string; cursor?: string; limit?: number }) =>
  call<{ detainees: DetaineeView[]; nextCursor: string | null }>(api, 'GET', `/centers/${enc(centerId)}/detainees`, { query });
export const detaineeDetail = (api: Api, centerId: string, detaineeId: string) => call<DetaineeDetail>(api, 'GET', `/centers/${enc(centerId)}/detainees/${enc(detaineeId)}`);
export interface RoomView {
  roomNo: string;
  roomType: 'meeting' | 'interrogation';
  free: boolean;
}
export const roomsOf = (api: Api, centerId: string, slotId: string) => call<{ rooms: RoomView[] }>(api, 'GET', `/centers/${enc(centerId)}/rooms`, { query: { slotId } });

// ---- §7.3 fields on existing answers (optional until they land) ----
export type R2Binding = Binding & { detaineeName?: string; centerName?: string };
export type R2Booking = Booking & {
  centerName?: string;
  detaineeName?: string;
  end?: string;
  lawyers?: { lawyerId: string; name: string; role: string }[];
};
export type QueueLawyer = { lawyerId: string; name: string; licenseNo: string; lawFirm: string; phone: string; role: string };
export type R2QueueBooking = DayQueue['bookings'][number] & { detaineeName?: string; lawyers?: QueueLawyer[] };

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}
