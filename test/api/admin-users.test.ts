// GET /admin/users (paged with signed cursors) and disabling / enabling accounts, through the local
// gateway. Other test files create accounts in the same tables, so the list is checked for what this
// file created and for the paging rules, never for a total.
import { Api, newLicense, newPhone, startApi, uniqueName, type Reply } from './harness';

let api: Api;
let admin: string;
beforeAll(async () => {
  api = await startApi();
  admin = await api.adminToken();
});
afterAll(() => api.platform.close());

interface User {
  userId: string;
  username: string;
  role: string;
  centerIds: string[];
  district: string | null;
  disabled: boolean;
}

/** Every page of a listing: checks each page's size and that only the last says it is the last. */
async function allPages(query: string, limit: number): Promise<User[][]> {
  const pages: User[][] = [];
  let cursor: string | null = null;
  do {
    const r: Reply = await api.get(`/admin/users?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, admin);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['nextCursor', 'users']);
    pages.push(r.body.users);
    cursor = r.body.nextCursor;
    if (cursor !== null) expect(r.body.users).toHaveLength(limit);
    expect(pages.length).toBeLessThan(500);
  } while (cursor !== null);
  return pages;
}

describe('GET /admin/users', () => {
  it('pages through one role in username order, with every account this file created and nothing twice', async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await api.account('committee', { district: i % 2 ? 'minhang' : 'jiading' }));
    const pages = await allPages('role=committee', 2);
    const users = pages.flat();
    // Never an empty trailing page: the last page is the one that says null.
    expect(pages.every((p) => p.length > 0)).toBe(true);
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    expect(users.every((u) => u.role === 'committee')).toBe(true);
    const names = users.map((u) => u.username.toLowerCase());
    expect(names).toEqual([...names].sort());
    for (const m of mine) {
      expect(users).toContainEqual({
        userId: m.userId,
        username: m.username,
        role: 'committee',
        centerIds: [],
        district: expect.stringMatching(/^(minhang|jiading)$/),
        disabled: false,
      });
    }
  });

  it('lists every role without a filter, confirmed lawyers included, unconfirmed registrations not', async () => {
    const staff = await api.account('staff', { centerIds: ['minhang-kss', 'changning-kss'] });
    const lawyer = await api.lawyer();
    const pending = { username: uniqueName('pending'), password: 'Lawyer-Pass-1', name: '周律师', phone: newPhone(), licenseNo: newLicense(), lawFirm: '所', role: 'lawyer' };
    await api.registryEntry({ licenseNo: pending.licenseNo, name: pending.name, lawFirm: pending.lawFirm, phone: pending.phone, role: 'lawyer', status: 'practising' });
    expect((await api.post('/auth/register', pending)).status).toBe(201);
    const users = (await allPages('', 100)).flat();
    expect(users).toContainEqual({ userId: staff.userId, username: staff.username, role: 'staff', centerIds: ['minhang-kss', 'changning-kss'], district: null, disabled: false });
    expect(users).toContainEqual({ userId: lawyer.lawyerId, username: lawyer.username, role: 'lawyer', centerIds: [], district: null, disabled: false });
    expect(users.find((u) => u.username === pending.username)).toBeUndefined();
    expect(users.find((u) => u.username === 'admin')).toMatchObject({ role: 'admin', disabled: false });
    const roles = users.map((u) => u.role);
    expect(roles).toEqual([...roles].sort());
  });

  it('answers 50 at most by default and refuses a limit beyond 100', async () => {
    const r = await api.get('/admin/users', admin);
    expect(r.status).toBe(200);
    expect(r.body.users.length).toBeLessThanOrEqual(50);
    for (const limit of ['0', '101', '-1', 'ten', '1.5']) {
      const bad = await api.get(`/admin/users?limit=${limit}`, admin);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await api.get('/admin/users?role=boss', admin)).status).toBe(400);
  });

  it('refuses a forged, altered or borrowed cursor with 400 VALIDATION_FAILED', async () => {
    for (let i = 0; i < 3; i++) await api.account('investigator', { centerIds: ['minhang-kss'] });
    const first = await api.get('/admin/users?role=investigator&limit=1', admin);
    const cursor: string = first.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    expect((await api.get(`/admin/users?role=investigator&limit=1&cursor=${encodeURIComponent(cursor)}`, admin)).status).toBe(200);

    const [data, mac] = cursor.split('.');
    // Nothing of the key can be read out of it (issue 23: it was base64 JSON naming USER#…).
    expect(Buffer.from(data, 'base64url').toString('latin1') + Buffer.from(mac, 'base64url').toString('latin1')).not.toMatch(/USER#|GSI1/);
    // A validly shaped cursor of the old readable form, pointing at another partition of the table.
    const retargeted = Buffer.from(JSON.stringify({ list: 'users:investigator', key: { GSI1PK: 'NOTIFY#dead', GSI1SK: 'x', PK: 'x', SK: 'x' } })).toString('base64url');
    const flipped = `${data.slice(0, -2)}${data.endsWith('A') ? 'B' : 'A'}${data.slice(-1)}.${mac}`;
    const forged = [`${retargeted}.${mac}`, flipped, `${data}.${mac.slice(0, -3)}xyz`, 'not-a-cursor', `${data}.`, `${data}.${mac}.extra`];
    for (const c of forged) {
      const r = await api.get(`/admin/users?role=investigator&limit=1&cursor=${encodeURIComponent(c)}`, admin);
      expect([c, r.status]).toEqual([c, 400]);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    // A cursor of the investigator list does not page another role, nor the unfiltered list.
    expect((await api.get(`/admin/users?role=staff&limit=1&cursor=${encodeURIComponent(cursor)}`, admin)).status).toBe(400);
    expect((await api.get(`/admin/users?limit=1&cursor=${encodeURIComponent(cursor)}`, admin)).status).toBe(400);
  });
});

describe('POST /admin/users/{userId}/disable and /enable', () => {
  it('a disabled account cannot log in and its token stops working; enabled again, both work', async () => {
    const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
    expect((await api.get('/centers/minhang-kss/bookings?date=2027-03-03', staff.token)).status).toBe(200);

    const disabled = await api.post(`/admin/users/${staff.userId}/disable`, undefined, admin);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toEqual({ userId: staff.userId, disabled: true });

    const login = await api.post('/auth/login', { username: staff.username, password: 'Pass-Word-123' });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('UNAUTHENTICATED');
    // Locally the gateway checks the account on every request (in the cloud the token lives until it expires).
    expect((await api.get('/centers/minhang-kss/bookings?date=2027-03-03', staff.token)).status).toBe(401);
    const listed = (await allPages('role=staff', 100)).flat().find((u) => u.userId === staff.userId);
    expect(listed?.disabled).toBe(true);
    // Disabling twice is fine.
    expect((await api.post(`/admin/users/${staff.userId}/disable`, undefined, admin)).status).toBe(200);

    const enabled = await api.post(`/admin/users/${staff.userId}/enable`, undefined, admin);
    expect(enabled.body).toEqual({ userId: staff.userId, disabled: false });
    expect((await api.post('/auth/login', { username: staff.username, password: 'Pass-Word-123' })).status).toBe(200);
    expect((await api.get('/centers/minhang-kss/bookings?date=2027-03-03', staff.token)).status).toBe(200);
    expect((await allPages('role=staff', 100)).flat().find((u) => u.userId === staff.userId)?.disabled).toBe(false);
  });

  it('disables a lawyer too; a disabled account gets no reset code', async () => {
    const l = await api.lawyer();
    expect((await api.post(`/admin/users/${l.lawyerId}/disable`, undefined, admin)).status).toBe(200);
    expect((await api.post('/auth/login', { username: l.username, password: l.password })).status).toBe(401);
    expect((await api.get('/me', l.token)).status).toBe(401);
    expect((await api.post('/auth/forgot', { username: l.username })).status).toBe(200);
    const outbox = await api.get(`/_local/outbox?to=${l.phone}`);
    expect(outbox.body.messages.filter((m: { kind: string }) => m.kind === 'password-reset-code')).toEqual([]);
  });

  it('answers 404 for an unknown account and 409 for disabling oneself', async () => {
    const unknown = await api.post('/admin/users/us_NOBODY/disable', undefined, admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await api.post('/admin/users/us_NOBODY/enable', undefined, admin)).status).toBe(404);
    const self = await api.post('/admin/users/us_admin/disable', undefined, admin);
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('INVALID_STATE');
    expect((await api.post('/auth/login', { username: 'admin', password: 'Local-Admin-2013' })).status).toBe(200);
  });
});
