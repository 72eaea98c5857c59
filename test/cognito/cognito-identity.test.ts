// The cloud identity path — the real CognitoIdentityProvider (shared/adapters/cognito-identity.ts)
// — against cognito-local with the platform stack's own pool, client and groups: sign-up, confirm,
// groups, trusted attributes, login and the claims shared/principal.ts reads from the ID token
// (verified against the emulator's JWKS like the HTTP API JWT authorizer), admin creation, the new
// calls the emulator implements, and every error mapping it reproduces as Cognito does. Where the
// emulator is not faithful, the path stays on aws-sdk-client-mock: see the list at the top of
// test/unit/cognito-identity.test.ts.
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { CognitoIdentityProvider } from '../../shared/adapters/cognito-identity';
import { AppError } from '../../shared/errors';
import { principalFromClaims } from '../../shared/principal';
import { ROLES } from '../../shared/routes';
import { EMULATOR_CODE } from './emulator';

const idp = new CognitoIdentityProvider();
const admin = new CognitoIdentityProviderClient({});
afterAll(() => admin.destroy());

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
const PASSWORD = 'Lawyer-Pass-1';
/** Never the emulator's fixed code. */
const WRONG_CODE = String((Number(EMULATOR_CODE) + 1) % 1_000_000).padStart(6, '0');

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const cognitoUser = (username: string) => admin.send(new AdminGetUserCommand({ UserPoolId: process.env.USER_POOL_ID, Username: username }));
const attributeOf = async (username: string, name: string) => (await cognitoUser(username)).UserAttributes?.find((a) => a.Name === name)?.Value;

/** What the HTTP API JWT authorizer does with the token: signature (the pool's JWKS), issuer, audience, expiry. */
async function verifiedClaims(token: string) {
  const issuer = process.env.LMB_COGNITO_ISSUER!;
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)), { issuer, audience: process.env.USER_POOL_CLIENT_ID });
  return payload;
}

/** A lawyer through the whole registration, as functions/register.ts and confirm-registration.ts drive it. */
async function registeredLawyer(over: { email?: string } = {}) {
  const username = uniqueName('lw');
  await idp.signUp({ username, password: PASSWORD, phone: '+8613812345678', ...over });
  await idp.confirmSignUp(username, EMULATOR_CODE);
  await idp.setAttributes(username, { userId: `lw_${username}`, licenseNo: '13101202011000001' });
  await idp.addToGroup(username, 'lawyer');
  return username;
}

describe("the pool the emulator runs is the platform stack's", () => {
  it('has one group per role', () => {
    expect(process.env.LMB_COGNITO_GROUPS!.split(',').sort()).toEqual([...ROLES].sort());
  });
});

describe('registration: sign-up → confirm → attributes → group → login', () => {
  it('issues an ID token whose verified claims give the principal the API trusts', async () => {
    const username = await registeredLawyer();
    const { token, expiresIn } = await idp.login(username, PASSWORD);
    const claims = await verifiedClaims(token);
    expect(claims).toMatchObject({
      token_use: 'id',
      'cognito:username': username,
      'cognito:groups': ['lawyer'],
      'custom:userId': `lw_${username}`,
      'custom:licenseNo': '13101202011000001',
    });
    expect(principalFromClaims(claims as Record<string, string | string[]>)).toEqual({
      userId: `lw_${username}`,
      username,
      role: 'lawyer',
      centerIds: [],
      district: undefined,
      licenseNo: '13101202011000001',
    });
    // expiresIn is the ID token's own lifetime (the pool client's IdTokenValidity: one hour).
    expect(expiresIn).toBe((claims.exp as number) - (claims.iat as number));
    expect(expiresIn).toBe(3600);
  });

  it('signs up with phone (and e-mail) only: no custom attribute before the server sets it', async () => {
    const username = uniqueName('lw');
    await idp.signUp({ username, password: PASSWORD, phone: '+8613812345678', email: 'zhao@example.com' });
    const user = await cognitoUser(username);
    expect(user.UserStatus).toBe('UNCONFIRMED');
    expect((user.UserAttributes ?? []).filter((a) => a.Name?.startsWith('custom:'))).toEqual([]);
    expect(await attributeOf(username, 'phone_number')).toBe('+8613812345678');
  });

  it('replaces an abandoned unconfirmed user of the same name; a confirmed one is ALREADY_EXISTS', async () => {
    const username = uniqueName('lw');
    await idp.signUp({ username, password: PASSWORD, phone: '+8613812345678' });
    await idp.signUp({ username, password: PASSWORD, phone: '+8613900000000' });
    expect(await attributeOf(username, 'phone_number')).toBe('+8613900000000');
    await idp.confirmSignUp(username, EMULATOR_CODE);
    const again = await appErrorOf(idp.signUp({ username, password: PASSWORD, phone: '+8613812345678' }));
    expect([again.code, again.status]).toEqual(['ALREADY_EXISTS', 409]);
  });

  it('a wrong confirmation code is VALIDATION_FAILED and leaves the user unconfirmed', async () => {
    const username = uniqueName('lw');
    await idp.signUp({ username, password: PASSWORD, phone: '+8613812345678' });
    const e = await appErrorOf(idp.confirmSignUp(username, WRONG_CODE));
    expect([e.code, e.status]).toEqual(['VALIDATION_FAILED', 400]);
    expect((await cognitoUser(username)).UserStatus).toBe('UNCONFIRMED');
  });

  it('refuses an unconfirmed user and an unknown user with UNAUTHENTICATED', async () => {
    const username = uniqueName('lw');
    await idp.signUp({ username, password: PASSWORD, phone: '+8613812345678' });
    const unconfirmed = await appErrorOf(idp.login(username, PASSWORD));
    expect([unconfirmed.code, unconfirmed.message]).toEqual(['UNAUTHENTICATED', '账号尚未通过短信验证码确认']);
    const unknown = await appErrorOf(idp.login(uniqueName('nobody'), PASSWORD));
    expect([unknown.code, unknown.message]).toEqual(['UNAUTHENTICATED', '用户名或密码错误']);
  });

  it('deleteUser removes the user, and deleting it again is fine', async () => {
    const username = uniqueName('lw');
    await idp.signUp({ username, password: PASSWORD, phone: '+8613812345678' });
    await idp.deleteUser(username);
    await expect(cognitoUser(username)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(idp.deleteUser(username)).resolves.toBeUndefined();
  });
});

describe('adminCreateUser', () => {
  it('creates a staff account that logs in with its group, scope and phone', async () => {
    const username = uniqueName('clerk');
    await idp.adminCreateUser({
      username,
      password: 'Staff-Pass-123',
      group: 'staff',
      attributes: { userId: 'us_1', centerIds: 'minhang-kss,changning-kss' },
      phone: '+8613812340000',
    });
    expect((await cognitoUser(username)).UserStatus).toBe('CONFIRMED');
    expect(await attributeOf(username, 'phone_number')).toBe('+8613812340000');
    expect(await attributeOf(username, 'phone_number_verified')).toBe('true');
    const claims = await verifiedClaims((await idp.login(username, 'Staff-Pass-123')).token);
    expect(principalFromClaims(claims as Record<string, string | string[]>)).toMatchObject({ userId: 'us_1', role: 'staff', centerIds: ['minhang-kss', 'changning-kss'] });
  });

  it('a taken username is ALREADY_EXISTS', async () => {
    const username = uniqueName('clerk');
    await idp.adminCreateUser({ username, password: 'Staff-Pass-123', group: 'committee', attributes: { userId: 'us_2', district: 'minhang' } });
    const e = await appErrorOf(idp.adminCreateUser({ username, password: 'Staff-Pass-123', group: 'committee', attributes: { userId: 'us_3', district: 'minhang' } }));
    expect(e.code).toBe('ALREADY_EXISTS');
  });

  it('is all or nothing: a group the pool lacks leaves no user behind, so the retry with a valid group succeeds', async () => {
    const username = uniqueName('clerk');
    const input = { username, password: 'Staff-Pass-123', attributes: { userId: 'us_4', centerIds: 'minhang-kss' } };
    const refused = await appErrorOf(idp.adminCreateUser({ ...input, group: 'no-such-group' }));
    expect([refused.code, refused.status]).toEqual(['VALIDATION_FAILED', 400]);
    await expect(cognitoUser(username)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(idp.adminCreateUser({ ...input, group: 'staff' })).resolves.toBeUndefined();
    expect((await verifiedClaims((await idp.login(username, 'Staff-Pass-123')).token))['cognito:groups']).toEqual(['staff']);
  });
});

describe('the release 2 calls the emulator implements', () => {
  // That the old password no longer logs in is not asserted here: the emulator answers a wrong
  // password with InvalidPasswordException where Cognito says NotAuthorizedException (mocked in unit).
  it('forgot → reset with the code: the new password logs in', async () => {
    // The emulator delivers reset codes only by e-mail (Cognito texts the verified phone).
    const username = await registeredLawyer({ email: 'reset@example.com' });
    await idp.forgotPassword(username);
    const wrong = await appErrorOf(idp.confirmForgotPassword(username, WRONG_CODE, 'New-Lawyer-Pass-2'));
    expect([wrong.code, wrong.status, wrong.message]).toEqual(['VALIDATION_FAILED', 400, '验证码错误或已失效，请重新获取']);
    await idp.confirmForgotPassword(username, EMULATOR_CODE, 'New-Lawyer-Pass-2');
    await expect(idp.login(username, 'New-Lawyer-Pass-2')).resolves.toMatchObject({ token: expect.any(String) });
  });

  it("disable and enable flip the user's Enabled flag; an unknown user is NOT_FOUND", async () => {
    const username = await registeredLawyer();
    await idp.disableUser(username);
    expect((await cognitoUser(username)).Enabled).toBe(false);
    await idp.enableUser(username);
    expect((await cognitoUser(username)).Enabled).toBe(true);
    expect((await appErrorOf(idp.disableUser(uniqueName('nobody')))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(idp.enableUser(uniqueName('nobody')))).code).toBe('NOT_FOUND');
  });

  it('forgot for an unknown user is NOT_FOUND (the use case answers 200 regardless)', async () => {
    expect((await appErrorOf(idp.forgotPassword(uniqueName('nobody')))).code).toBe('NOT_FOUND');
  });
});
