// local/identity-provider.ts and local/outbox.ts against DynamoDB Local: the Cognito stand-in's
// sign-up → SMS code in the outbox → confirm → login flow, and its tokens as the gateway verifies them.
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { LOCAL_CLIENT_ID, LocalIdentityProvider, TOKEN_TTL_SECONDS, loadSigningKeys } from '../../local/identity-provider';
import { deliverToOutbox, readOutbox } from '../../local/outbox';
import { AppError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { newPhone, uniqueName } from './support/fixtures';

const ISSUER = 'https://idp.integration.test';
let idp: LocalIdentityProvider;
beforeAll(async () => {
  idp = new LocalIdentityProvider(await loadSigningKeys(), ISSUER);
});

const PASSWORD = 'Lawyer-Pass-1';

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

/** Signs up a fresh user and returns its name, phone (without +86) and the code texted to it. */
async function signUp(over: { phone?: string; password?: string } = {}) {
  const username = uniqueName('idp');
  const phone = over.phone ?? newPhone();
  const userId = newId('lw');
  await idp.signUp({ username, password: over.password ?? PASSWORD, phone: `+86${phone}` });
  const messages = await readOutbox(phone);
  const code = /(\d{6})/.exec(messages[messages.length - 1]?.body ?? '')?.[1];
  if (!code) throw new Error('no code in the outbox');
  return { username, phone, userId, code };
}

const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('sign-up and the outbox', () => {
  it('texts a 6-digit code, found by the number with and without +86', async () => {
    const { phone, code } = await signUp();
    expect(code).toMatch(/^\d{6}$/);
    const bare = await readOutbox(phone);
    const e164 = await readOutbox(`+86${phone}`);
    expect(bare).toHaveLength(1);
    expect(e164).toEqual(bare);
    expect(bare[0]).toMatchObject({ channel: 'sms', to: `+86${phone}`, kind: 'registration-code', sentAt: expect.stringMatching(/\+08:00$/) });
    expect(bare[0].body).toContain(code);
  });

  it('another number sees none of it', async () => {
    await signUp();
    expect(await readOutbox(newPhone())).toEqual([]);
  });

  it('rejects a password the pool policy rejects, and texts nothing', async () => {
    const phone = newPhone();
    const e = await appErrorOf(idp.signUp({ username: uniqueName('weak'), password: 'short', phone: `+86${phone}` }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(await readOutbox(phone)).toEqual([]);
  });

  it('a repeated sign-up of an unconfirmed user sends a new code that replaces the old one', async () => {
    const first = await signUp();
    await idp.signUp({ username: first.username, password: PASSWORD, phone: `+86${first.phone}` });
    const messages = await readOutbox(first.phone);
    expect(messages).toHaveLength(2);
    const latest = /(\d{6})/.exec(messages[1].body)?.[1] as string;
    if (latest !== first.code) {
      expect((await appErrorOf(idp.confirmSignUp(first.username, first.code))).code).toBe('VALIDATION_FAILED');
    }
    await idp.confirmSignUp(first.username, latest);
  });

  it('a confirmed username cannot be signed up again', async () => {
    const { username, code } = await signUp();
    await idp.confirmSignUp(username, code);
    const e = await appErrorOf(idp.signUp({ username: username.toUpperCase(), password: PASSWORD, phone: `+86${newPhone()}` }));
    expect(e.code).toBe('ALREADY_EXISTS');
  });

  it('e-mail addresses are matched case-insensitively', async () => {
    const to = `${uniqueName('Mail')}@Example.com`;
    await deliverToOutbox({ channel: 'email', to, kind: 'test', body: 'hello', sentAt: '2026-03-02T10:00:00.000+08:00' });
    expect(await readOutbox(to.toLowerCase())).toEqual([{ channel: 'email', to: to.toLowerCase(), kind: 'test', body: 'hello', sentAt: '2026-03-02T10:00:00.000+08:00' }]);
  });

  it('lists one address oldest first', async () => {
    const phone = newPhone();
    for (const sentAt of ['2026-03-02T12:00:00.000+08:00', '2026-03-02T10:00:00.000+08:00', '2026-03-02T11:00:00.000+08:00']) {
      await deliverToOutbox({ channel: 'sms', to: phone, kind: 'test', body: sentAt, sentAt });
    }
    expect((await readOutbox(`+86${phone}`)).map((m) => m.sentAt)).toEqual([
      '2026-03-02T10:00:00.000+08:00',
      '2026-03-02T11:00:00.000+08:00',
      '2026-03-02T12:00:00.000+08:00',
    ]);
  });
});

describe('confirm and login', () => {
  it('a wrong code → VALIDATION_FAILED, the right one confirms, a second confirm → INVALID_STATE', async () => {
    const { username, code } = await signUp();
    expect((await appErrorOf(idp.confirmSignUp(username, otherCode(code)))).code).toBe('VALIDATION_FAILED');
    await expect(idp.confirmSignUp(username, code)).resolves.toBeUndefined();
    expect((await appErrorOf(idp.confirmSignUp(username, code))).code).toBe('INVALID_STATE');
  });

  it('confirming an unknown user → NOT_FOUND', async () => {
    expect((await appErrorOf(idp.confirmSignUp(uniqueName('ghost'), '123456'))).code).toBe('NOT_FOUND');
  });

  it('login before confirmation → UNAUTHENTICATED, after it → a token', async () => {
    const { username, code } = await signUp();
    const early = await appErrorOf(idp.login(username, PASSWORD));
    expect(early).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    await idp.confirmSignUp(username, code);
    const out = await idp.login(username, PASSWORD);
    expect(out).toEqual({ token: expect.any(String), expiresIn: TOKEN_TTL_SECONDS });
  });

  it.each([
    ['a wrong password', (u: string) => idp.login(u, 'Lawyer-Pass-2')],
    ['an unknown user', () => idp.login(uniqueName('ghost'), PASSWORD)],
  ])('%s → UNAUTHENTICATED', async (_label, attempt) => {
    const { username, code } = await signUp();
    await idp.confirmSignUp(username, code);
    expect((await appErrorOf(attempt(username))).code).toBe('UNAUTHENTICATED');
  });
});

describe('tokens', () => {
  /** What POST /auth/confirm does at the provider: confirm, set the trusted claims, add the group. */
  async function confirmedLawyer() {
    const user = await signUp();
    await idp.confirmSignUp(user.username, user.code);
    await idp.setAttributes(user.username, { userId: user.userId, licenseNo: '13101202011000001' });
    await idp.addToGroup(user.username, 'lawyer');
    await idp.addToGroup(user.username, 'lawyer'); // idempotent
    return user;
  }

  it('a fresh sign-up carries no trusted claims and no group', async () => {
    const { username, code } = await signUp();
    await idp.confirmSignUp(username, code);
    const claims = await idp.verify((await idp.login(username, PASSWORD)).token);
    expect(claims['cognito:groups']).toEqual([]);
    expect(Object.keys(claims).filter((k) => k.startsWith('custom:'))).toEqual([]);
    expect(claims.sub).toBe(username);
  });

  it('setAttributes merges with the attributes already set', async () => {
    const { username, userId } = await confirmedLawyer();
    await idp.setAttributes(username, { district: 'minhang' });
    const claims = await idp.verify((await idp.login(username, PASSWORD)).token);
    expect(claims).toMatchObject({ 'custom:userId': userId, 'custom:licenseNo': '13101202011000001', 'custom:district': 'minhang' });
  });

  it('setAttributes of an unknown user → NOT_FOUND', async () => {
    expect((await appErrorOf(idp.setAttributes(uniqueName('ghost'), { userId: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('a login token verifies and carries Cognito claims', async () => {
    const { username, userId } = await confirmedLawyer();
    const { token } = await idp.login(username, PASSWORD);
    const claims = await idp.verify(token);
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: LOCAL_CLIENT_ID,
      sub: userId,
      token_use: 'id',
      'cognito:username': username,
      'cognito:groups': ['lawyer'],
      'custom:userId': userId,
      'custom:licenseNo': '13101202011000001',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(TOKEN_TTL_SECONDS);
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
  });

  it('a token signed by another key fails', async () => {
    const { username } = await confirmedLawyer();
    const { token } = await idp.login(username, PASSWORD);
    const impostor = new LocalIdentityProvider(await loadSigningKeys(), ISSUER);
    await expect(impostor.verify(token)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    // A hand-made token with the same claims and another key fails too.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'ES256', kid: 'local' }).sign(privateKey);
    await expect(idp.verify(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('a token of another issuer fails', async () => {
    const keys = await loadSigningKeys();
    const mine = new LocalIdentityProvider(keys, ISSUER);
    const other = new LocalIdentityProvider(keys, 'https://idp.elsewhere.test');
    const token = await other.issueToken({ username: 'x', groups: ['admin'], attributes: { userId: 'us_x' } });
    await expect(mine.verify(token)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
    await expect(other.verify(token)).resolves.toMatchObject({ 'cognito:groups': ['admin'] });
  });

  it('an expired token fails', async () => {
    const token = await idp.issueToken({ username: 'x', groups: ['lawyer'], attributes: { userId: 'us_x' } }, -10);
    await expect(idp.verify(token)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('a tampered token fails', async () => {
    const token = await idp.issueToken({ username: 'x', groups: ['lawyer'], attributes: { userId: 'us_x' } });
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(token), 'cognito:groups': ['admin'] })).toString('base64url');
    await expect(idp.verify(`${header}.${payload}.${signature}`)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('an unsigned token fails', async () => {
    const token = await idp.issueToken({ username: 'x', groups: ['lawyer'], attributes: { userId: 'us_x' } });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${token.split('.')[1]}.`;
    await expect(idp.verify(none)).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_/) });
  });
});

describe('admin-created users', () => {
  it('are confirmed at once, in their group, and unique', async () => {
    const username = uniqueName('clerk');
    await idp.adminCreateUser({ username, password: 'Staff-Pass-1', group: 'staff', attributes: { userId: 'us_c', centerIds: 'minhang-kss' } });
    const claims = await idp.verify((await idp.login(username, 'Staff-Pass-1')).token);
    expect(claims).toMatchObject({ 'cognito:groups': ['staff'], 'custom:centerIds': 'minhang-kss' });
    expect((await appErrorOf(idp.adminCreateUser({ username, password: 'Staff-Pass-1', group: 'staff', attributes: {} }))).code).toBe('ALREADY_EXISTS');
    await idp.deleteUser(username);
    expect(await idp.exists(username)).toBe(false);
  });
});

describe('an unknown username costs what a known one does (B11)', () => {
  /** The scrypt derivations one login runs, as [salt bytes, key length] each. */
  async function derivationsOf(attempt: () => Promise<unknown>): Promise<[number, number][]> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const crypto = require('node:crypto') as typeof import('node:crypto');
    const async = jest.spyOn(crypto, 'scrypt');
    const sync = jest.spyOn(crypto, 'scryptSync');
    try {
      await attempt().catch(() => undefined);
      return [...async.mock.calls, ...sync.mock.calls].map((c) => [Buffer.from(c[1] as Buffer).length, c[2]]);
    } finally {
      async.mockRestore();
      sync.mockRestore();
    }
  }

  it('hashes a dummy password with the same parameters when the username does not exist', async () => {
    const { username, code } = await signUp();
    await idp.confirmSignUp(username, code);
    const known = await derivationsOf(() => idp.login(username, 'Wrong-Pass-9'));
    const unknown = await derivationsOf(() => idp.login(uniqueName('ghost'), 'Wrong-Pass-9'));
    expect(known).toEqual([[16, 32]]);
    expect(unknown).toEqual(known);
    // The refusals themselves are the same too.
    const [a, b] = [await appErrorOf(idp.login(username, 'Wrong-Pass-9')), await appErrorOf(idp.login(uniqueName('ghost'), 'Wrong-Pass-9'))];
    expect([a.code, a.message]).toEqual([b.code, b.message]);
  });
});

describe('resend, password reset, disable', () => {
  const reset = async (phone: string) => /(\d{6})/.exec((await readOutbox(phone)).filter((m) => m.kind === 'password-reset-code').pop()?.body ?? '')?.[1] as string;

  it('resends a new sign-up code to the phone; a confirmed or unknown user cannot get one', async () => {
    const { username, phone, code } = await signUp();
    await idp.resendConfirmationCode(username);
    const codes = (await readOutbox(phone)).filter((m) => m.kind === 'registration-code');
    expect(codes).toHaveLength(2);
    const latest = /(\d{6})/.exec(codes[1].body)?.[1] as string;
    if (latest !== code) expect((await appErrorOf(idp.confirmSignUp(username, code))).code).toBe('VALIDATION_FAILED');
    await idp.confirmSignUp(username, latest);
    expect((await appErrorOf(idp.resendConfirmationCode(username))).code).toBe('INVALID_STATE');
    expect((await appErrorOf(idp.resendConfirmationCode(uniqueName('ghost')))).code).toBe('NOT_FOUND');
  });

  it('texts a reset code that sets a new password once; a wrong or spent code is refused', async () => {
    const { username, phone, code } = await signUp();
    await idp.confirmSignUp(username, code);
    await idp.forgotPassword(username);
    const resetCode = await reset(phone);
    expect((await readOutbox(phone)).pop()).toMatchObject({ kind: 'password-reset-code', to: `+86${phone}` });
    expect((await appErrorOf(idp.confirmForgotPassword(username, otherCode(resetCode), 'New-Pass-word-2'))).code).toBe('VALIDATION_FAILED');
    expect((await appErrorOf(idp.confirmForgotPassword(username, resetCode, 'weak'))).code).toBe('VALIDATION_FAILED');
    await idp.confirmForgotPassword(username, resetCode, 'New-Pass-word-2');
    await expect(idp.login(username, 'New-Pass-word-2')).resolves.toMatchObject({ token: expect.any(String) });
    expect((await appErrorOf(idp.login(username, PASSWORD))).code).toBe('UNAUTHENTICATED');
    expect((await appErrorOf(idp.confirmForgotPassword(username, resetCode, 'Other-Pass-3'))).code).toBe('VALIDATION_FAILED');
  });

  it('sends no reset code to an unconfirmed, unknown or phone-less user', async () => {
    const { username } = await signUp();
    expect((await appErrorOf(idp.forgotPassword(username))).code).toBe('INVALID_STATE');
    expect((await appErrorOf(idp.forgotPassword(uniqueName('ghost')))).code).toBe('NOT_FOUND');
    const clerk = uniqueName('clerk');
    await idp.adminCreateUser({ username: clerk, password: 'Staff-Pass-1', group: 'staff', attributes: { userId: 'us_p' } });
    expect((await appErrorOf(idp.forgotPassword(clerk))).code).toBe('INVALID_STATE');
  });

  it('a disabled user cannot log in and its tokens no longer verify; enabled, both work again', async () => {
    const { username, code } = await signUp();
    await idp.confirmSignUp(username, code);
    const { token } = await idp.login(username, PASSWORD);
    await idp.disableUser(username);
    const refused = await appErrorOf(idp.login(username, PASSWORD));
    expect([refused.code, refused.message]).toEqual(['UNAUTHENTICATED', '账号已停用，请联系管理员']);
    await expect(idp.verify(token)).rejects.toThrow('disabled');
    await idp.enableUser(username);
    await expect(idp.verify(token)).resolves.toMatchObject({ 'cognito:username': username });
    await expect(idp.login(username, PASSWORD)).resolves.toMatchObject({ token: expect.any(String) });
    expect((await appErrorOf(idp.disableUser(uniqueName('ghost')))).code).toBe('NOT_FOUND');
  });

  it('refuses an admin-created user in a group the pool does not have, and creates nothing', async () => {
    const username = uniqueName('clerk');
    expect((await appErrorOf(idp.adminCreateUser({ username, password: 'Staff-Pass-1', group: 'boss', attributes: {} }))).code).toBe('VALIDATION_FAILED');
    expect(await idp.exists(username)).toBe(false);
  });
});
