// Issue 23 item 7, the minor points found by trying the platform as an attacker would: nosniff on
// every API answer (401s of the gateway included), no licence number in the access log, and no
// token living longer than the platform issues them (one signed with the key and `exp` 100 years
// ahead was accepted). Cursors are covered in test/unit/abuse-limits.test.ts and admin-users.
import { SignJWT } from 'jose';
import { LOCAL_CLIENT_ID, type SigningKeys } from '../../local/identity-provider';
import { Api, newLicense, startApi } from './harness';

let api: Api;
const lines: string[] = [];
let admin: string;
beforeAll(async () => {
  api = await startApi({ accessLog: (line) => lines.push(line) });
  admin = await api.adminToken();
});
afterAll(() => api.platform.close());

describe('X-Content-Type-Options: nosniff on every API answer', () => {
  it.each([
    ['200 of a handler', () => api.get('/centers')],
    ['400 of a handler', () => api.post('/auth/login', { username: '' })],
    ['401 without a token (gateway)', () => api.get('/me')],
    ['401 with a bad token (gateway)', () => api.get('/me', 'not-a-token')],
    ['403 of a handler', () => api.get('/me', admin)],
    ['404 of an unknown route (gateway)', () => api.get('/no-such-route')],
    ['a local route', () => api.get('/_local/clock')],
  ])('%s', async (_what, call) => {
    const r = await call();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the access log masks a licence number in the path', () => {
  it('GET /admin/lawyer-registry/{licenseNo}', async () => {
    const licenseNo = newLicense();
    lines.length = 0;
    expect((await api.get(`/admin/lawyer-registry/${licenseNo}`, admin)).status).toBe(404);
    expect(lines.some((l) => l.startsWith('GET /admin/lawyer-registry/*** 404'))).toBe(true);
    expect(lines.join('\n')).not.toContain(licenseNo);
  });
});

describe('a maximum token lifetime', () => {
  const keys = () => (api.platform.identity as unknown as { keys: SigningKeys }).keys;
  const forge = async (claims: { iat?: number; exp: number }) => {
    const jwt = new SignJWT({ token_use: 'id', 'cognito:username': 'admin', 'cognito:groups': ['admin'], 'custom:userId': 'us_admin', exp: claims.exp })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setSubject('us_admin')
      .setIssuer(api.platform.identity.issuer)
      .setAudience(LOCAL_CLIENT_ID);
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    return jwt.sign(keys().privateKey);
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('a token signed with the key but living 100 years is a 401', async () => {
    const token = await forge({ iat: now(), exp: now() + 100 * 365 * 86_400 });
    const r = await api.get('/admin/users', token);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a token without iat is a 401', async () => {
    expect((await api.get('/admin/users', await forge({ exp: now() + 600 }))).status).toBe(401);
  });

  it('a token of the platform lifetime (1 hour) works', async () => {
    expect((await api.get('/admin/users', await forge({ iat: now(), exp: now() + 3600 }))).status).toBe(200);
    expect((await api.get('/admin/users', admin)).status).toBe(200);
  });
});
