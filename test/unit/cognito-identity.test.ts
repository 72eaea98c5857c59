// shared/adapters/cognito-identity.ts against a mocked Cognito client: which commands it sends and
// how Cognito's exceptions become the contract's errors. The same adapter also runs against the
// cognito-local emulator (test/cognito/); these mocks keep the paths where the emulator is not
// faithful to Cognito, so there the real service's documented behaviour is what is asserted:
// - the password policy: the emulator accepts any password (InvalidPasswordException on SignUp,
//   AdminSetUserPassword and ConfirmForgotPassword never happens there);
// - usernames: the emulator is case-sensitive (the pool says signInCaseSensitive: false);
// - the client's read/write attributes: the emulator lets a client write any attribute;
// - wrong password at InitiateAuth: the emulator throws InvalidPasswordException, Cognito
//   NotAuthorizedException; a disabled user: the emulator logs them in, Cognito refuses
//   (NotAuthorizedException "User is disabled."); Cognito's sign-in lockout ("Password attempts
//   exceeded") does not exist there;
// - ConfirmSignUp of an unknown user: the emulator answers NotAuthorizedException (Cognito
//   UserNotFoundException), and of a confirmed user it answers ExpiredCodeException (Cognito
//   NotAuthorizedException "Current status is CONFIRMED");
// - ResendConfirmationCode is not implemented by the emulator at all;
// - ForgotPassword: the emulator only e-mails (Cognito texts the verified phone, account recovery
//   PHONE_ONLY_WITHOUT_MFA) and answers an unknown user with UserNotFoundException where the
//   pool's PreventUserExistenceErrors makes Cognito pretend success; ConfirmForgotPassword of an
//   unknown user likewise (Cognito: CodeMismatchException); no reset code expiry, no
//   LimitExceeded / TooManyFailedAttempts quotas;
// - ID token lifetime: the emulator reads IdTokenValidity in the client's units like Cognito, but
//   ExpiresIn is absent, so the access-token/ID-token confusion only shows with mocks.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  InvalidPasswordException,
  LimitExceededException,
  NotAuthorizedException,
  ResendConfirmationCodeCommand,
  ResourceNotFoundException,
  SignUpCommand,
  TooManyFailedAttemptsException,
  UserNotConfirmedException,
  UserNotFoundException,
  UsernameExistsException,
  type UserStatusType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityProvider } from '../../shared/adapters/cognito-identity';
import { AppError } from '../../shared/errors';

const cognito = mockClient(CognitoIdentityProviderClient);
let idp: CognitoIdentityProvider;
beforeEach(() => {
  cognito.reset();
  idp = new CognitoIdentityProvider();
});

const meta = { $metadata: {} };
const signUpInput = { username: 'zhao', password: 'Lawyer-Pass-1', phone: '+8613812345678' };

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('signUp', () => {
  it('signs up with the phone and e-mail only: no trusted claim comes from sign-up', async () => {
    cognito.on(SignUpCommand).resolves({ UserConfirmed: false, UserSub: 'sub', ...meta });
    await idp.signUp({ ...signUpInput, email: 'zhao@example.com' });
    expect(cognito).toHaveReceivedCommandTimes(SignUpCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(SignUpCommand, {
      ClientId: 'unit-client',
      Username: 'zhao',
      Password: 'Lawyer-Pass-1',
      UserAttributes: [
        { Name: 'phone_number', Value: '+8613812345678' },
        { Name: 'email', Value: 'zhao@example.com' },
      ],
    });
    const attributes = cognito.commandCalls(SignUpCommand)[0].args[0].input.UserAttributes ?? [];
    expect(attributes.filter((a) => a.Name?.startsWith('custom:'))).toEqual([]);
  });

  it('without an e-mail sends the phone only', async () => {
    cognito.on(SignUpCommand).resolves({ UserConfirmed: false, UserSub: 'sub', ...meta });
    await idp.signUp(signUpInput);
    expect(cognito.commandCalls(SignUpCommand)[0].args[0].input.UserAttributes).toEqual([{ Name: 'phone_number', Value: '+8613812345678' }]);
  });

  it('replaces an abandoned UNCONFIRMED user of the same name: AdminDelete, then a second SignUp', async () => {
    cognito
      .on(SignUpCommand)
      .rejectsOnce(new UsernameExistsException({ message: 'User already exists', ...meta }))
      .resolves({ UserConfirmed: false, UserSub: 'sub', ...meta });
    cognito.on(AdminGetUserCommand).resolves({ Username: 'zhao', UserStatus: 'UNCONFIRMED', ...meta });
    cognito.on(AdminDeleteUserCommand).resolves(meta);
    await idp.signUp(signUpInput);
    expect(cognito).toHaveReceivedCommandTimes(SignUpCommand, 2);
    expect(cognito).toHaveReceivedCommandTimes(AdminGetUserCommand, 1);
    expect(cognito).toHaveReceivedCommandTimes(AdminDeleteUserCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { UserPoolId: 'cn-north-1_unitpool', Username: 'zhao' });
    // The delete happens between the two sign-ups.
    const order = cognito.calls().map((c) => c.args[0].constructor.name);
    expect(order).toEqual(['SignUpCommand', 'AdminGetUserCommand', 'AdminDeleteUserCommand', 'SignUpCommand']);
  });

  it.each(['CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'EXTERNAL_PROVIDER'] as UserStatusType[])(
    'UsernameExists with a %s user → ALREADY_EXISTS, nothing deleted',
    async (status) => {
      cognito.on(SignUpCommand).rejects(new UsernameExistsException({ message: 'User already exists', ...meta }));
      cognito.on(AdminGetUserCommand).resolves({ Username: 'zhao', UserStatus: status, ...meta });
      const e = await appErrorOf(idp.signUp(signUpInput));
      expect(e.code).toBe('ALREADY_EXISTS');
      expect(e.status).toBe(409);
      expect(cognito).toHaveReceivedCommandTimes(SignUpCommand, 1);
      expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
    },
  );

  it('retries only once: a second UsernameExists after the delete propagates', async () => {
    cognito.on(SignUpCommand).rejects(new UsernameExistsException({ message: 'User already exists', ...meta }));
    cognito.on(AdminGetUserCommand).resolves({ Username: 'zhao', UserStatus: 'UNCONFIRMED', ...meta });
    cognito.on(AdminDeleteUserCommand).resolves(meta);
    await expect(idp.signUp(signUpInput)).rejects.toBeInstanceOf(UsernameExistsException);
    expect(cognito).toHaveReceivedCommandTimes(SignUpCommand, 2);
  });

  it('InvalidPasswordException → VALIDATION_FAILED', async () => {
    cognito.on(SignUpCommand).rejects(new InvalidPasswordException({ message: 'Password did not conform', ...meta }));
    expect((await appErrorOf(idp.signUp(signUpInput))).code).toBe('VALIDATION_FAILED');
  });

  it('an unexpected Cognito error propagates as is', async () => {
    const error = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    cognito.on(SignUpCommand).rejects(error);
    await expect(idp.signUp(signUpInput)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });
});

describe('confirmSignUp', () => {
  it('confirms with the code', async () => {
    cognito.on(ConfirmSignUpCommand).resolves(meta);
    await idp.confirmSignUp('zhao', '123456');
    expect(cognito).toHaveReceivedCommandWith(ConfirmSignUpCommand, { ClientId: 'unit-client', Username: 'zhao', ConfirmationCode: '123456' });
  });

  it.each([
    ['CodeMismatchException', () => new CodeMismatchException({ message: 'Invalid code', ...meta }), 'VALIDATION_FAILED', 400],
    ['ExpiredCodeException', () => new ExpiredCodeException({ message: 'Expired', ...meta }), 'VALIDATION_FAILED', 400],
    ['UserNotFoundException', () => new UserNotFoundException({ message: 'No user', ...meta }), 'NOT_FOUND', 404],
    ['NotAuthorizedException', () => new NotAuthorizedException({ message: 'Current status is CONFIRMED', ...meta }), 'INVALID_STATE', 409],
  ] as const)('%s → %s', async (_name, make, code, status) => {
    cognito.on(ConfirmSignUpCommand).rejects(make());
    const e = await appErrorOf(idp.confirmSignUp('zhao', '123456'));
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
  });
});

describe('setAttributes', () => {
  it('sets the trusted claims as an administrator, with the custom: prefix', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves(meta);
    await idp.setAttributes('zhao', { userId: 'lw_1', licenseNo: '13101202011000001' });
    expect(cognito).toHaveReceivedCommandTimes(AdminUpdateUserAttributesCommand, 1);
    expect(cognito).toHaveReceivedCommandWith(AdminUpdateUserAttributesCommand, {
      UserPoolId: 'cn-north-1_unitpool',
      Username: 'zhao',
      UserAttributes: [
        { Name: 'custom:userId', Value: 'lw_1' },
        { Name: 'custom:licenseNo', Value: '13101202011000001' },
      ],
    });
  });
});

/** A token-shaped string whose payload carries iat and exp (the adapter reads, never verifies, it). */
const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('login', () => {
  it("returns the ID token and the ID token's lifetime, not the access token's", async () => {
    const idToken = jwt({ iat: 1_800_000_000, exp: 1_800_000_900, token_use: 'id' });
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: idToken, AccessToken: 'access', ExpiresIn: 3600 }, ...meta });
    await expect(idp.login('zhao', 'Lawyer-Pass-1')).resolves.toEqual({ token: idToken, expiresIn: 900 });
    expect(cognito).toHaveReceivedCommandWith(InitiateAuthCommand, {
      ClientId: 'unit-client',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'zhao', PASSWORD: 'Lawyer-Pass-1' },
    });
  });

  it.each([
    ['NotAuthorizedException', () => new NotAuthorizedException({ message: 'Incorrect username or password.', ...meta }), '用户名或密码错误'],
    ['UserNotFoundException', () => new UserNotFoundException({ message: 'User does not exist.', ...meta }), '用户名或密码错误'],
    ['UserNotConfirmedException', () => new UserNotConfirmedException({ message: 'User is not confirmed.', ...meta }), '账号尚未通过短信验证码确认'],
  ] as const)('%s → UNAUTHENTICATED', async (_name, make, message) => {
    cognito.on(InitiateAuthCommand).rejects(make());
    const e = await appErrorOf(idp.login('zhao', 'x'));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.status).toBe(401);
    expect(e.message).toBe(message);
  });

  it('an ID token without iat/exp falls back to ExpiresIn', async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: 'id.token.jwt', AccessToken: 'access', ExpiresIn: 1800 }, ...meta });
    await expect(idp.login('zhao', 'Lawyer-Pass-1')).resolves.toEqual({ token: 'id.token.jwt', expiresIn: 1800 });
  });

  it('a disabled user is UNAUTHENTICATED and told so', async () => {
    cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: 'User is disabled.', ...meta }));
    const e = await appErrorOf(idp.login('zhao', 'Lawyer-Pass-1'));
    expect([e.code, e.status, e.message]).toEqual(['UNAUTHENTICATED', 401, '账号已停用，请联系管理员']);
  });

  it("Cognito's own sign-in lockout is RATE_LIMITED with a Retry-After", async () => {
    cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: 'Password attempts exceeded', ...meta }));
    const e = await appErrorOf(idp.login('zhao', 'x'));
    expect([e.code, e.status]).toEqual(['RATE_LIMITED', 429]);
    expect(Number(e.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('a challenge instead of tokens is UNAUTHENTICATED', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SMS_MFA', Session: 's', ...meta });
    expect((await appErrorOf(idp.login('zhao', 'x'))).code).toBe('UNAUTHENTICATED');
  });
});

describe('adminCreateUser / deleteUser', () => {
  const input = { username: 'clerk', password: 'Staff-Pass-1', group: 'staff', attributes: { userId: 'us_1', centerIds: 'minhang-kss' } };

  it('checks the group, creates the user suppressed, sets a permanent password and adds the group', async () => {
    cognito.on(GetGroupCommand).resolves({ Group: { GroupName: 'staff' }, ...meta });
    cognito.on(AdminCreateUserCommand).resolves(meta);
    cognito.on(AdminSetUserPasswordCommand).resolves(meta);
    cognito.on(AdminAddUserToGroupCommand).resolves(meta);
    await idp.adminCreateUser(input);
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'custom:userId', Value: 'us_1' },
        { Name: 'custom:centerIds', Value: 'minhang-kss' },
      ],
    });
    expect(cognito).toHaveReceivedCommandWith(AdminSetUserPasswordCommand, { Username: 'clerk', Password: 'Staff-Pass-1', Permanent: true });
    expect(cognito).toHaveReceivedCommandWith(AdminAddUserToGroupCommand, { Username: 'clerk', GroupName: 'staff', UserPoolId: 'cn-north-1_unitpool' });
    const order = cognito.calls().map((c) => c.args[0].constructor.name);
    expect(order).toEqual(['GetGroupCommand', 'AdminCreateUserCommand', 'AdminSetUserPasswordCommand', 'AdminAddUserToGroupCommand']);
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('gives the account its phone, verified (the admin vouches for it), so a reset code can reach it', async () => {
    await idp.adminCreateUser({ ...input, phone: '+8613812345678' });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0].args[0].input.UserAttributes).toEqual([
      { Name: 'custom:userId', Value: 'us_1' },
      { Name: 'custom:centerIds', Value: 'minhang-kss' },
      { Name: 'phone_number', Value: '+8613812345678' },
      { Name: 'phone_number_verified', Value: 'true' },
    ]);
  });

  it('refuses a group the pool does not have before anything is written', async () => {
    cognito.on(GetGroupCommand).rejects(new ResourceNotFoundException({ message: 'Group not found.', ...meta }));
    const e = await appErrorOf(idp.adminCreateUser({ ...input, group: 'boss' }));
    expect([e.code, e.status]).toEqual(['VALIDATION_FAILED', 400]);
    expect(cognito.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetGroupCommand']);
  });

  it.each([
    [
      'AdminSetUserPassword refuses the password',
      AdminSetUserPasswordCommand,
      () => new InvalidPasswordException({ message: 'Password does not conform to policy', ...meta }),
      'VALIDATION_FAILED',
    ],
    ['AdminSetUserPassword refuses a parameter', AdminSetUserPasswordCommand, () => new InvalidParameterException({ message: 'bad', ...meta }), 'VALIDATION_FAILED'],
    [
      'the group vanished before AdminAddUserToGroup',
      AdminAddUserToGroupCommand,
      () => new ResourceNotFoundException({ message: 'Group not found.', ...meta }),
      'VALIDATION_FAILED',
    ],
  ] as const)('deletes the user it created when %s, so a retry works', async (_label, command, make, code) => {
    cognito.on(command as typeof AdminSetUserPasswordCommand).rejects(make());
    const e = await appErrorOf(idp.adminCreateUser(input));
    expect(e.code).toBe(code);
    expect(cognito).toHaveReceivedCommandWith(AdminDeleteUserCommand, { UserPoolId: 'cn-north-1_unitpool', Username: 'clerk' });
  });

  it('an unexpected failure after the create deletes the user and propagates as is', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalErrorException' }));
    await expect(idp.adminCreateUser(input)).rejects.toMatchObject({ name: 'InternalErrorException' });
    expect(cognito).toHaveReceivedCommandTimes(AdminDeleteUserCommand, 1);
  });

  it('an attribute Cognito refuses at AdminCreateUser is a 400 and deletes nothing (nothing was created)', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new InvalidParameterException({ message: 'Invalid phone number format.', ...meta }));
    expect((await appErrorOf(idp.adminCreateUser({ ...input, phone: '+86123' }))).code).toBe('VALIDATION_FAILED');
    expect(cognito).not.toHaveReceivedCommand(AdminDeleteUserCommand);
  });

  it('UsernameExists → ALREADY_EXISTS without setting a password', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', ...meta }));
    expect((await appErrorOf(idp.adminCreateUser(input))).code).toBe('ALREADY_EXISTS');
    expect(cognito).not.toHaveReceivedCommand(AdminSetUserPasswordCommand);
  });

  it('deleting a user that is already gone is fine; other failures are not', async () => {
    cognito
      .on(AdminDeleteUserCommand)
      .rejectsOnce(new UserNotFoundException({ message: 'gone', ...meta }))
      .rejects(Object.assign(new Error('x'), { name: 'InternalErrorException' }));
    await expect(idp.deleteUser('zhao')).resolves.toBeUndefined();
    await expect(idp.deleteUser('zhao')).rejects.toMatchObject({ name: 'InternalErrorException' });
  });
});

describe('resendConfirmationCode', () => {
  it('asks Cognito to text a new code, with the public client id', async () => {
    cognito.on(ResendConfirmationCodeCommand).resolves({ CodeDeliveryDetails: { DeliveryMedium: 'SMS' }, ...meta });
    await idp.resendConfirmationCode('zhao');
    expect(cognito).toHaveReceivedCommandWith(ResendConfirmationCodeCommand, { ClientId: 'unit-client', Username: 'zhao' });
  });

  it.each([
    ['UserNotFoundException', () => new UserNotFoundException({ message: 'x', ...meta }), 'NOT_FOUND'],
    ['InvalidParameterException (already confirmed)', () => new InvalidParameterException({ message: 'User is already confirmed.', ...meta }), 'INVALID_STATE'],
    ['LimitExceededException', () => new LimitExceededException({ message: 'Attempt limit exceeded', ...meta }), 'RATE_LIMITED'],
  ] as const)('%s → %s', async (_name, make, code) => {
    cognito.on(ResendConfirmationCodeCommand).rejects(make());
    expect((await appErrorOf(idp.resendConfirmationCode('zhao'))).code).toBe(code);
  });
});

describe('forgotPassword / confirmForgotPassword', () => {
  it('asks for a reset code and sets the new password with it', async () => {
    cognito.on(ForgotPasswordCommand).resolves({ CodeDeliveryDetails: { DeliveryMedium: 'SMS' }, ...meta });
    cognito.on(ConfirmForgotPasswordCommand).resolves(meta);
    await idp.forgotPassword('zhao');
    await idp.confirmForgotPassword('zhao', '123456', 'New-Pass-123');
    expect(cognito).toHaveReceivedCommandWith(ForgotPasswordCommand, { ClientId: 'unit-client', Username: 'zhao' });
    expect(cognito).toHaveReceivedCommandWith(ConfirmForgotPasswordCommand, { ClientId: 'unit-client', Username: 'zhao', ConfirmationCode: '123456', Password: 'New-Pass-123' });
  });

  it.each([
    ['UserNotFoundException', () => new UserNotFoundException({ message: 'x', ...meta }), 'NOT_FOUND'],
    ['InvalidParameterException (no verified phone)', () => new InvalidParameterException({ message: 'no registered/verified email or phone_number', ...meta }), 'INVALID_STATE'],
    ['NotAuthorizedException (disabled)', () => new NotAuthorizedException({ message: 'User is disabled.', ...meta }), 'INVALID_STATE'],
    ['LimitExceededException', () => new LimitExceededException({ message: 'Attempt limit exceeded', ...meta }), 'RATE_LIMITED'],
  ] as const)('forgotPassword: %s → %s', async (_name, make, code) => {
    cognito.on(ForgotPasswordCommand).rejects(make());
    expect((await appErrorOf(idp.forgotPassword('zhao'))).code).toBe(code);
  });

  it.each([
    ['CodeMismatchException', () => new CodeMismatchException({ message: 'x', ...meta })],
    ['ExpiredCodeException', () => new ExpiredCodeException({ message: 'x', ...meta })],
    ['TooManyFailedAttemptsException', () => new TooManyFailedAttemptsException({ message: 'x', ...meta })],
    ['UserNotFoundException', () => new UserNotFoundException({ message: 'x', ...meta })],
  ] as const)('confirmForgotPassword: %s → the one VALIDATION_FAILED answer of a refused code', async (_name, make) => {
    cognito.on(ConfirmForgotPasswordCommand).rejects(make());
    const e = await appErrorOf(idp.confirmForgotPassword('zhao', '123456', 'New-Pass-123'));
    expect([e.code, e.status, e.message]).toEqual(['VALIDATION_FAILED', 400, '验证码错误或已失效，请重新获取']);
  });

  it('confirmForgotPassword: InvalidPasswordException → VALIDATION_FAILED about the password', async () => {
    cognito.on(ConfirmForgotPasswordCommand).rejects(new InvalidPasswordException({ message: 'Password does not conform', ...meta }));
    const e = await appErrorOf(idp.confirmForgotPassword('zhao', '123456', 'weak'));
    expect([e.code, e.message]).toEqual(['VALIDATION_FAILED', '密码不符合安全要求']);
  });
});

describe('disableUser / enableUser', () => {
  it('sends AdminDisableUser and AdminEnableUser to the pool', async () => {
    await idp.disableUser('zhao');
    await idp.enableUser('zhao');
    expect(cognito).toHaveReceivedCommandWith(AdminDisableUserCommand, { UserPoolId: 'cn-north-1_unitpool', Username: 'zhao' });
    expect(cognito).toHaveReceivedCommandWith(AdminEnableUserCommand, { UserPoolId: 'cn-north-1_unitpool', Username: 'zhao' });
  });

  it('an unknown user is NOT_FOUND', async () => {
    cognito.on(AdminDisableUserCommand).rejects(new UserNotFoundException({ message: 'x', ...meta }));
    cognito.on(AdminEnableUserCommand).rejects(new UserNotFoundException({ message: 'x', ...meta }));
    expect((await appErrorOf(idp.disableUser('zhao'))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(idp.enableUser('zhao'))).code).toBe('NOT_FOUND');
  });
});

describe('configuration', () => {
  it('refuses to run without the user pool client id', async () => {
    const saved = process.env.USER_POOL_CLIENT_ID;
    delete process.env.USER_POOL_CLIENT_ID;
    try {
      await expect(idp.login('zhao', 'x')).rejects.toThrow('USER_POOL_CLIENT_ID is not set');
      expect(cognito.calls()).toHaveLength(0);
    } finally {
      process.env.USER_POOL_CLIENT_ID = saved;
    }
  });
});
