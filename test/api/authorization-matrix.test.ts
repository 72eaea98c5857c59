// The authorization matrix of every deployed route: each role (and no token) against each route,
// expecting exactly the contract's answer — success for allowed callers, 401 without a token,
// 403 for a role outside the route's list or staff of another center.
import { routes, routeKey, type Role } from '../../shared/routes';
import { Api, newLicense, newPhone, startApi, uniqueName } from './harness';

type Caller = 'anonymous' | Role | 'staff-other-center';
const CALLERS: Caller[] = ['anonymous', 'lawyer', 'intern', 'staff', 'staff-other-center', 'investigator', 'committee', 'admin'];

interface Request {
  path: string;
  body?: unknown;
}

let api: Api;
const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
let staffToken: string;

beforeAll(async () => {
  api = await startApi();
  const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  staffToken = staff.token;
  tokens.staff = staff.token;
  tokens['staff-other-center'] = (await api.account('staff', { centerIds: ['changning-kss'] })).token;
  tokens.investigator = (await api.account('investigator', { centerIds: ['minhang-kss'] })).token;
  tokens.committee = (await api.account('committee', { district: 'minhang' })).token;
  tokens.admin = await api.adminToken();
  tokens.lawyer = (await api.lawyer('lawyer')).token;
  tokens.intern = (await api.lawyer('intern')).token;
}, 30_000);
afterAll(() => api.platform.close());

/** A fresh, valid request for each route, so that an allowed caller succeeds. */
const fixtures: Record<string, () => Promise<Request>> = {
  'GET /health': async () => ({ path: '/health' }),
  'GET /openapi.json': async () => ({ path: '/openapi.json' }),
  'GET /docs': async () => ({ path: '/docs' }),
  'GET /centers': async () => ({ path: '/centers' }),
  'POST /auth/register': async () => ({
    path: '/auth/register',
    body: { username: uniqueName('m'), password: 'Lawyer-Pass-1', name: '孙律师', phone: newPhone(), licenseNo: newLicense(), lawFirm: '所', role: 'lawyer' },
  }),
  'POST /auth/confirm': async () => {
    const username = uniqueName('m');
    const phone = newPhone();
    await api.post('/auth/register', { username, password: 'Lawyer-Pass-1', name: '孙律师', phone, licenseNo: newLicense(), lawFirm: '所', role: 'lawyer' });
    return { path: '/auth/confirm', body: { username, code: await api.codeFor(phone) } };
  },
  'POST /auth/login': async () => ({ path: '/auth/login', body: { username: 'admin', password: 'Local-Admin-2013' } }),
  'GET /me': async () => ({ path: '/me' }),
  'GET /me/bindings': async () => ({ path: '/me/bindings' }),
  'POST /admin/users': async () => ({ path: '/admin/users', body: { username: uniqueName('m'), password: 'Pass-Word-123', role: 'committee', district: 'minhang' } }),
  'POST /centers/{centerId}/detainees': async () => ({ path: '/centers/minhang-kss/detainees', body: { name: '周某', sex: 'M' } }),
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
};

function expectedStatus(route: (typeof routes)[number], caller: Caller): number | 'success' {
  if (route.auth === 'public') return 'success';
  if (caller === 'anonymous') return 401;
  const role: Role = caller === 'staff-other-center' ? 'staff' : caller;
  if (!route.auth.includes(role)) return 403;
  if (caller === 'staff-other-center' && route.path.startsWith('/centers/{centerId}')) return 403;
  return 'success';
}

const cases = routes.flatMap((route) => CALLERS.map((caller) => [routeKey(route), caller, route] as const));

it('has a fixture for every route in the table', () => {
  expect(Object.keys(fixtures).sort()).toEqual(routes.map(routeKey).sort());
});

it.each(cases)('%s as %s', async (key, caller, route) => {
  const request = await fixtures[key]();
  const token = caller === 'anonymous' ? undefined : tokens[caller];
  const reply = await api.call(route.method, request.path, { token, body: request.body });
  const expected = expectedStatus(route, caller);
  if (expected === 'success') {
    expect(reply.status).toBeGreaterThanOrEqual(200);
    expect(reply.status).toBeLessThan(300);
  } else {
    expect(reply.status).toBe(expected);
    expect(reply.body.error.code).toBe(expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
});
