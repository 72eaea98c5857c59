// shared/adapters/cognito-identity.ts against a mocked Cognito client: which commands it sends and
// how Cognito's exceptions become the contract's errors.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  ExpiredCodeException,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  SignUpCommand,
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

describe('login', () => {
  it('returns the ID token and its lifetime', async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: 'id.token.jwt', AccessToken: 'access', ExpiresIn: 1800 }, ...meta });
    await expect(idp.login('zhao', 'Lawyer-Pass-1')).resolves.toEqual({ token: 'id.token.jwt', expiresIn: 1800 });
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

  it('a challenge instead of tokens is UNAUTHENTICATED', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SMS_MFA', Session: 's', ...meta });
    expect((await appErrorOf(idp.login('zhao', 'x'))).code).toBe('UNAUTHENTICATED');
  });
});

describe('adminCreateUser / deleteUser', () => {
  const input = { username: 'clerk', password: 'Staff-Pass-1', group: 'staff', attributes: { userId: 'us_1', centerIds: 'minhang-kss' } };

  it('creates the user suppressed, sets a permanent password and adds the group', async () => {
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
  });

  it('UsernameExists → ALREADY_EXISTS without setting a password', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', ...meta }));
    expect((await appErrorOf(idp.adminCreateUser(input))).code).toBe('ALREADY_EXISTS');
    expect(cognito).not.toHaveReceivedCommand(AdminSetUserPasswordCommand);
  });

  it('deleting a user that is already gone is fine; other failures are not', async () => {
    cognito.on(AdminDeleteUserCommand).rejectsOnce(new UserNotFoundException({ message: 'gone', ...meta })).rejects(Object.assign(new Error('x'), { name: 'InternalErrorException' }));
    await expect(idp.deleteUser('zhao')).resolves.toBeUndefined();
    await expect(idp.deleteUser('zhao')).rejects.toMatchObject({ name: 'InternalErrorException' });
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
