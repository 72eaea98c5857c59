// Issue 20 item 4 through HTTP: a lawyer's private calendar feed. Each created token serves the
// lawyer's upcoming meetings (every district) as iCalendar, parsed here by ical.js (a maintained
// RFC 5545 parser); a replaced, revoked or unknown token answers 404, and the token is stored hashed.
import { randomUUID, createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { ddb } from '../../shared/adapters/dynamo';
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
// A week no other API test file books in.
const DAY = '2027-06-22';
beforeAll(async () => {
  api = await startApi();
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  await api.post('/_local/clock', { now: '2027-06-21T08:00:00+08:00' });
}, 30_000);
afterAll(() => api.platform.close());

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
const book = (l: Lawyer, detaineeId: string, slotId: string, body: Record<string, unknown> = {}) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: 'minhang-kss', detaineeId, slotId, ...body }, headers: { 'idempotency-key': randomUUID() } });
const bind = (l: Lawyer, detaineeId: string) => api.post('/centers/minhang-kss/bindings', { licenseNo: l.licenseNo, detaineeId, verification: 'documents' }, staff.token);

async function bookedLawyer(slotId: string) {
  const lawyer = await api.lawyer();
  const detaineeId = await api.detainee(staff.token);
  await bind(lawyer, detaineeId);
  const r = await book(lawyer, detaineeId, slotId);
  expect(r.status).toBe(201);
  return { lawyer, detaineeId, bookingId: r.body.bookingId as string, detaineeName: r.body.detaineeName as string };
}

async function fetchFeed(path: string) {
  const res = await fetch(`${api.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return { cal, events: cal.getAllSubcomponents('vevent') };
}

describe('calendar feed', () => {
  it('serves the lawyer’s meetings as valid iCalendar: CRLF, folded lines, VTIMEZONE, stable UID, center address', async () => {
    const { lawyer, bookingId, detaineeName } = await bookedLawyer(`${DAY}.AM`);
    // Another lawyer's meeting in the same session never shows in this feed.
    const other = await bookedLawyer(`${DAY}.AM`);
    expect((await api.get('/me/calendar-feed', lawyer.token)).body).toEqual({ exists: false, createdAt: null });
    const created = await api.post('/me/calendar-feed', undefined, lawyer.token);
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.path).toBe(`/calendar/${created.body.token}.ics`);
    expect((await api.get('/me/calendar-feed', lawyer.token)).body).toEqual({ exists: true, createdAt: created.body.createdAt });

    const feed = await fetchFeed(created.body.path);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    // RFC 5545 3.1: every line ends in CRLF and holds at most 75 octets.
    expect(feed.text.endsWith('\r\n')).toBe(true);
    expect(feed.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of feed.text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);

    const { cal, events: evs } = events(feed.text);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
    const tz = cal.getFirstSubcomponent('vtimezone')!;
    expect(tz.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    expect(evs).toHaveLength(1);
    const ev = new ICAL.Event(evs[0]);
    expect(ev.uid).toBe(`${bookingId}@lawyer-meetings.lmb`);
    expect(ev.summary).toBe(`律师会见：${detaineeName}（上海市闵行区看守所）`);
    expect(ev.location).toMatch(/^上海市闵行区/);
    expect(ev.sequence).toBe(0);
    expect(evs[0].getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(evs[0].getFirstPropertyValue('dtstamp')).toBeTruthy();
    // Wall-clock times in the declared zone; with the VTIMEZONE registered they are the right instants.
    expect(evs[0].getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Shanghai');
    ICAL.TimezoneService.register(tz);
    expect(ev.startDate.toJSDate().toISOString()).toBe(new Date(`${DAY}T08:30:00+08:00`).toISOString());
    expect(ev.endDate.toJSDate().toISOString()).toBe(new Date(`${DAY}T11:30:00+08:00`).toISOString());
    expect(feed.text).not.toContain(other.bookingId);
  });

  it('marks a cancelled meeting STATUS:CANCELLED with SEQUENCE bumped, and lists meetings the lawyer is co-counsel on', async () => {
    const { lawyer, bookingId, detaineeId } = await bookedLawyer(`${DAY}.PM`);
    const co = await api.lawyer();
    await bind(co, detaineeId);
    const created = await api.post('/me/calendar-feed', undefined, co.token);
    const path = created.body.path as string;
    const d2 = await api.detainee(staff.token);
    await bind(lawyer, d2);
    await bind(co, d2);
    const named = await book(lawyer, d2, `2027-06-23.AM`, { coCounselLawyerIds: [co.lawyerId] });
    expect(named.status).toBe(201);
    const lawyerFeed = (await api.post('/me/calendar-feed', undefined, lawyer.token)).body.path as string;
    const cancel = await api.call('POST', `/bookings/${bookingId}/cancel`, { token: lawyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(cancel.status).toBe(200);
    const { events: evs } = events((await fetchFeed(lawyerFeed)).text);
    const byUid = new Map(evs.map((e) => [String(e.getFirstPropertyValue('uid')), e]));
    const cancelled = byUid.get(`${bookingId}@lawyer-meetings.lmb`)!;
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.getFirstPropertyValue('sequence')).toBe(1);
    expect(byUid.get(`${named.body.bookingId}@lawyer-meetings.lmb`)!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // The co-counsel's own feed has the meeting they are named on, and not the lead's other one.
    const coEvents = events((await fetchFeed(path)).text).events.map((e) => String(e.getFirstPropertyValue('uid')));
    expect(coEvents).toEqual([`${named.body.bookingId}@lawyer-meetings.lmb`]);
  });

  it('stores only the token’s hash; a new token replaces the old one, a revoked or unknown one answers 404', async () => {
    const { lawyer } = await bookedLawyer(`2027-06-24.AM`);
    const first = (await api.post('/me/calendar-feed', undefined, lawyer.token)).body;
    const item = await ddb.send(
      new GetCommand({ TableName: process.env.PLATFORM_TABLE, Key: { PK: `CALFEED#${createHash('sha256').update(first.token).digest('hex')}`, SK: 'CALFEED' } }),
    );
    expect(item.Item).toMatchObject({ lawyerId: lawyer.lawyerId });
    expect(JSON.stringify(item.Item)).not.toContain(first.token);

    const second = (await api.post('/me/calendar-feed', undefined, lawyer.token)).body;
    expect(second.token).not.toBe(first.token);
    const gone = await api.get(first.path);
    expect([gone.status, gone.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await fetchFeed(second.path)).status).toBe(200);

    const revoked = await api.call('DELETE', '/me/calendar-feed', { token: lawyer.token });
    expect([revoked.status, revoked.body]).toEqual([200, { exists: false, createdAt: null }]);
    expect((await api.get(second.path)).status).toBe(404);
    expect((await api.call('DELETE', '/me/calendar-feed', { token: lawyer.token })).status).toBe(404);
    expect((await api.get('/me/calendar-feed', lawyer.token)).body.exists).toBe(false);
    for (const path of ['/calendar/not-a-token.ics', `/calendar/${'A'.repeat(43)}.ics`, `/calendar/${second.token}`]) {
      expect((await api.get(path)).status).toBe(404);
    }
  });
});
