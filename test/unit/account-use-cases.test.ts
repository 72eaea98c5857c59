// The account use cases through fakes of their ports (shared/use-cases/ports/accounts.ts): sign-up
// against the licence registry and its compensation, confirmation that finishes a half-done earlier
// call, staff accounts' scope rules, the notification preference and a new binding's answer. What
// is written where (and under which conditions) is the adapters' part, tested against DynamoDB Local
// by the API tests.
import './support/unit-env';
import { AlreadyExists, Forbidden, InvalidState, LicenceSuspended, NotFound, NotInRegistry, RateLimited, ValidationFailed } from '../../shared/errors';
import type { UserProfile } from '../../shared/domain/accounts';
import type { RegistryEntry } from '../../shared/domain/registry';
import type { Principal } from '../../shared/principal';
import { bindLicence } from '../../shared/use-cases/bindings';
import { setNotificationPreference } from '../../shared/use-cases/preferences';
import { confirmRegistration, registerLawyer } from '../../shared/use-cases/registration';
import { createStaffUser } from '../../shared/use-cases/staff-accounts';
import type { AccountStore, BindingStore, CodeLimits, LicenceRegistry, NotifyBy } from '../../shared/use-cases/ports/accounts';
import type { IdentityProvider } from '../../shared/use-cases/ports/identity';

const NOW = new Date('2027-08-02T02:00:00.000Z');
const LICENCE = '13101202011000001';
const ENTRY: RegistryEntry = { licenseNo: LICENCE, name: '张 三', lawFirm: '甲律师事务所', phone: '+8613800000001', role: 'lawyer', status: 'practising' };

/** Records every call by name; a name in `fail` makes that call reject with its error instead. */
function recorder() {
  const calls: [string, ...unknown[]][] = [];
  const fail = new Map<string, Error>();
  const step = (name: string, ...args: unknown[]): Promise<void> => {
    calls.push([name, ...args]);
    const error = fail.get(name);
    return error ? Promise.reject(error) : Promise.resolve();
  };
  return { calls, fail, step, names: () => calls.map(([n]) => n) };
}

type Profile = UserProfile & { notifyBy?: NotifyBy };

function fakes(state: { profiles?: Profile[]; entry?: RegistryEntry; owns?: boolean; lawyerId?: string | null } = {}) {
  const rec = recorder();
  const { step } = rec;
  const profiles = state.profiles ?? [];
  const accounts: AccountStore = {
    reserveLawyer: (p, now) => step('reserveLawyer', p, now),
    releaseLawyerReservation: (p) => step('releaseLawyerReservation', p),
    ownsRegistration: (p) => step('ownsRegistration', p).then(() => state.owns ?? true),
    confirmAccount: (p) => step('confirmAccount', p),
    createStaffAccount: (p) => step('createStaffAccount', p),
    deleteStaffAccount: (p) => step('deleteStaffAccount', p),
    getUser: (id) => Promise.resolve(profiles.find((p) => p.userId === id)),
    findUserByUsername: (name) => Promise.resolve(profiles.find((p) => p.username === name)),
    findLawyerIdByLicense: () => Promise.resolve(state.lawyerId ?? null),
    setNotifyBy: (id, by) => {
      const p = profiles.find((x) => x.userId === id);
      return step('setNotifyBy', id, by).then(() => Boolean(p && (by === 'sms' || p.email)));
    },
  };
  const registry: LicenceRegistry = { find: (no) => Promise.resolve(state.entry?.licenseNo === no ? state.entry : undefined) };
  const codes: CodeLimits = {
    admitCodeMessage: (input) => step('admitCodeMessage', input),
    claimCodeAttempt: (input) => step('claimCodeAttempt', input),
  };
  const bindings: BindingStore = { createBinding: (table, b) => step('createBinding', table, b) };
  // Every provider method records its call under its own name.
  const provider = new Proxy({} as IdentityProvider, {
    get:
      (_t, name: string) =>
      (...args: unknown[]) =>
        step(name, ...args),
  });
  return { rec, ports: { accounts, registry, codes, bindings, identity: () => provider } };
}

const signUp = { username: 'zhangsan', password: 'Passw0rd!x', name: '张三', phone: '13800000001', licenseNo: LICENCE, role: 'lawyer' as const };

describe('registerLawyer', () => {
  it('refuses a licence the registry does not know, or whose name or phone differ, before anything is reserved', async () => {
    const unknown = fakes();
    await expect(registerLawyer(signUp, NOW, unknown.ports)).rejects.toBeInstanceOf(NotInRegistry);
    const otherPhone = fakes({ entry: { ...ENTRY, phone: '+8613900000009' } });
    await expect(registerLawyer(signUp, NOW, otherPhone.ports)).rejects.toBeInstanceOf(NotInRegistry);
    expect([...unknown.rec.names(), ...otherPhone.rec.names()]).toEqual([]);
  });

  it('refuses a suspended licence', async () => {
    const f = fakes({ entry: { ...ENTRY, status: 'suspended' } });
    await expect(registerLawyer(signUp, NOW, f.ports)).rejects.toBeInstanceOf(LicenceSuspended);
    expect(f.rec.names()).toEqual([]);
  });

  it("reserves the registry's name, phone and firm and sends the code to the phone on record", async () => {
    const f = fakes({ entry: ENTRY });
    const answer = await registerLawyer({ ...signUp, name: '张三' }, NOW, f.ports);
    expect(answer).toEqual({ lawyerId: expect.stringMatching(/^lw_/), status: 'unconfirmed' });
    expect(f.rec.names()).toEqual(['reserveLawyer', 'admitCodeMessage', 'signUp']);
    const [, profile] = f.rec.calls[0] as [string, UserProfile];
    expect(profile).toMatchObject({ userId: answer.lawyerId, name: '张 三', phone: '+8613800000001', lawFirm: '甲律师事务所', status: 'unconfirmed', licenseNo: LICENCE });
    expect(f.rec.calls[1][1]).toEqual({ phone: '+8613800000001', userId: answer.lawyerId, purpose: 'signup' });
    expect(f.rec.calls[2][1]).toEqual({ username: 'zhangsan', password: 'Passw0rd!x', phone: '+8613800000001', email: undefined });
  });

  it('undoes the reservation when the code limit or the provider refuses', async () => {
    const limited = fakes({ entry: ENTRY });
    limited.rec.fail.set('admitCodeMessage', new RateLimited('短信发送过于频繁', 60));
    await expect(registerLawyer(signUp, NOW, limited.ports)).rejects.toBeInstanceOf(RateLimited);
    expect(limited.rec.names()).toEqual(['reserveLawyer', 'admitCodeMessage', 'releaseLawyerReservation']);

    const refused = fakes({ entry: ENTRY });
    refused.rec.fail.set('signUp', new AlreadyExists('用户名已被注册'));
    await expect(registerLawyer(signUp, NOW, refused.ports)).rejects.toBeInstanceOf(AlreadyExists);
    expect(refused.rec.names()).toEqual(['reserveLawyer', 'admitCodeMessage', 'signUp', 'releaseLawyerReservation']);
  });

  it('leaves nothing to undo when the reservation itself is refused', async () => {
    const f = fakes({ entry: ENTRY });
    f.rec.fail.set('reserveLawyer', new AlreadyExists('该执业证号已注册账号'));
    await expect(registerLawyer(signUp, NOW, f.ports)).rejects.toBeInstanceOf(AlreadyExists);
    expect(f.rec.names()).toEqual(['reserveLawyer']);
  });
});

const pending: UserProfile = { userId: 'lw_1', username: 'zhangsan', role: 'lawyer', status: 'unconfirmed', createdAt: '2027-08-01T10:00:00+08:00', licenseNo: LICENCE };

describe('confirmRegistration', () => {
  const code = { username: 'zhangsan', code: '123456' };

  it('knows only unconfirmed lawyer and intern registrations', async () => {
    await expect(confirmRegistration(code, NOW, fakes().ports)).rejects.toBeInstanceOf(NotFound);
    await expect(confirmRegistration(code, NOW, fakes({ profiles: [{ ...pending, role: 'staff' }] }).ports)).rejects.toBeInstanceOf(NotFound);
    await expect(confirmRegistration(code, NOW, fakes({ profiles: [{ ...pending, status: 'confirmed' }] }).ports)).rejects.toBeInstanceOf(InvalidState);
  });

  it('refuses a registration someone took over, before a code try is counted', async () => {
    const f = fakes({ profiles: [pending], owns: false });
    await expect(confirmRegistration(code, NOW, f.ports)).rejects.toThrow('该注册已失效，请重新注册');
    expect(f.rec.names()).toEqual(['ownsRegistration']);
  });

  it('counts the try, then sets the trusted claims and the group from the stored profile, then confirms', async () => {
    const f = fakes({ profiles: [pending] });
    await expect(confirmRegistration(code, NOW, f.ports)).resolves.toEqual({ status: 'confirmed' });
    expect(f.rec.names()).toEqual(['ownsRegistration', 'claimCodeAttempt', 'confirmSignUp', 'setAttributes', 'addToGroup', 'confirmAccount']);
    expect(f.rec.calls[3]).toEqual(['setAttributes', 'zhangsan', { userId: 'lw_1', licenseNo: LICENCE }]);
    expect(f.rec.calls[4]).toEqual(['addToGroup', 'zhangsan', 'lawyer']);
  });

  it('finishes a call that stopped after the provider confirmed, but stops at a wrong code or a void one', async () => {
    const halfDone = fakes({ profiles: [pending] });
    halfDone.rec.fail.set('confirmSignUp', new InvalidState('already confirmed'));
    await expect(confirmRegistration(code, NOW, halfDone.ports)).resolves.toEqual({ status: 'confirmed' });
    expect(halfDone.rec.names()).toContain('confirmAccount');

    const wrong = fakes({ profiles: [pending] });
    wrong.rec.fail.set('confirmSignUp', new ValidationFailed('验证码错误'));
    await expect(confirmRegistration(code, NOW, wrong.ports)).rejects.toBeInstanceOf(ValidationFailed);
    expect(wrong.rec.names()).not.toContain('confirmAccount');

    const spent = fakes({ profiles: [pending] });
    spent.rec.fail.set('claimCodeAttempt', new RateLimited('验证码已失效', 60));
    await expect(confirmRegistration(code, NOW, spent.ports)).rejects.toBeInstanceOf(RateLimited);
    expect(spent.rec.names()).toEqual(['ownsRegistration', 'claimCodeAttempt']);
  });
});

describe('createStaffUser', () => {
  const base = { username: 'staff1', password: 'Passw0rd!x' };

  it.each([
    [{ role: 'staff' as const }, '民警和承办单位账号须指定 centerIds'],
    [{ role: 'investigator' as const, centerIds: ['nowhere-kss'] }, '看守所不存在：nowhere-kss'],
    [{ role: 'admin' as const, centerIds: ['minhang-kss'] }, '该角色不能指定 centerIds'],
    [{ role: 'committee' as const }, '律工委账号须指定 district'],
    [{ role: 'committee' as const, district: 'nowhere' }, '区县不存在'],
    [{ role: 'staff' as const, centerIds: ['minhang-kss'], district: 'minhang' }, '只有律工委账号可以指定 district'],
  ])('refuses a scope the role cannot carry: %j', async (scope, message) => {
    const f = fakes();
    await expect(createStaffUser({ ...base, ...scope }, NOW, f.ports)).rejects.toThrow(new ValidationFailed(message));
    expect(f.rec.names()).toEqual([]);
  });

  it('puts the scope into the token attributes and the group of the role', async () => {
    const f = fakes();
    const answer = await createStaffUser({ ...base, role: 'staff', centerIds: ['minhang-kss'], phone: '13800000002' }, NOW, f.ports);
    expect(answer).toEqual({ userId: expect.stringMatching(/^us_/), username: 'staff1', role: 'staff', centerIds: ['minhang-kss'], district: null });
    expect(f.rec.names()).toEqual(['createStaffAccount', 'adminCreateUser']);
    expect(f.rec.calls[0][1]).toMatchObject({ userId: answer.userId, status: 'confirmed', centerIds: ['minhang-kss'], phone: '13800000002' });
    expect(f.rec.calls[1][1]).toEqual({
      username: 'staff1',
      password: 'Passw0rd!x',
      group: 'staff',
      attributes: { userId: answer.userId, centerIds: 'minhang-kss' },
      phone: '+8613800000002',
    });
  });

  it('deletes the platform record when the provider refuses', async () => {
    const f = fakes();
    f.rec.fail.set('adminCreateUser', new AlreadyExists('用户名已被使用'));
    await expect(createStaffUser({ ...base, role: 'committee', district: 'minhang' }, NOW, f.ports)).rejects.toBeInstanceOf(AlreadyExists);
    expect(f.rec.names()).toEqual(['createStaffAccount', 'adminCreateUser', 'deleteStaffAccount']);
    expect(f.rec.calls[1][1]).toMatchObject({ group: 'committee', attributes: { district: 'minhang' } });
  });
});

describe('setNotificationPreference', () => {
  const lawyer: UserProfile = { ...pending, status: 'confirmed' };

  it('answers the choice and the address it goes to', async () => {
    const f = fakes({ profiles: [{ ...lawyer, email: 'z@example.cn' }] });
    await expect(setNotificationPreference('lw_1', 'both', f.ports)).resolves.toEqual({ notifyBy: 'both', email: 'z@example.cn' });
    await expect(setNotificationPreference('lw_1', 'sms', fakes({ profiles: [lawyer] }).ports)).resolves.toEqual({ notifyBy: 'sms', email: null });
  });

  it('refuses e-mail without an address, and an account that does not exist', async () => {
    await expect(setNotificationPreference('lw_1', 'email', fakes({ profiles: [lawyer] }).ports)).rejects.toThrow(new InvalidState('注册时未填写电子邮箱，不能选择邮件通知'));
    const none = fakes();
    await expect(setNotificationPreference('lw_1', 'sms', none.ports)).rejects.toBeInstanceOf(NotFound);
    expect(none.rec.names()).toEqual([]);
  });
});

describe('bindLicence', () => {
  const staff: Principal = { userId: 'us_1', username: 's', role: 'staff', centerIds: ['minhang-kss'] };
  const request = { licenseNo: LICENCE, detaineeId: 'dt_1', verification: 'documents' as const };

  it('refuses a center outside the staff member’s scope before anything is written', async () => {
    const f = fakes();
    await expect(bindLicence(staff, 'changning-kss', request, NOW, f.ports)).rejects.toBeInstanceOf(Forbidden);
    expect(f.rec.names()).toEqual([]);
  });

  it('binds the licence in the center’s district and says whom it belongs to, on the platform and in the registry', async () => {
    const f = fakes({ entry: ENTRY, lawyerId: 'lw_1', profiles: [{ ...pending, status: 'confirmed', name: '张三', lawFirm: '甲律师事务所' }] });
    const answer = await bindLicence(staff, 'minhang-kss', request, NOW, f.ports);
    expect(answer).toEqual({
      bindingId: expect.stringMatching(/^bd_/),
      status: 'active',
      lawyerId: 'lw_1',
      lawyer: { name: '张三', lawFirm: '甲律师事务所' },
      registry: { name: '张 三', lawFirm: '甲律师事务所', role: 'lawyer', status: 'practising' },
    });
    const [, table, binding] = f.rec.calls[0];
    expect(table).toBe('unit-minhang-district');
    expect(binding).toMatchObject({ bindingId: answer.bindingId, centerId: 'minhang-kss', detaineeId: 'dt_1', status: 'active', verification: 'documents' });
  });

  it('binds a licence nobody registered yet, which the registry may not know either', async () => {
    const answer = await bindLicence(staff, 'minhang-kss', request, NOW, fakes().ports);
    expect(answer).toMatchObject({ lawyerId: null, lawyer: null, registry: null });
  });
});
