// The authorization matrix of every deployed route: each role (and no token) against each route,
// expecting exactly the contract's answer — success for allowed callers, 401 without a token,
// 403 for a role outside the route's list or staff of another center.
import { routes, routeKey, type Role } from '../../shared/routes';
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { planNewViolation } from '../../shared/adapters/discipline-repository';
import { ddb, queryAll } from '../../shared/adapters/dynamo';
import { TransactionPlan } from '../../shared/adapters/transaction';
import { Api, newLicense, newPhone, startApi, uniqueName } from './harness';

// The matrix makes many fixture bookings with one lawyer within a minute (queue calling and the desk's
// routes added more); the per-lawyer attempt limit (B5) has its own tests (test/api/abuse-limits, booking).
process.env.BOOKING_ATTEMPTS_PER_MINUTE = '100000';

type Caller = 'anonymous' | Role | 'staff-other-center';
const CALLERS: Caller[] = ['anonymous', 'lawyer', 'intern', 'staff', 'staff-other-center', 'investigator', 'committee', 'admin'];

interface Request {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

let api: Api;
const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
let staffToken: string;
let lawyer: Awaited<ReturnType<Api['lawyer']>>;
let slotCounter = 0;
/** Another lawyer's booking naming the matrix lawyer as co-counsel, for the withdraw route. */
let namedOn: string;
/** Bookings of the matrix lawyer for the consent route, made while the lawyer can still book. */
const consentBookings: string[] = [];
/** A booking of the matrix lawyer whose queue position the lawyer reads (booked before the lockout). */
let queueBooking: string;
/** Today's morning session (the clock is set to 08:00 that day): what staff check lawyers in to. */
const TODAY_AM = '2027-03-02.AM';
/** Today's afternoon session: what staff call lawyers of (queue calling, issue 20). */
const TODAY_PM = '2027-03-02.PM';
const SLOTS = ['2027-03-03.AM', '2027-03-03.PM', '2027-03-04.AM', '2027-03-04.PM', '2027-03-05.AM', '2027-03-05.PM', '2027-03-08.AM', '2027-03-08.PM'];

beforeAll(async () => {
  api = await startApi();
  await api.post('/_local/clock', { now: '2027-03-02T08:00:00+08:00' });
  const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  staffToken = staff.token;
  tokens.staff = staff.token;
  tokens['staff-other-center'] = (await api.account('staff', { centerIds: ['changning-kss'] })).token;
  tokens.investigator = (await api.account('investigator', { centerIds: ['minhang-kss'] })).token;
  tokens.committee = (await api.account('committee', { district: 'minhang' })).token;
  tokens.admin = await api.adminToken();
  lawyer = await api.lawyer('lawyer');
  tokens.lawyer = lawyer.token;
  tokens.intern = (await api.lawyer('intern')).token;
  // Booked before the discipline fixtures lock the matrix lawyer out (three violations).
  consentBookings.push(await booking(), await booking());
  queueBooking = await booking();
  namedOn = await namedAsCoCounsel();
}, 30_000);
afterAll(() => api.platform.close());

const idem = () => ({ 'idempotency-key': randomUUID() });

async function namedAsCoCounsel(): Promise<string> {
  const lead = await api.lawyer();
  const detaineeId = await boundDetainee();
  await api.post('/centers/minhang-kss/bindings', { licenseNo: lead.licenseNo, detaineeId, verification: 'documents' }, staffToken);
  const body = { centerId: 'minhang-kss', detaineeId, slotId: '2027-03-02.PM', coCounselLawyerIds: [lawyer.lawyerId] };
  const r = await api.call('POST', '/bookings', { token: lead.token, body, headers: idem() });
  if (r.status !== 201) throw new Error(`co-counsel booking failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.bookingId as string;
}

/** A fresh entry of the licence registry, for the routes that register (R1a). */
async function registered() {
  const entry = { licenseNo: newLicense(), name: '孙律师', lawFirm: '所', phone: newPhone(), role: 'lawyer' as const, status: 'practising' as const };
  await api.registryEntry(entry);
  return entry;
}

/** A detainee bound to the matrix lawyer, so the lawyer's booking requests can succeed. */
async function boundDetainee(licenseNo = lawyer.licenseNo): Promise<string> {
  const detaineeId = await api.detainee(staffToken);
  await api.post('/centers/minhang-kss/bindings', { licenseNo, detaineeId, verification: 'documents' }, staffToken);
  return detaineeId;
}

async function booking(owner = lawyer, slotId?: string): Promise<string> {
  const detaineeId = await boundDetainee(owner.licenseNo);
  // The matrix lawyer holds several fixture bookings at once: the next session they are free in.
  for (let tries = 0; tries < SLOTS.length; tries++) {
    const r = await api.call('POST', '/bookings', {
      token: owner.token,
      body: { centerId: 'minhang-kss', detaineeId, slotId: slotId ?? SLOTS[slotCounter++ % SLOTS.length] },
      headers: idem(),
    });
    if (r.status === 201) return r.body.bookingId;
    if (slotId || r.body?.error?.code !== 'LAWYER_BUSY') throw new Error(`fixture booking failed: ${JSON.stringify(r.body)}`);
  }
  throw new Error('fixture booking failed: the matrix lawyer is busy in every fixture session');
}

/** A booking of a fresh lawyer, for staff routes (keeps the matrix lawyer under its booking limits). */
const someonesBooking = async () => {
  const owner = await api.lawyer();
  const bookingId = await booking(owner, TODAY_AM);
  morningBookings.push({ owner, bookingId });
  return bookingId;
};
/**
 * This morning's fixture bookings and their lawyers. The session's six places are all taken by the
 * staff routes' fixtures, so the QR check-in takes one of them still `booked` (a refused room
 * assignment's), or books one when run alone.
 */
const morningBookings: { owner: Awaited<ReturnType<Api['lawyer']>>; bookingId: string }[] = [];
async function bookedThisMorning() {
  for (const b of morningBookings.splice(0).reverse()) {
    if ((await api.get(`/bookings/${b.bookingId}`, b.owner.token)).body.status === 'booked') return b;
  }
  const owner = await api.lawyer();
  return { owner, bookingId: await booking(owner, TODAY_AM) };
}

let othersCounter = 0;
/**
 * A booking the caller can be shown: the matrix lawyer's own for the lawyer and the intern, a fresh
 * lawyer's in a fixture session for everyone else (the matrix lawyer can hold one booking per session,
 * and SLOTS are only 8).
 */
const bookingFor = async (caller: Caller) => (caller === 'lawyer' || caller === 'intern' ? booking() : booking(await api.lawyer(), SLOTS[othersCounter++ % SLOTS.length]));

/** A full session and a waitlist entry of the matrix lawyer on it. */
async function fullSession(slotId: string): Promise<{ slotId: string; detaineeId: string }> {
  for (let i = 0; i < 6; i++) {
    const other = await api.lawyer();
    const d = await boundDetainee(other.licenseNo);
    await api.call('POST', '/bookings', { token: other.token, body: { centerId: 'minhang-kss', detaineeId: d, slotId }, headers: idem() });
  }
  return { slotId, detaineeId: await boundDetainee() };
}

/**
 * A fresh request for each route. With `real`, it names real resources the caller can act on (or, for
 * staff of another center, resources of a center that is not theirs); otherwise ids that need not exist.
 */
const fixtures: Record<string, (real: boolean, caller: Caller) => Promise<Request>> = {
  'GET /health': async () => ({ path: '/health' }),
  'GET /openapi.json': async () => ({ path: '/openapi.json' }),
  'GET /docs': async () => ({ path: '/docs' }),
  'GET /centers': async () => ({ path: '/centers' }),
  'POST /auth/register': async () => {
    const entry = await registered();
    return {
      path: '/auth/register',
      body: { username: uniqueName('m'), password: 'Lawyer-Pass-1', name: entry.name, phone: entry.phone, licenseNo: entry.licenseNo, lawFirm: entry.lawFirm, role: 'lawyer' },
    };
  },
  'POST /auth/confirm': async () => {
    const username = uniqueName('m');
    const { phone, licenseNo } = await registered();
    await api.post('/auth/register', { username, password: 'Lawyer-Pass-1', name: '孙律师', phone, licenseNo, lawFirm: '所', role: 'lawyer' });
    return { path: '/auth/confirm', body: { username, code: await api.codeFor(phone) } };
  },
  'POST /auth/login': async () => ({ path: '/auth/login', body: { username: 'admin', password: 'Local-Admin-2013' } }),
  // Each caller gets its own account (and phone), so no case runs into another's SMS limit.
  'POST /auth/resend': async () => {
    const username = uniqueName('m');
    const { phone, licenseNo } = await registered();
    await api.post('/auth/register', { username, password: 'Lawyer-Pass-1', name: '孙律师', phone, licenseNo, lawFirm: '所', role: 'lawyer' });
    return { path: '/auth/resend', body: { username } };
  },
  'POST /auth/forgot': async () => ({ path: '/auth/forgot', body: { username: (await api.lawyer()).username } }),
  'POST /auth/reset': async () => {
    const owner = await api.lawyer();
    await api.post('/auth/forgot', { username: owner.username });
    const messages = (await api.get(`/_local/outbox?to=${owner.phone}`)).body.messages as { kind: string; body: string }[];
    const code = /(\d{6})/.exec(messages.filter((m) => m.kind === 'password-reset-code').pop()?.body ?? '')?.[1];
    return { path: '/auth/reset', body: { username: owner.username, code, newPassword: 'New-Lawyer-Pass-2' } };
  },
  'GET /admin/users': async () => ({ path: '/admin/users?role=staff&limit=5' }),
  'POST /admin/users/{userId}/disable': async (real) => ({ path: `/admin/users/${real ? (await api.account('committee', { district: 'minhang' })).userId : 'us_X'}/disable` }),
  'POST /admin/users/{userId}/enable': async (real) => {
    if (!real) return { path: '/admin/users/us_X/enable' };
    const account = await api.account('committee', { district: 'minhang' });
    await api.post(`/admin/users/${account.userId}/disable`, undefined, tokens.admin);
    return { path: `/admin/users/${account.userId}/enable` };
  },
  'GET /me': async () => ({ path: '/me' }),
  'GET /me/bindings': async () => ({ path: '/me/bindings' }),
  'GET /me/waitlist': async () => ({ path: '/me/waitlist' }),
  'GET /me/urgent-requests': async () => ({ path: '/me/urgent-requests?limit=10' }),
  'POST /admin/lawyer-registry': async () => ({
    path: '/admin/lawyer-registry',
    body: { entries: [{ licenseNo: newLicense(), name: '孙律师', lawFirm: '所', phone: newPhone(), role: 'lawyer', status: 'practising' }] },
  }),
  'GET /admin/lawyer-registry/{licenseNo}': async () => ({ path: `/admin/lawyer-registry/${(await registered()).licenseNo}` }),
  'POST /admin/users': async () => ({ path: '/admin/users', body: { username: uniqueName('m'), password: 'Pass-Word-123', role: 'committee', district: 'minhang' } }),
  'POST /centers/{centerId}/detainees': async () => ({ path: '/centers/minhang-kss/detainees', body: { name: '周某', sex: 'M' } }),
  'GET /centers/{centerId}/detainees': async () => ({ path: `/centers/minhang-kss/detainees?q=${encodeURIComponent('王')}&status=all&limit=5` }),
  'GET /centers/{centerId}/detainees/{detaineeId}': async () => ({ path: `/centers/minhang-kss/detainees/${await api.detainee(staffToken)}` }),
  'GET /centers/{centerId}/rooms': async () => ({ path: '/centers/minhang-kss/rooms?slotId=2027-03-03.AM' }),
  'POST /centers/{centerId}/detainees/{detaineeId}/release': async () => ({
    path: `/centers/minhang-kss/detainees/${await api.detainee(staffToken)}/release`,
    body: { reason: 'released' },
  }),
  'POST /centers/{centerId}/bindings': async () => ({
    path: '/centers/minhang-kss/bindings',
    body: { licenseNo: newLicense(), detaineeId: await api.detainee(staffToken), verification: 'first-meeting' },
  }),
  'POST /centers/{centerId}/bindings/{bindingId}/revoke': async () => {
    const detaineeId = await api.detainee(staffToken);
    const b = await api.post('/centers/minhang-kss/bindings', { licenseNo: newLicense(), detaineeId, verification: 'documents' }, staffToken);
    return { path: `/centers/minhang-kss/bindings/${b.body.bindingId}/revoke` };
  },
  'GET /centers/{centerId}/slots': async () => ({ path: '/centers/minhang-kss/slots' }),
  'POST /bookings': async (forAllowed) => ({
    path: '/bookings',
    body: forAllowed
      ? { centerId: 'minhang-kss', detaineeId: await boundDetainee(), slotId: SLOTS[slotCounter++ % SLOTS.length] }
      : { centerId: 'minhang-kss', detaineeId: 'dt_x', slotId: SLOTS[0] },
    headers: idem(),
  }),
  'GET /bookings': async () => ({ path: '/bookings' }),
  'GET /bookings/{bookingId}': async (forAllowed, caller) => ({ path: `/bookings/${forAllowed ? await bookingFor(caller) : 'bk.minhang.X'}` }),
  'POST /bookings/{bookingId}/reschedule': async (forAllowed, caller) => {
    if (!forAllowed) return { path: '/bookings/bk.minhang.X/reschedule', body: { slotId: SLOTS[0] }, headers: idem() };
    if (caller !== 'lawyer') return { path: `/bookings/${await bookingFor(caller)}/reschedule`, body: { slotId: SLOTS[0] }, headers: idem() };
    const id = await booking();
    // A fixture session the matrix lawyer holds nothing in (each fixture booking has its own detainee).
    const mine = await api.call('GET', '/bookings?limit=100', { token: lawyer.token });
    const busy = new Set((mine.body.bookings as { slotId: string; status: string }[]).filter((b) => b.status === 'booked').map((b) => b.slotId));
    const free = SLOTS.find((s) => !busy.has(s));
    if (!free) throw new Error('fixture reschedule: the matrix lawyer is busy in every fixture session');
    return { path: `/bookings/${id}/reschedule`, body: { slotId: free }, headers: idem() };
  },
  'POST /bookings/{bookingId}/withdraw': async (real) => ({ path: `/bookings/${real ? namedOn : 'bk.minhang.X'}/withdraw` }),
  'POST /bookings/{bookingId}/cancel': async (forAllowed) => ({ path: `/bookings/${forAllowed ? await booking() : 'bk.minhang.X'}/cancel`, headers: idem() }),
  'POST /waitlist': async (forAllowed) => ({
    path: '/waitlist',
    body: forAllowed ? { centerId: 'minhang-kss', ...(await fullSession('2027-03-09.AM')) } : { centerId: 'minhang-kss', detaineeId: 'dt_x', slotId: '2027-03-09.AM' },
  }),
  'DELETE /waitlist/{waitlistId}': async (forAllowed) => {
    if (!forAllowed) return { path: '/waitlist/wl.minhang.X' };
    const w = await api.post('/waitlist', { centerId: 'minhang-kss', ...(await fullSession('2027-03-09.PM')) }, lawyer.token);
    return { path: `/waitlist/${w.body.waitlistId}` };
  },
  'GET /centers/{centerId}/bookings': async () => ({ path: '/centers/minhang-kss/bookings?date=2027-03-03' }),
  'POST /bookings/{bookingId}/check-in': async (real) => ({
    path: `/bookings/${real ? await someonesBooking() : 'bk.minhang.X'}/check-in`,
    body: { arrivedAt: '2027-03-02T07:59:00+08:00' },
  }),
  'POST /bookings/{bookingId}/complete': async (real) => {
    if (!real) return { path: '/bookings/bk.minhang.X/complete' };
    const bookingId = await someonesBooking();
    await api.post(`/bookings/${bookingId}/check-in`, { arrivedAt: '2027-03-02T07:59:00+08:00' }, staffToken);
    return { path: `/bookings/${bookingId}/complete` };
  },
  'GET /me/violations': async () => ({ path: '/me/violations' }),
  'POST /violations/{violationId}/appeal': async (real) => ({ path: `/violations/${real ? await violation() : 'vi_X'}/appeal`, body: { reason: '当日已电话告知' } }),
  'POST /violations/{violationId}/decision': async (real) => {
    if (!real) return { path: '/violations/vi_X/decision', body: { decision: 'upheld' } };
    const violationId = await violation();
    await api.post(`/violations/${violationId}/appeal`, { reason: '当日已电话告知' }, lawyer.token);
    return { path: `/violations/${violationId}/decision`, body: { decision: 'upheld' } };
  },
  'POST /me/preferences': async () => ({ path: '/me/preferences', body: { notifyBy: 'sms' } }),
  'GET /admin/notifications': async () => ({ path: '/admin/notifications?status=dead' }),
  'POST /admin/notifications/{notificationId}/redrive': async (real) => ({ path: `/admin/notifications/${real ? await deadLetter() : 'nt.platform.X'}/redrive` }),

  // ---- center operations (issue 5) ----
  'POST /centers/{centerId}/detainees/{detaineeId}/unavailability': async () => ({
    path: `/centers/minhang-kss/detainees/${await api.detainee(staffToken)}/unavailability`,
    body: { from: '2027-03-15', to: '2027-03-16', reason: '开庭' },
  }),
  // 2027-03-12 is no fixture's booking day: closing it disturbs no other case.
  'POST /centers/{centerId}/closures': async () => ({ path: '/centers/minhang-kss/closures', body: { date: '2027-03-12', slotIds: ['2027-03-12.PM'], reason: '设备检修' } }),
  'GET /centers/{centerId}/detainees/{detaineeId}/schedule': async () => ({
    path: `/centers/minhang-kss/detainees/${await api.detainee(staffToken)}/schedule?from=2027-03-02&to=2027-03-09`,
  }),
  'POST /centers/{centerId}/interrogations': async () => ({
    path: '/centers/minhang-kss/interrogations',
    body: { detaineeId: await api.detainee(staffToken), slotId: '2027-03-03.PM' },
  }),
  'POST /bookings/{bookingId}/consents': async (real) => ({ path: `/bookings/${real ? consentBookings.pop() : 'bk.minhang.X'}/consents`, body: { kind: 'interrogation-room' } }),
  'POST /bookings/{bookingId}/room': async (real) => ({ path: `/bookings/${real ? await someonesBooking() : 'bk.minhang.X'}/room`, body: { roomType: 'meeting', roomNo: 'M01' } }),
  'POST /centers/{centerId}/detainees/{detaineeId}/meeting-requests': async () => ({
    path: `/centers/minhang-kss/detainees/${await api.detainee(staffToken)}/meeting-requests`,
    body: { message: '要求会见律师' },
  }),
  'POST /urgent-requests': async (real) => ({ path: '/urgent-requests', body: { centerId: 'minhang-kss', detaineeId: real ? await boundDetainee() : 'dt_x' } }),
  'GET /centers/{centerId}/urgent-requests': async () => ({ path: '/centers/minhang-kss/urgent-requests' }),
  'POST /urgent-requests/{requestId}/place': async (real) => {
    const body = { slotId: '2027-03-02.PM', roomType: 'meeting', roomNo: 'M06' };
    if (!real) return { path: '/urgent-requests/ur.minhang.X/place', body };
    const owner = await api.lawyer();
    const r = await api.post('/urgent-requests', { centerId: 'minhang-kss', detaineeId: await boundDetainee(owner.licenseNo) }, owner.token);
    return { path: `/urgent-requests/${r.body.requestId}/place`, body };
  },
  'POST /centers/{centerId}/suggestions': async () => ({ path: '/centers/minhang-kss/suggestions', body: { text: '建议增加周六会见时段' } }),
  'GET /centers/{centerId}/suggestions': async () => ({ path: '/centers/minhang-kss/suggestions' }),
  'POST /centers/{centerId}/suggestions/{suggestionId}/reply': async (real) => {
    if (!real) return { path: '/centers/minhang-kss/suggestions/sg_X/reply', body: { text: '已研究' } };
    const r = await api.post('/centers/minhang-kss/suggestions', { text: '建议延长下午接待时间' }, lawyer.token);
    return { path: `/centers/minhang-kss/suggestions/${r.body.suggestionId}/reply`, body: { text: '已研究，将于下月起试行' } };
  },
  'GET /centers/{centerId}/audit': async () => ({ path: '/centers/minhang-kss/audit?from=2027-03-01&to=2027-03-02' }),
  'GET /reports': async () => ({ path: '/reports?district=minhang&from=2027-03-02&to=2027-03-03' }),
  // ---- calendar feed (issue 20 item 4) ----
  'GET /me/calendar-feed': async () => ({ path: '/me/calendar-feed' }),
  'POST /me/calendar-feed': async () => ({ path: '/me/calendar-feed' }),
  // The allowed callers (lawyer, intern) each revoke a feed made for them just before.
  'DELETE /me/calendar-feed': async () => ({ path: '/me/calendar-feed' }),
  'GET /calendar/{feedFile}': async () => ({ path: (await api.post('/me/calendar-feed', undefined, tokens.intern)).body.path }),
  // ---- names, never codes (issue 18) ----
  'POST /admin/lawyer-registry/{licenseNo}': async () => ({
    path: `/admin/lawyer-registry/${newLicense()}`,
    body: { name: '孙律师', lawFirm: '所', phone: newPhone(), role: 'lawyer', status: 'practising' },
  }),
  'GET /centers/{centerId}/detainee-search': async () => ({ path: `/centers/minhang-kss/detainee-search?name=${encodeURIComponent('王')}&limit=5` }),
  'GET /centers/{centerId}/appeals': async () => ({ path: '/centers/minhang-kss/appeals' }),
  // ---- queue calling (issue 20 item 1): today's afternoon (the morning is full of fixtures) ----
  // Staff of another center are refused on the path's center, before any booking is looked at.
  'POST /centers/{centerId}/calls': async (real, caller) => {
    if (real && caller === 'staff') await booking(await api.lawyer(), TODAY_PM);
    return { path: '/centers/minhang-kss/calls', body: { slotId: TODAY_PM } };
  },
  // Whichever booking the call takes is a called one to recall.
  'POST /centers/{centerId}/bookings/{bookingId}/recall': async (real, caller) => {
    if (!real || caller !== 'staff') return { path: '/centers/minhang-kss/bookings/bk.minhang.X/recall' };
    await booking(await api.lawyer(), TODAY_PM);
    const called = await api.post('/centers/minhang-kss/calls', { slotId: TODAY_PM }, staffToken);
    return { path: `/centers/minhang-kss/bookings/${called.body.bookingId}/recall` };
  },
  'POST /centers/{centerId}/bookings/{bookingId}/skip': async (real, caller) => ({
    path: `/centers/minhang-kss/bookings/${real && caller === 'staff' ? await booking(await api.lawyer(), TODAY_PM) : 'bk.minhang.X'}/skip`,
    body: { reason: '叫号三次未到' },
  }),
  'GET /centers/{centerId}/display': async () => ({ path: '/centers/minhang-kss/display' }),
  'GET /bookings/{bookingId}/queue': async (real) => ({ path: `/bookings/${real ? queueBooking : 'bk.minhang.X'}/queue` }),
  // ---- check-in by QR code (issue 20 item 2): a fresh lawyer's booking this morning, its token read by that lawyer ----
  'GET /bookings/{bookingId}/check-in-token': async (real) => ({ path: `/bookings/${real ? queueBooking : 'bk.minhang.X'}/check-in-token` }),
  'POST /centers/{centerId}/check-ins': async (real, caller) => {
    if (!real || caller !== 'staff') return { path: '/centers/minhang-kss/check-ins', body: { code: 'AM1-AAAAAA' } };
    const { owner, bookingId } = await bookedThisMorning();
    const token = await api.get(`/bookings/${bookingId}/check-in-token`, owner.token);
    return { path: '/centers/minhang-kss/check-ins', body: { token: token.body.token } };
  },
};

/** A counted violation of the matrix lawyer at minhang-kss, recorded through the ledger. */
async function violation(): Promise<string> {
  const plan = new TransactionPlan();
  const v = await planNewViolation(
    plan,
    { lawyerId: lawyer.lawyerId, bookingId: `bk.minhang.V${slotCounter++}`, centerId: 'minhang-kss', reason: 'late' },
    new Date('2027-03-02T09:10:00+08:00'),
  );
  expect(await plan.commit()).toBe('committed');
  return v.violationId;
}

/** A dead-lettered notification in the platform table. */
async function deadLetter(): Promise<string> {
  const notificationId = `nt.platform.${randomUUID().replace(/-/g, '').toUpperCase()}`;
  await ddb.send(
    new PutCommand({
      TableName: process.env.PLATFORM_TABLE,
      Item: {
        PK: `NOTIFICATION#${notificationId}`,
        SK: 'NOTIFICATION',
        notificationId,
        kind: 'lockout-lifted',
        recipientId: lawyer.lawyerId,
        status: 'dead',
        attempts: 5,
        createdAt: '2027-03-02T08:00:00.000+08:00',
        GSI1PK: 'NOTIFY#dead',
        GSI1SK: `2027-03-02T08:00:00.000+08:00#${notificationId}`,
      },
    }),
  );
  return notificationId;
}

/** Routes an intern may call but where the contract refuses them as such (R11). */
const INTERN_REFUSED = new Set(['POST /bookings', 'POST /waitlist']);
/** Routes on a lawyer's own resource: any other allowed caller is told it does not exist. */
const OWN_RESOURCE = new Set([
  'GET /bookings/{bookingId}',
  'POST /violations/{violationId}/appeal',
  'POST /bookings/{bookingId}/withdraw',
  'GET /bookings/{bookingId}/queue',
  'GET /bookings/{bookingId}/check-in-token',
]);
/** Staff routes whose center comes from the booking or violation rather than the path. */
const CENTER_OF_RESOURCE = new Set([
  'POST /bookings/{bookingId}/check-in',
  'POST /bookings/{bookingId}/complete',
  'POST /violations/{violationId}/decision',
  'POST /bookings/{bookingId}/room',
  'POST /urgent-requests/{requestId}/place',
]);
/** Requests that change state: each writes exactly one audit record when it succeeds, none when refused (R14). */
const changesState = (route: (typeof routes)[number]) => route.method !== 'GET' && routeKey(route) !== 'POST /auth/login';

/** Audit records a request wrote, wherever they live (platform or a district table, any center's partition). */
async function auditRecordsOf(requestId: string): Promise<unknown[]> {
  const tables = [process.env.PLATFORM_TABLE!, ...(process.env.DISTRICT_TABLES ?? '').split(',').map((p) => p.split('=')[1])];
  const partitions = ['minhang-kss', 'changning-kss', '-'].map((c) => `AUDIT#${c}#2027-03`);
  const found = await Promise.all(
    tables.flatMap((TableName) =>
      partitions.map((pk) =>
        queryAll({
          TableName,
          KeyConditionExpression: 'PK = :pk',
          FilterExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':pk': pk, ':id': requestId },
        }),
      ),
    ),
  );
  return found.flat();
}

function expectedStatus(route: (typeof routes)[number], caller: Caller): number | 'success' {
  if (route.auth === 'public') return 'success';
  if (caller === 'anonymous') return 401;
  const role: Role = caller === 'staff-other-center' ? 'staff' : caller;
  if (!route.auth.includes(role)) return 403;
  if (caller === 'staff-other-center' && ((route.path.startsWith('/centers/{centerId}') && !route.auth.includes('lawyer')) || CENTER_OF_RESOURCE.has(routeKey(route)))) return 403;
  if (caller === 'intern' && INTERN_REFUSED.has(routeKey(route))) return 403;
  if (caller !== 'lawyer' && OWN_RESOURCE.has(routeKey(route))) return 404;
  return 'success';
}

const cases = routes.flatMap((route) => CALLERS.map((caller) => [routeKey(route), caller, route] as const));

it('has a fixture for every route in the table', () => {
  expect(Object.keys(fixtures).sort()).toEqual(routes.map(routeKey).sort());
});

it.each(cases)(
  '%s as %s',
  async (key, caller, route) => {
    const expected = expectedStatus(route, caller);
    const real =
      (expected === 'success' && (caller === 'lawyer' || route.auth === 'public' || !route.auth.includes('lawyer'))) || (caller === 'staff-other-center' && expected === 403);
    const request = await fixtures[key](real, caller);
    if (key === 'DELETE /me/calendar-feed' && expected === 'success') await api.post('/me/calendar-feed', undefined, tokens[caller as 'lawyer' | 'intern']);
    const token = caller === 'anonymous' ? undefined : tokens[caller];
    const reply = await api.call(route.method, request.path, { token, body: request.body, headers: request.headers });
    const requestId = reply.headers.get('x-request-id');
    const audit = requestId ? await auditRecordsOf(requestId) : [];
    if (expected === 'success') {
      expect([reply.status, reply.body]).toEqual([expect.any(Number), expect.anything()]);
      expect(reply.status).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(300);
      // R14: a state change leaves exactly one audit record, naming who did it in which role.
      expect(audit).toHaveLength(changesState(route) ? 1 : 0);
      if (changesState(route)) {
        expect(audit[0]).toMatchObject({
          action: key,
          actorRole: route.auth === 'public' ? 'public' : caller === 'staff-other-center' ? 'staff' : caller,
          at: expect.stringMatching(/^2027-03-/),
        });
      }
    } else {
      expect(audit).toEqual([]);
      expect(reply.status).toBe(expected);
      const code =
        expected === 401 ? 'UNAUTHENTICATED' : expected === 404 ? 'NOT_FOUND' : caller === 'intern' && INTERN_REFUSED.has(key) ? 'INTERN_MUST_BE_ACCOMPANIED' : 'FORBIDDEN';
      expect(reply.body.error.code).toBe(code);
    }
  },
  30_000,
);
