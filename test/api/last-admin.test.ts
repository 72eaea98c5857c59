// At least one enabled admin, always (issue 23 F5, issue 18 bullet 6): disabling an admin commits
// only together with a write on the acting admin's own profile that requires it to be an enabled
// admin, so two admins disabling each other at the same moment cannot both win. Other test files
// log in as the seeded `admin`, so this file never disables it: it races admins it created.
import { setUserDisabled } from '../../shared/use-cases/account-admin';
import { Api, startApi } from './harness';

let api: Api;
let admin: string;
beforeAll(async () => {
  api = await startApi();
  admin = await api.adminToken();
});
afterAll(() => api.platform.close());

const PASSWORD = 'Pass-Word-123';
const canLogIn = async (username: string) => (await api.post('/auth/login', { username, password: PASSWORD })).status === 200;

describe('the last enabled admin', () => {
  it('two admins disabling each other at the same moment: exactly one succeeds, the other gets 409 in Chinese', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([api.account('admin'), api.account('admin')]);
      const [ab, ba] = await Promise.all([api.post(`/admin/users/${b.userId}/disable`, undefined, a.token), api.post(`/admin/users/${a.userId}/disable`, undefined, b.token)]);
      const statuses = [ab.status, ba.status].sort();
      expect(statuses).toEqual([200, 409]);
      const refused = ab.status === 409 ? ab : ba;
      expect(refused.body.error.code).toBe('INVALID_STATE');
      expect(refused.body.error.message).toMatch(/管理员/);
      const winner = ab.status === 200 ? a : b;
      const loser = winner === a ? b : a;
      expect(await canLogIn(winner.username)).toBe(true);
      expect(await canLogIn(loser.username)).toBe(false);
    }
  });

  it('three admins in a ring (A→B, B→C, C→A) at once: someone is always left enabled and can log in', async () => {
    for (let round = 0; round < 3; round++) {
      const ring = await Promise.all([api.account('admin'), api.account('admin'), api.account('admin')]);
      const replies = await Promise.all(ring.map((actor, i) => api.post(`/admin/users/${ring[(i + 1) % 3].userId}/disable`, undefined, actor.token)));
      expect(replies.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const enabled = await Promise.all(ring.map((u) => canLogIn(u.username)));
      expect(enabled.some(Boolean)).toBe(true);
      // Every disable that succeeded left its actor enabled, unless a later one disabled them.
      const disabledTargets = replies.flatMap((r, i) => (r.status === 200 ? [(i + 1) % 3] : []));
      expect(enabled.filter((e) => !e)).toHaveLength(disabledTargets.length);
    }
  });

  it('an admin already disabled (its token still valid, as in the cloud) cannot disable another admin', async () => {
    const [a, b] = await Promise.all([api.account('admin'), api.account('admin')]);
    expect((await api.post(`/admin/users/${a.userId}/disable`, undefined, admin)).status).toBe(200);
    // The local gateway refuses a disabled account's token at once; the cloud authorizer does not,
    // so the use case is called with the principal such a token would carry.
    await expect(setUserDisabled({ userId: a.userId, username: a.username, role: 'admin', centerIds: [] }, b.userId, true)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await canLogIn(b.username)).toBe(true);
    expect((await api.get('/admin/users?role=admin&limit=100', admin)).status).toBe(200);
  });

  it('disabling oneself is refused; a staff account is still disabled and enabled as before', async () => {
    const a = await api.account('admin');
    const self = await api.post(`/admin/users/${a.userId}/disable`, undefined, a.token);
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('INVALID_STATE');
    expect(await canLogIn(a.username)).toBe(true);
    const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
    expect((await api.post(`/admin/users/${staff.userId}/disable`, undefined, a.token)).status).toBe(200);
    expect(await canLogIn(staff.username)).toBe(false);
    expect((await api.post(`/admin/users/${staff.userId}/enable`, undefined, a.token)).status).toBe(200);
    expect(await canLogIn(staff.username)).toBe(true);
  });
});
