// B13: the center in the path is checked against the caller's centers before anything they sent is
// validated. Staff and investigators of another center get 403 FORBIDDEN on every center-scoped
// route, whether their body, query and path are valid or garbage; in scope, the same garbage is 400.
import { isCenterScoped } from '../../shared/http/define-handler';
import { routes, routeKey, type RouteDef } from '../../shared/routes';
import { Api, startApi } from './harness';

let api: Api;
const tokens: Record<'staff' | 'investigator' | 'inScopeStaff' | 'inScopeInvestigator', string> = {} as never;

beforeAll(async () => {
  api = await startApi();
  tokens.staff = (await api.account('staff', { centerIds: ['changning-kss'] })).token;
  tokens.investigator = (await api.account('investigator', { centerIds: ['changning-kss'] })).token;
  tokens.inScopeStaff = (await api.account('staff', { centerIds: ['minhang-kss'] })).token;
  tokens.inScopeInvestigator = (await api.account('investigator', { centerIds: ['minhang-kss'] })).token;
}, 30_000);
afterAll(() => api.platform.close());

const scoped = routes.filter(isCenterScoped);
const pathOf = (route: RouteDef, centerId: string) =>
  route.path.replace('{centerId}', centerId).replace(/\{[A-Za-z]+\}/g, 'not!an-id') + (route.method === 'GET' ? '?from=yesterday&limit=-4&unknown=1' : '');
const garbage = [
  ['not JSON at all', '{{{'],
  ['a wrong body', JSON.stringify({ unknownField: 1, reason: 42 })],
  ['an empty body', ''],
] as const;

it('covers the center routes of both roles', () => {
  expect(scoped.length).toBeGreaterThanOrEqual(14);
  expect(scoped.some((r) => r.auth !== 'public' && r.auth.includes('investigator'))).toBe(true);
});

describe.each(scoped.map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
  const callers = (['staff', 'investigator'] as const).filter((role) => route.auth !== 'public' && route.auth.includes(role));

  it.each(callers.flatMap((role) => garbage.map(([what, raw]) => [role, what, raw] as const)))('%s of another center with %s → 403', async (role, _what, raw) => {
    const r = await api.call(route.method, pathOf(route, 'minhang-kss'), { token: tokens[role], raw: route.method === 'GET' ? undefined : raw });
    expect([r.status, r.body?.error?.code]).toEqual([403, 'FORBIDDEN']);
  });

  it.each(callers)('%s of another center naming a center that does not exist → 403', async (role) => {
    const r = await api.call(route.method, pathOf(route, 'no-such-center'), { token: tokens[role], raw: route.method === 'GET' ? undefined : '{{{' });
    expect(r.status).toBe(403);
  });

  if (route.method !== 'GET') {
    it.each(callers)('%s of the center with garbage → 400 (the check did not hide validation)', async (role) => {
      const token = role === 'staff' ? tokens.inScopeStaff : tokens.inScopeInvestigator;
      const r = await api.call(route.method, pathOf(route, 'minhang-kss'), { token, raw: '{{{' });
      expect([r.status, r.body?.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  }
});
