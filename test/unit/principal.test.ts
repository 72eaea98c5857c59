// Claims → Principal (shared/principal.ts): API Gateway flattens array claims to "[a b]" strings,
// the local gateway passes real arrays; anything without a known role is unauthenticated.
import { AppError } from '../../shared/errors';
import { CLAIMS, licenseOf, principalFromClaims, requireCenterScope, requireRole, type Principal } from '../../shared/principal';
import { ROLES } from '../../shared/routes';

const base = { [CLAIMS.userId]: 'us_1', [CLAIMS.username]: 'alice' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
  return undefined;
}

describe('principalFromClaims', () => {
  it.each([
    ['[staff]', 'staff'],
    ['staff', 'staff'],
    ['[lawyer]', 'lawyer'],
    ['[intern]', 'intern'],
    ['[investigator]', 'investigator'],
    ['[committee]', 'committee'],
    ['[admin]', 'admin'],
    ['[unknown-group staff]', 'staff'], // the first known role wins, unknown groups are skipped
    ['[admin staff]', 'admin'],
    ['[staff,admin]', 'staff'],
    [['staff'], 'staff'],
    [['other', 'committee'], 'committee'],
  ] as const)('groups %j → role %s', (groups, role) => {
    const p = principalFromClaims({ ...base, [CLAIMS.groups]: groups as string | string[] });
    expect(p.role).toBe(role);
    expect(p.userId).toBe('us_1');
    expect(p.username).toBe('alice');
  });

  it.each([
    ['no claims at all', undefined],
    ['no groups', { ...base }],
    ['empty flattened groups', { ...base, [CLAIMS.groups]: '[]' }],
    ['empty array', { ...base, [CLAIMS.groups]: [] }],
    ['only unknown groups', { ...base, [CLAIMS.groups]: '[superuser root]' }],
    ['role-like but wrong case', { ...base, [CLAIMS.groups]: '[Staff]' }],
    ['groups as a number', { ...base, [CLAIMS.groups]: 7 }],
    ['no userId', { [CLAIMS.username]: 'alice', [CLAIMS.groups]: '[staff]' }],
    ['empty userId', { ...base, [CLAIMS.userId]: '', [CLAIMS.groups]: '[staff]' }],
    ['numeric userId', { ...base, [CLAIMS.userId]: 42, [CLAIMS.groups]: '[staff]' }],
    ['no username', { [CLAIMS.userId]: 'us_1', [CLAIMS.groups]: '[staff]' }],
  ])('%s → UNAUTHENTICATED', (_label, claims) => {
    expect(codeOf(() => principalFromClaims(claims as Parameters<typeof principalFromClaims>[0]))).toBe('UNAUTHENTICATED');
  });

  it('the UNAUTHENTICATED error maps to 401', () => {
    try {
      principalFromClaims(undefined);
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as AppError).status).toBe(401);
    }
  });

  it.each([
    ['minhang-kss', ['minhang-kss']],
    ['minhang-kss,jiading-kss', ['minhang-kss', 'jiading-kss']],
    ['minhang-kss,,jiading-kss,', ['minhang-kss', 'jiading-kss']],
    ['', []],
  ])('centerIds %j → %j', (raw, centerIds) => {
    expect(principalFromClaims({ ...base, [CLAIMS.groups]: '[staff]', [CLAIMS.centerIds]: raw }).centerIds).toEqual(centerIds);
  });

  it('has no centers, district or licence when the claims carry none', () => {
    const p = principalFromClaims({ ...base, [CLAIMS.groups]: '[lawyer]' });
    expect(p).toEqual({ userId: 'us_1', username: 'alice', role: 'lawyer', centerIds: [], district: undefined, licenseNo: undefined });
  });

  it('reads district and licence number', () => {
    const committee = principalFromClaims({ ...base, [CLAIMS.groups]: '[committee]', [CLAIMS.district]: 'minhang' });
    expect(committee.district).toBe('minhang');
    const lawyer = principalFromClaims({ ...base, [CLAIMS.groups]: '[lawyer]', [CLAIMS.licenseNo]: '13101202011000001' });
    expect(lawyer.licenseNo).toBe('13101202011000001');
    const blank = principalFromClaims({ ...base, [CLAIMS.groups]: '[lawyer]', [CLAIMS.licenseNo]: '', [CLAIMS.district]: '' });
    expect(blank.licenseNo).toBeUndefined();
    expect(blank.district).toBeUndefined();
  });
});

describe('requireRole / requireCenterScope / licenseOf', () => {
  const principal = (over: Partial<Principal>): Principal => ({ userId: 'us_1', username: 'alice', role: 'staff', centerIds: [], ...over });

  it.each(ROLES.map((r) => [r] as const))('%s passes when its role is allowed', (role) => {
    expect(() => requireRole(principal({ role }), [role])).not.toThrow();
  });

  it.each([
    ['lawyer', ['staff']],
    ['intern', ['lawyer']],
    ['staff', ['admin']],
    ['investigator', ['staff', 'committee']],
    ['admin', []],
  ] as const)('%s is FORBIDDEN on a route for %j', (role, allowed) => {
    expect(codeOf(() => requireRole(principal({ role }), allowed))).toBe('FORBIDDEN');
  });

  it('allows a staff member on an assigned center and forbids another', () => {
    const p = principal({ centerIds: ['minhang-kss', 'jiading-kss'] });
    expect(() => requireCenterScope(p, 'jiading-kss')).not.toThrow();
    expect(codeOf(() => requireCenterScope(p, 'changning-kss'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCenterScope(principal({}), 'minhang-kss'))).toBe('FORBIDDEN');
    // Prefixes are not scope.
    expect(codeOf(() => requireCenterScope(principal({ centerIds: ['jiading-kss'] }), 'jiading-kss2'))).toBe('FORBIDDEN');
  });

  it('FORBIDDEN maps to 403', () => {
    try {
      requireCenterScope(principal({}), 'x');
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as AppError).status).toBe(403);
    }
  });

  it('licenseOf returns the licence or rejects a token without one', () => {
    expect(licenseOf(principal({ role: 'lawyer', licenseNo: 'ABC123' }))).toBe('ABC123');
    expect(codeOf(() => licenseOf(principal({ role: 'lawyer' })))).toBe('UNAUTHENTICATED');
  });
});
