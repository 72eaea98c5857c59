// Release 2, part 3 over HTTP (SPEC 7.2, 7.3): names where people need them — a lawyer's bindings
// and bookings name the detainee and the center, the front desk's day queue names every lawyer with
// licence, firm and phone —; the look-ups staff need (a detainee by any part of the name, one
// detainee's bindings and appointments, a session's free rooms); a lawyer's own waitlist and urgent
// requests; lists that page with signed cursors; messages a person can act on.
// Dates: only the week 2027-11-01 … 2027-11-05 (the clock stands at Monday 2027-11-01 08:00).
import { randomInt, randomUUID } from 'node:crypto';
import { Api, startApi, type Reply } from './harness';

const CENTER = 'minhang-kss';
const OTHER = 'changning-kss';
const NOW = '2027-11-01T08:00:00+08:00';

type Lawyer = Awaited<ReturnType<Api['lawyer']>>;
type Account = { userId: string; username: string; token: string };

let api: Api;
let staff: Account;
/** Staff of both centers: the same person may not carry a cursor of one center to the other. */
let bothCenters: Account;
let changningStaff: Account;
let investigator: Account;

beforeAll(async () => {
  api = await startApi();
  [staff, bothCenters, changningStaff, investigator] = await Promise.all([
    api.account('staff', { centerIds: [CENTER] }),
    api.account('staff', { centerIds: [CENTER, OTHER] }),
    api.account('staff', { centerIds: [OTHER] }),
    api.account('investigator', { centerIds: [CENTER] }),
  ]);
});
beforeEach(() => api.post('/_local/clock', { now: NOW }));
afterAll(() => api.platform.close());

/** Characters no other test (or earlier run) writes into a name: searches find only this run's detainees. */
const rareChars = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(randomInt(0x4e00, 0x9fa5))).join('');

async function detainee(name: string, centerId = CENTER, token = staff.token, sex: 'M' | 'F' = 'M'): Promise<string> {
  const r = await api.post(`/centers/${centerId}/detainees`, { name, sex, caseUnit: '上海市公安局闵行分局' }, token);
  expect(r.status).toBe(201);
  return r.body.detaineeId as string;
}

async function bind(licenseNo: string, detaineeId: string, centerId = CENTER, token = staff.token): Promise<string> {
  const r = await api.post(`/centers/${centerId}/bindings`, { licenseNo, detaineeId, verification: 'documents' }, token);
  expect(r.status).toBe(201);
  return r.body.bindingId as string;
}

const book = (l: Lawyer, body: Record<string, unknown>, key = randomUUID()) =>
  api.call('POST', '/bookings', { token: l.token, body: { centerId: CENTER, ...body }, headers: { 'idempotency-key': key } });

/** Follows `nextCursor` from `path` to the end with pages of `limit`, returning every item and the pages. */
async function walk(path: string, token: string, field: string, limit: number): Promise<{ items: any[]; pages: Reply[] }> {
  const items: any[] = [];
  const pages: Reply[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const r: Reply = await api.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    expect(r.status).toBe(200);
    expect(r.body[field].length).toBeLessThanOrEqual(limit);
    pages.push(r);
    items.push(...r.body[field]);
    cursor = r.body.nextCursor;
    expect(pages.length).toBeLessThan(200);
  } while (cursor);
  return { items, pages };
}

const expectRefusedCursor = (r: Reply) => {
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION_FAILED');
  expect(r.body.error.issues).toEqual([{ field: 'query.cursor', message: expect.any(String) }]);
};

describe("names on a lawyer's bindings and bookings (SPEC 7.3)", () => {
  it('names the detainee, the center and every lawyer with their role, in every answer', async () => {
    const lead = await api.lawyer('lawyer', undefined, '甲律师事务所', '李明');
    const co = await api.lawyer('lawyer', undefined, '乙律师事务所', '王芳');
    const intern = await api.lawyer('intern', undefined, '甲律师事务所', '赵实习');
    const [first, second] = [`张${rareChars(2)}`, `陈${rareChars(2)}`];
    const d1 = await detainee(first);
    const d2 = await detainee(second);
    const b1 = await bind(lead.licenseNo, d1);
    await bind(lead.licenseNo, d2);
    await bind(co.licenseNo, d1);

    // Two clients: the lawyer tells them apart by name, not by dt_ ids.
    const bindings = await api.get('/me/bindings', lead.token);
    expect(bindings.status).toBe(200);
    expect(bindings.body.nextCursor).toBeNull();
    expect(bindings.body.bindings).toEqual([
      { bindingId: b1, centerId: CENTER, detaineeId: d1, status: 'active', detaineeName: first, centerName: '上海市闵行区看守所' },
      { bindingId: expect.any(String), centerId: CENTER, detaineeId: d2, status: 'active', detaineeName: second, centerName: '上海市闵行区看守所' },
    ]);

    const key = randomUUID();
    const created = await book(lead, { detaineeId: d1, slotId: '2027-11-02.AM', coCounselLawyerIds: [co.lawyerId], internLawyerIds: [intern.lawyerId] }, key);
    expect(created.status).toBe(201);
    const names = {
      centerName: '上海市闵行区看守所',
      detaineeName: first,
      start: '2027-11-02T08:30:00.000+08:00',
      end: '2027-11-02T11:30:00.000+08:00',
      lawyers: [
        { lawyerId: lead.lawyerId, name: '李明', role: 'lead' },
        { lawyerId: co.lawyerId, name: '王芳', role: 'co-counsel' },
        { lawyerId: intern.lawyerId, name: '赵实习', role: 'intern' },
      ],
    };
    // Every v1 field stays, the names come beside them.
    expect(created.body).toEqual({
      bookingId: expect.stringMatching(/^bk\.minhang\./),
      status: 'booked',
      centerId: CENTER,
      detaineeId: d1,
      slotId: '2027-11-02.AM',
      queueNumber: expect.any(Number),
      lawyerIds: [lead.lawyerId, co.lawyerId, intern.lawyerId],
      rules: expect.any(Array),
      createdAt: expect.stringMatching(/^2027-11-01T08:00/),
      ...names,
    });
    // A replay answers the same booking, named the same way.
    const replay = await book(lead, { detaineeId: d1, slotId: '2027-11-02.AM', coCounselLawyerIds: [co.lawyerId], internLawyerIds: [intern.lawyerId] }, key);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(created.body);

    const bookingId = created.body.bookingId;
    const detail = await api.get(`/bookings/${bookingId}`, lead.token);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      bookingId,
      leadLawyerId: lead.lawyerId,
      coCounselLawyerIds: [co.lawyerId],
      internLawyerIds: [intern.lawyerId],
      lastAdmission: '2027-11-02T11:00:00.000+08:00',
      ...names,
    });
    // Every party sees the same names in their own list.
    for (const who of [lead, co, intern]) {
      const list = await api.get('/bookings', who.token);
      expect(list.status).toBe(200);
      expect(list.body.nextCursor).toBeNull();
      expect(list.body.bookings.find((b: { bookingId: string }) => b.bookingId === bookingId)).toMatchObject(names);
    }
  });

  it("pages a lawyer's bookings and bindings, oldest first, with a cursor bound to the lawyer", async () => {
    const l = await api.lawyer();
    const other = await api.lawyer();
    const slots = ['2027-11-03.AM', '2027-11-03.PM', '2027-11-04.AM'];
    const ids: string[] = [];
    for (const slotId of slots) {
      const d = await detainee(`孙${rareChars(2)}`);
      await bind(l.licenseNo, d);
      const r = await book(l, { detaineeId: d, slotId });
      expect(r.status).toBe(201);
      ids.push(r.body.bookingId);
    }
    const { items, pages } = await walk('/bookings', l.token, 'bookings', 2);
    expect(items.map((b) => b.bookingId)).toEqual(ids);
    expect(pages.map((p) => p.body.nextCursor === null)).toEqual([false, true]);
    const bindings = await walk('/me/bindings', l.token, 'bindings', 1);
    expect(bindings.items).toHaveLength(3);
    expect(new Set(bindings.items.map((b) => b.bindingId)).size).toBe(3);

    // Another lawyer cannot continue this lawyer's list with its cursor.
    expectRefusedCursor(await api.get(`/bookings?limit=2&cursor=${encodeURIComponent(pages[0].body.nextCursor)}`, other.token));
    // Nor can it be carried to another list of the same lawyer.
    expectRefusedCursor(await api.get(`/me/bindings?cursor=${encodeURIComponent(pages[0].body.nextCursor)}`, l.token));
  });
});

describe("the front desk's day queue (SPEC 7.3)", () => {
  it('names the detainee and every lawyer with licence, firm, phone and role', async () => {
    const lead = await api.lawyer('lawyer', undefined, '丙律师事务所', '周律师');
    const co = await api.lawyer('lawyer', undefined, '丁律师事务所', '吴律师');
    const name = `钱${rareChars(2)}`;
    const d = await detainee(name);
    await bind(lead.licenseNo, d);
    await bind(co.licenseNo, d);
    const created = await book(lead, { detaineeId: d, slotId: '2027-11-05.AM', coCounselLawyerIds: [co.lawyerId] });
    expect(created.status).toBe(201);

    const queue = await api.get(`/centers/${CENTER}/bookings?date=2027-11-05`, staff.token);
    expect(queue.status).toBe(200);
    const row = queue.body.bookings.find((b: { bookingId: string }) => b.bookingId === created.body.bookingId);
    expect(row).toMatchObject({
      leadLawyerId: lead.lawyerId,
      detaineeName: name,
      lawyers: [
        { lawyerId: lead.lawyerId, name: '周律师', licenseNo: lead.licenseNo, lawFirm: '丙律师事务所', phone: expect.stringContaining(lead.phone.slice(3)), role: 'lead' },
        { lawyerId: co.lawyerId, name: '吴律师', licenseNo: co.licenseNo, lawFirm: '丁律师事务所', phone: expect.stringContaining(co.phone.slice(3)), role: 'co-counsel' },
      ],
    });
    expect(queue.body).toMatchObject({ date: '2027-11-05', nextCursor: null, interrogations: expect.any(Array) });
  });

  it('pages by session then queue number; refuses forged cursors and cursors of another center or day', async () => {
    for (const slotId of ['2027-11-04.PM', '2027-11-04.PM', '2027-11-04.AM']) {
      const l = await api.lawyer();
      const d = await detainee(`郑${rareChars(2)}`);
      await bind(l.licenseNo, d);
      expect((await book(l, { detaineeId: d, slotId })).status).toBe(201);
    }
    const whole = await api.get(`/centers/${CENTER}/bookings?date=2027-11-04`, staff.token);
    expect(whole.body.bookings.length).toBeGreaterThanOrEqual(3);
    const { items, pages } = await walk(`/centers/${CENTER}/bookings?date=2027-11-04`, staff.token, 'bookings', 1);
    expect(items.map((b) => b.bookingId)).toEqual(whole.body.bookings.map((b: { bookingId: string }) => b.bookingId));
    const order = items.map((b) => `${b.start}#${String(b.queueNumber).padStart(4, '0')}`);
    expect(order).toEqual([...order].sort());
    const cursor = pages[0].body.nextCursor as string;

    // A changed character, a cursor cut short, or garbage: refused, never a query.
    const [data, mac] = cursor.split('.');
    const flipped = `${data.slice(0, -1)}${data.endsWith('A') ? 'B' : 'A'}.${mac}`;
    for (const forged of [flipped, `${data}.${mac.slice(0, -2)}`, data, 'not-a-cursor', `${cursor}.x`]) {
      expectRefusedCursor(await api.get(`/centers/${CENTER}/bookings?date=2027-11-04&cursor=${encodeURIComponent(forged)}`, staff.token));
    }
    // Signed by us but for another list: the same staff member's other center, or another day.
    expectRefusedCursor(await api.get(`/centers/${OTHER}/bookings?date=2027-11-04&cursor=${encodeURIComponent(cursor)}`, bothCenters.token));
    expectRefusedCursor(await api.get(`/centers/${CENTER}/bookings?date=2027-11-05&cursor=${encodeURIComponent(cursor)}`, staff.token));
    // The genuine cursor keeps working for whoever may read the list.
    expect((await api.get(`/centers/${CENTER}/bookings?date=2027-11-04&cursor=${encodeURIComponent(cursor)}`, bothCenters.token)).status).toBe(200);
  });

  it('validates limit: 1–100', async () => {
    for (const limit of ['0', '101', 'abc', '1.5', '-1']) {
      const r = await api.get(`/centers/${CENTER}/bookings?date=2027-11-04&limit=${limit}`, staff.token);
      expect(r.status).toBe(400);
      expect(r.body.error.issues[0].field).toBe('query.limit');
    }
    expect((await api.get(`/centers/${CENTER}/bookings?date=2027-11-04&limit=100`, staff.token)).status).toBe(200);
  });
});

describe('finding a detainee (SPEC 7.2)', () => {
  it('finds by any part of the name, once per detainee, by status, page by page', async () => {
    const t = rareChars(2);
    const a = await detainee(`张${t}`);
    const b = await detainee(`${t}丰`, CENTER, staff.token, 'F');
    const c = await detainee(`李${t}${t}`); // the part occurs twice: listed once
    const gone = await detainee(`${t}`);
    const moved = await detainee(`欧阳${t}`);
    await detainee(`刘${rareChars(3)}`);
    const elsewhere = await detainee(`${t}宁`, OTHER, changningStaff.token);
    expect((await api.post(`/centers/${CENTER}/detainees/${gone}/release`, { reason: 'released' }, staff.token)).status).toBe(200);
    expect((await api.post(`/centers/${CENTER}/detainees/${moved}/release`, { reason: 'transferred' }, staff.token)).status).toBe(200);

    const q = encodeURIComponent(t);
    const active = await api.get(`/centers/${CENTER}/detainees?q=${q}`, staff.token);
    expect(active.status).toBe(200);
    expect(active.body.nextCursor).toBeNull();
    expect(active.body.detainees.map((d: { detaineeId: string }) => d.detaineeId).sort()).toEqual([a, b, c].sort());
    expect(active.body.detainees.find((d: { detaineeId: string }) => d.detaineeId === b)).toEqual({
      detaineeId: b,
      name: `${t}丰`,
      sex: 'F',
      status: 'active',
      caseUnit: '上海市公安局闵行分局',
    });
    expect(active.body.detainees.map((d: { detaineeId: string }) => d.detaineeId)).not.toContain(elsewhere);

    // `released` is everyone who left: released or transferred, each with its own status.
    const left = await api.get(`/centers/${CENTER}/detainees?q=${q}&status=released`, staff.token);
    expect(left.body.detainees.map((d: { detaineeId: string; status: string }) => [d.detaineeId, d.status]).sort()).toEqual(
      [
        [gone, 'released'],
        [moved, 'transferred'],
      ].sort(),
    );
    const all = await walk(`/centers/${CENTER}/detainees?q=${q}&status=all`, staff.token, 'detainees', 1);
    expect(all.items.map((d) => d.detaineeId).sort()).toEqual([a, b, c, gone, moved].sort());
    expect(all.pages).toHaveLength(5);

    // Any part: the end of one name and the start of another; spaces and full-width forms do not matter.
    const tail = await api.get(`/centers/${CENTER}/detainees?q=${encodeURIComponent(`${t[1]}丰`)}`, staff.token);
    expect(tail.body.detainees.map((d: { detaineeId: string }) => d.detaineeId)).toEqual([b]);
    const spaced = await api.get(`/centers/${CENTER}/detainees?q=${encodeURIComponent(` ${t} `)}&status=all`, staff.token);
    expect(spaced.body.detainees).toHaveLength(5);

    // The cursor of one search is not a cursor of another search, filter or center.
    const cursor = all.pages[0].body.nextCursor as string;
    expectRefusedCursor(await api.get(`/centers/${CENTER}/detainees?q=${q}&status=active&cursor=${encodeURIComponent(cursor)}`, staff.token));
    expectRefusedCursor(await api.get(`/centers/${CENTER}/detainees?q=${encodeURIComponent(t[0])}&status=all&cursor=${encodeURIComponent(cursor)}`, staff.token));
    expectRefusedCursor(await api.get(`/centers/${OTHER}/detainees?q=${q}&status=all&cursor=${encodeURIComponent(cursor)}`, bothCenters.token));
  });

  it('lists the center by name without a query, and refuses other centers and roles', async () => {
    const page = await api.get(`/centers/${CENTER}/detainees?limit=3`, staff.token);
    expect(page.status).toBe(200);
    expect(page.body.detainees).toHaveLength(3);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    for (const d of page.body.detainees) expect(d.status).toBe('active');
    // An empty search box is no search: the same list.
    expect((await api.get(`/centers/${CENTER}/detainees?limit=3&q=`, staff.token)).body.detainees).toEqual(page.body.detainees);
    // By name, as indexed (NFKC, lower case, no spaces).
    const names = page.body.detainees.map((d: { name: string }) => d.name.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));
    expect(names).toEqual([...names].sort());

    expect((await api.get(`/centers/${CENTER}/detainees`, changningStaff.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainees`, investigator.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainees`, (await api.lawyer()).token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainees`)).status).toBe(401);
    // Scope before validation (B13): another center's staff hear 403 even for a bad query.
    expect((await api.get(`/centers/${CENTER}/detainees?status=nobody`, changningStaff.token)).status).toBe(403);
    const bad = await api.get(`/centers/${CENTER}/detainees?status=nobody`, staff.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('active、released、all');
  });
});

describe('one detainee with bindings and appointments (SPEC 7.2)', () => {
  it('shows every binding with the account it attached to, and what is arranged', async () => {
    const l = await api.lawyer('lawyer', undefined, '戊律师事务所', '冯律师');
    const revoked = await api.lawyer('lawyer', undefined, '戊律师事务所', '陈律师');
    const unregistered = `1310${String(randomInt(0, 1e9)).padStart(9, '0')}0000`;
    const name = `何${rareChars(2)}`;
    const d = await detainee(name);
    const active = await bind(l.licenseNo, d);
    const ended = await bind(revoked.licenseNo, d);
    const waiting = await bind(unregistered, d);
    expect((await api.post(`/centers/${CENTER}/bindings/${ended}/revoke`, undefined, staff.token)).status).toBe(200);
    const meeting = await book(l, { detaineeId: d, slotId: '2027-11-03.AM' });
    expect(meeting.status).toBe(201);
    expect((await api.post(`/centers/${CENTER}/interrogations`, { detaineeId: d, slotId: '2027-11-03.PM' }, investigator.token)).status).toBe(201);

    const r = await api.get(`/centers/${CENTER}/detainees/${d}`, staff.token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ detaineeId: d, name, sex: 'M', status: 'active', caseUnit: '上海市公安局闵行分局', releasedAt: null });
    expect(r.body.bindings).toEqual([
      { bindingId: active, licenseNo: l.licenseNo, lawyerId: l.lawyerId, lawyerName: '冯律师', status: 'active', verification: 'documents', createdAt: expect.any(String) },
      {
        bindingId: ended,
        licenseNo: revoked.licenseNo,
        lawyerId: revoked.lawyerId,
        lawyerName: '陈律师',
        status: 'revoked',
        verification: 'documents',
        createdAt: expect.any(String),
      },
      { bindingId: waiting, licenseNo: unregistered, lawyerId: null, lawyerName: null, status: 'active', verification: 'documents', createdAt: expect.any(String) },
    ]);
    expect(r.body.upcoming).toEqual([
      { slotId: '2027-11-03.AM', kind: 'lawyer-meeting', date: '2027-11-03', start: '2027-11-03T08:30:00.000+08:00' },
      { slotId: '2027-11-03.PM', kind: 'interrogation', date: '2027-11-03', start: '2027-11-03T13:30:00.000+08:00' },
    ]);

    // Once the morning session is over, it is no longer upcoming.
    await api.post('/_local/clock', { now: '2027-11-03T12:00:00+08:00' });
    expect((await api.get(`/centers/${CENTER}/detainees/${d}`, staff.token)).body.upcoming.map((u: { slotId: string }) => u.slotId)).toEqual(['2027-11-03.PM']);
  });

  it("is the center's own: 404 for unknown or another center's detainee, 403 for other staff and roles", async () => {
    const d = await detainee(`吕${rareChars(2)}`);
    const elsewhere = await detainee(`施${rareChars(2)}`, OTHER, changningStaff.token);
    expect((await api.get(`/centers/${CENTER}/detainees/dt_unknown`, staff.token)).status).toBe(404);
    expect((await api.get(`/centers/${CENTER}/detainees/${elsewhere}`, staff.token)).status).toBe(404);
    expect((await api.get(`/centers/${CENTER}/detainees/${d}`, changningStaff.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainees/${d}`, investigator.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/detainees/${d}`, (await api.lawyer()).token)).status).toBe(403);
  });
});

describe('rooms of a session (SPEC 7.2)', () => {
  it('lists every room of the center and which are taken in the session', async () => {
    const l = await api.lawyer();
    const d = await detainee(`蒋${rareChars(2)}`);
    await bind(l.licenseNo, d);
    const meeting = await book(l, { detaineeId: d, slotId: '2027-11-02.PM' });
    expect(meeting.status).toBe(201);
    const before = await api.get(`/centers/${CENTER}/rooms?slotId=2027-11-02.PM`, staff.token);
    expect(before.status).toBe(200);
    expect(before.body.rooms.map((r: { roomNo: string; roomType: string }) => `${r.roomType}:${r.roomNo}`)).toEqual([
      'meeting:M01',
      'meeting:M02',
      'meeting:M03',
      'meeting:M04',
      'meeting:M05',
      'meeting:M06',
      'interrogation:T01',
      'interrogation:T02',
    ]);
    const freeBefore = new Map(before.body.rooms.map((r: { roomNo: string; free: boolean }) => [r.roomNo, r.free]));

    const freeMeeting = before.body.rooms.find((r: { roomType: string; free: boolean }) => r.roomType === 'meeting' && r.free).roomNo;
    expect((await api.post(`/bookings/${meeting.body.bookingId}/room`, { roomType: 'meeting', roomNo: freeMeeting }, staff.token)).status).toBe(200);
    const other = await detainee(`沈${rareChars(2)}`);
    const interrogation = await api.post(`/centers/${CENTER}/interrogations`, { detaineeId: other, slotId: '2027-11-02.PM' }, investigator.token);
    expect(interrogation.status).toBe(201);

    const after = await api.get(`/centers/${CENTER}/rooms?slotId=2027-11-02.PM`, staff.token);
    const freeAfter = new Map(after.body.rooms.map((r: { roomNo: string; free: boolean }) => [r.roomNo, r.free]));
    expect(freeBefore.get(freeMeeting)).toBe(true);
    expect(freeAfter.get(freeMeeting)).toBe(false);
    expect(freeAfter.get(interrogation.body.roomNo)).toBe(false);
    // Another session is untouched.
    expect(freeAfter.size).toBe(8);
  });

  it('refuses an unknown session, other centers and roles', async () => {
    const unknown = await api.get(`/centers/${CENTER}/rooms?slotId=2027-11-02.NIGHT`, staff.token);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('SLOT_UNAVAILABLE');
    const missing = await api.get(`/centers/${CENTER}/rooms`, staff.token);
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues).toEqual([{ field: 'query.slotId', message: '缺少此项（必填）' }]);
    expect((await api.get(`/centers/${CENTER}/rooms?slotId=2027-11-02.PM`, changningStaff.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/rooms?slotId=2027-11-02.PM`, investigator.token)).status).toBe(403);
    expect((await api.get(`/centers/${CENTER}/rooms?slotId=2027-11-02.PM`, (await api.lawyer()).token)).status).toBe(403);
  });
});

describe("a lawyer's own waitlist and urgent requests (SPEC 7.2)", () => {
  it('lists the sessions the lawyer waits for, with the place in line', async () => {
    const slotId = '2027-11-05.PM';
    for (let i = 0; i < 6; i++) {
      const other = await api.lawyer();
      const d = await detainee(`韩${rareChars(2)}`);
      await bind(other.licenseNo, d);
      await book(other, { detaineeId: d, slotId });
    }
    const [first, second] = [await api.lawyer(), await api.lawyer()];
    const d = await detainee(`杨${rareChars(2)}`);
    await bind(first.licenseNo, d);
    await bind(second.licenseNo, d);
    const w1 = await api.post('/waitlist', { centerId: CENTER, detaineeId: d, slotId }, first.token);
    const w2 = await api.post('/waitlist', { centerId: CENTER, detaineeId: d, slotId }, second.token);
    expect([w1.status, w2.status]).toEqual([201, 201]);

    const mine = await api.get('/me/waitlist', second.token);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      entries: [
        { waitlistId: w2.body.waitlistId, centerId: CENTER, centerName: '上海市闵行区看守所', detaineeId: d, detaineeName: expect.any(String), slotId, position: w2.body.position },
      ],
    });
    // The first in line leaves: the second moves up.
    expect((await api.call('DELETE', `/waitlist/${w1.body.waitlistId}`, { token: first.token })).status).toBe(200);
    expect((await api.get('/me/waitlist', first.token)).body).toEqual({ entries: [] });
    expect((await api.get('/me/waitlist', second.token)).body.entries[0].position).toBe(w2.body.position - 1);
  });

  it('lists every urgent request the lawyer filed, with its deadline and whether it was placed', async () => {
    const l = await api.lawyer();
    const [d1, d2] = [await detainee(`朱${rareChars(2)}`), await detainee(`秦${rareChars(2)}`)];
    await bind(l.licenseNo, d1);
    await bind(l.licenseNo, d2);
    const r1 = await api.post('/urgent-requests', { centerId: CENTER, detaineeId: d1 }, l.token);
    const r2 = await api.post('/urgent-requests', { centerId: CENTER, detaineeId: d2 }, l.token);
    expect([r1.status, r2.status]).toEqual([201, 201]);
    const placed = await api.post(`/urgent-requests/${r1.body.requestId}/place`, { slotId: '2027-11-02.AM', roomType: 'meeting', roomNo: 'M06' }, staff.token);
    expect(placed.status).toBe(200);

    const list = await api.get('/me/urgent-requests', l.token);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      requests: [
        {
          requestId: r1.body.requestId,
          centerId: CENTER,
          centerName: '上海市闵行区看守所',
          detaineeId: d1,
          detaineeName: expect.any(String),
          deadline: r1.body.deadline,
          status: 'placed',
        },
        {
          requestId: r2.body.requestId,
          centerId: CENTER,
          centerName: '上海市闵行区看守所',
          detaineeId: d2,
          detaineeName: expect.any(String),
          deadline: r2.body.deadline,
          status: 'open',
        },
      ],
      nextCursor: null,
    });
    const paged = await walk('/me/urgent-requests', l.token, 'requests', 1);
    expect(paged.items.map((r) => r.requestId)).toEqual([r1.body.requestId, r2.body.requestId]);
    // Nobody else's: another lawyer sees none of them, and an intern's list is simply empty.
    expect((await api.get('/me/urgent-requests', (await api.lawyer()).token)).body.requests).toEqual([]);
    expect((await api.get('/me/urgent-requests', (await api.lawyer('intern')).token)).body).toEqual({ requests: [], nextCursor: null });
    expect((await api.get('/me/urgent-requests', staff.token)).status).toBe(403);
    expect((await api.get('/me/waitlist', investigator.token)).status).toBe(403);
  });
});

describe('the other lists page too (SPEC 7.3)', () => {
  it('pages the staff urgent-request list, suggestions and audit without losing or repeating an item', async () => {
    const l = await api.lawyer();
    for (let i = 0; i < 3; i++) {
      const d = await detainee(`许${rareChars(2)}`);
      await bind(l.licenseNo, d);
      expect((await api.post('/urgent-requests', { centerId: CENTER, detaineeId: d }, l.token)).status).toBe(201);
      expect((await api.post(`/centers/${CENTER}/suggestions`, { text: `建议${i}` }, l.token)).status).toBe(201);
    }
    for (const [path, field, id] of [
      [`/centers/${CENTER}/urgent-requests?status=all`, 'requests', 'requestId'],
      [`/centers/${CENTER}/urgent-requests?status=open`, 'requests', 'requestId'],
      [`/centers/${CENTER}/suggestions?status=open`, 'suggestions', 'suggestionId'],
      [`/centers/${CENTER}/audit?from=2027-11-01&to=2027-11-01`, 'records', 'auditId'],
    ] as const) {
      const whole = await api.get(path, staff.token);
      expect(whole.status).toBe(200);
      expect(whole.body[field].length).toBeGreaterThanOrEqual(3);
      const { items } = await walk(path, staff.token, field, 2);
      // Pages of 2 give what one page of 100 gives, in the same order (audit may grow while we read it).
      expect(items.map((x) => x[id]).slice(0, whole.body[field].length)).toEqual(whole.body[field].map((x: Record<string, string>) => x[id]));
      expect(new Set(items.map((x) => x[id])).size).toBe(items.length);
    }
  });

  it("pages violations and the admins' notification list", async () => {
    const l = await api.lawyer();
    expect((await api.get('/me/violations?limit=1', l.token)).body).toEqual({ violations: [], nextCursor: null });
    // Two late arrivals on Monday (after start + 30 minutes): two violations.
    for (const [session, bookAt, arrive, checkAt] of [
      ['AM', '2027-11-01T08:00:00+08:00', '2027-11-01T09:05:00+08:00', '2027-11-01T09:10:00+08:00'],
      ['PM', '2027-11-01T12:00:00+08:00', '2027-11-01T14:05:00+08:00', '2027-11-01T14:10:00+08:00'],
    ]) {
      await api.post('/_local/clock', { now: bookAt });
      const d = await detainee(`金${rareChars(2)}`);
      await bind(l.licenseNo, d);
      const b = await book(l, { detaineeId: d, slotId: `2027-11-01.${session}` });
      expect(b.status).toBe(201);
      await api.post('/_local/clock', { now: checkAt });
      const checked = await api.post(`/bookings/${b.body.bookingId}/check-in`, { arrivedAt: arrive }, staff.token);
      expect(checked.body).toEqual({ status: 'checked_in', late: true });
    }
    const violations = await walk('/me/violations', l.token, 'violations', 1);
    expect(violations.items.map((v) => v.reason)).toEqual(['late', 'late']);
    expect(new Set(violations.items.map((v) => v.violationId)).size).toBe(2);
    expect(violations.pages).toHaveLength(2);

    // Bookings of this file queued notifications nobody delivers here (no notifier): more than a page of 1.
    const admin = await api.adminToken();
    const notifications = await api.get('/admin/notifications?status=pending&limit=1', admin);
    expect(notifications.status).toBe(200);
    expect(notifications.body.notifications).toHaveLength(1);
    expect(notifications.body.nextCursor).toEqual(expect.any(String));
    expectRefusedCursor(await api.get(`/admin/notifications?status=dead&cursor=${encodeURIComponent(notifications.body.nextCursor)}`, admin));
    const next = await api.get(`/admin/notifications?status=pending&limit=1&cursor=${encodeURIComponent(notifications.body.nextCursor)}`, admin);
    expect(next.status).toBe(200);
    expect(next.body.notifications[0].notificationId).not.toBe(notifications.body.notifications[0].notificationId);
    expect(next.body.notifications[0].createdAt >= notifications.body.notifications[0].createdAt).toBe(true);
  });
});

describe('messages a person can act on', () => {
  it('lists the rooms a center has when a room number is wrong', async () => {
    const l = await api.lawyer();
    const d = await detainee(`曹${rareChars(2)}`);
    await bind(l.licenseNo, d);
    const b = await book(l, { detaineeId: d, slotId: '2027-11-04.AM' });
    const wrong = await api.post(`/bookings/${b.body.bookingId}/room`, { roomType: 'meeting', roomNo: 'M99' }, staff.token);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_FAILED');
    expect(wrong.body.error.message).toContain('M01、M02、M03、M04、M05、M06');
    // The right number under the wrong type: the answer says which type it is.
    const wrongType = await api.post(`/bookings/${b.body.bookingId}/room`, { roomType: 'meeting', roomNo: 'T01' }, staff.token);
    expect(wrongType.body.error.message).toContain('T01 是讯问室');
  });

  it('says the lawyer is already checked in, and since when', async () => {
    const l = await api.lawyer();
    const d = await detainee(`严${rareChars(2)}`);
    await bind(l.licenseNo, d);
    await api.post('/_local/clock', { now: '2027-11-01T12:00:00+08:00' });
    const b = await book(l, { detaineeId: d, slotId: '2027-11-01.PM' });
    expect(b.status).toBe(201);
    await api.post('/_local/clock', { now: '2027-11-01T13:40:00+08:00' });
    expect((await api.post(`/bookings/${b.body.bookingId}/check-in`, { arrivedAt: '2027-11-01T13:25:00+08:00' }, staff.token)).status).toBe(200);
    const twice = await api.post(`/bookings/${b.body.bookingId}/check-in`, {}, staff.token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATE');
    expect(twice.body.error.message).toBe('该律师已于 13:25（2027-11-01T13:25:00.000+08:00）签到，无需重复签到');
  });

  it('names the allowed fields for an unknown one and speaks plain Chinese for missing or ill-typed ones', async () => {
    const unknown = await api.post(`/centers/${CENTER}/detainees`, { name: '华某', sex: 'M', age: 30 }, staff.token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ field: 'body', message: '不接受的字段：age；可用的字段：name、sex、caseUnit' }]);
    const missing = await api.post(`/centers/${CENTER}/detainees`, { sex: 'X', caseUnit: 5 }, staff.token);
    expect(missing.body.error.issues).toEqual([
      { field: 'body.name', message: '缺少此项（必填）' },
      { field: 'body.sex', message: '须为以下之一：M、F' },
      { field: 'body.caseUnit', message: '须为文字（字符串）' },
    ]);
    const wrongQuery = await api.get(`/centers/${CENTER}/bookings?day=2027-11-01`, staff.token);
    expect(wrongQuery.body.error.issues).toEqual([
      { field: 'query.date', message: '缺少此项（必填）' },
      { field: 'query', message: '不接受的字段：day；可用的字段：date、limit、cursor' },
    ]);
    for (const r of [unknown, missing, wrongQuery]) expect(JSON.stringify(r.body)).not.toMatch(/无效输入|期望|实际接收|Invalid|expected/);
  });
});
