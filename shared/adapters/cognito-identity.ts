// Cognito implementation of the identity port. The user pool sends the confirmation and reset SMS
// itself; roles are groups, so the id token carries them in `cognito:groups` for the HTTP API
// authorizer. The platform's own abuse limits (B11) run before these calls, in the platform table;
// Cognito's own (sign-in lockout, code attempt and sending quotas) still apply and are mapped here.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetGroupCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AlreadyExists, InvalidState, NotFound, RateLimited, Unauthenticated, ValidationFailed } from '../errors';
import { RESET_CODE_REFUSED } from '../domain/abuse-limits';
import { tracer } from '../observability';
import type { AdminCreateInput, IdentityProvider, SignUpInput } from '../use-cases/ports/identity';

const customAttributes = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name: `custom:${Name}`, Value }));

const nameOf = (e: unknown): string => (e as Error)?.name ?? '';

/**
 * Cognito's own quotas (LimitExceededException: too many codes or requests for this user) say no
 * time; a minute is the shortest wait after which trying again makes sense.
 */
const COGNITO_LIMIT_RETRY_SECONDS = 60;
const cognitoLimited = () => new RateLimited('请求过于频繁，请稍后再试', COGNITO_LIMIT_RETRY_SECONDS);

/** The lifetime the client's token has: the ID token's exp − iat (the access token's may differ). */
export function idTokenLifetime(idToken: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    return typeof payload.exp === 'number' && typeof payload.iat === 'number' ? payload.exp - payload.iat : undefined;
  } catch {
    return undefined;
  }
}

export class CognitoIdentityProvider implements IdentityProvider {
  private readonly client = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));

  private get userPoolId(): string {
    const id = process.env.USER_POOL_ID;
    if (!id) throw new Error('USER_POOL_ID is not set');
    return id;
  }

  private get clientId(): string {
    const id = process.env.USER_POOL_CLIENT_ID;
    if (!id) throw new Error('USER_POOL_CLIENT_ID is not set');
    return id;
  }

  async signUp(input: SignUpInput): Promise<void> {
    const attributes = [{ Name: 'phone_number', Value: input.phone }];
    if (input.email) attributes.push({ Name: 'email', Value: input.email });
    const signUp = () => this.client.send(new SignUpCommand({ ClientId: this.clientId, Username: input.username, Password: input.password, UserAttributes: attributes }));
    try {
      await signUp();
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'InvalidPasswordException') throw new ValidationFailed('密码不符合安全要求');
      if (name !== 'UsernameExistsException') throw e;
      // The caller already won the username in the platform table, so an unconfirmed Cognito user
      // of that name is an abandoned registration: replace it. A confirmed one is a real conflict.
      const existing = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: input.username }));
      if (existing.UserStatus !== 'UNCONFIRMED') throw new AlreadyExists('用户名已被注册');
      await this.deleteUser(input.username);
      await signUp();
    }
  }

  async confirmSignUp(username: string, code: string): Promise<void> {
    try {
      await this.client.send(new ConfirmSignUpCommand({ ClientId: this.clientId, Username: username, ConfirmationCode: code }));
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'CodeMismatchException' || name === 'ExpiredCodeException') throw new ValidationFailed('验证码错误或已过期');
      if (name === 'UserNotFoundException') throw new NotFound('用户不存在');
      if (name === 'NotAuthorizedException') throw new InvalidState('账号已确认，无需重复确认');
      throw e;
    }
  }

  async addToGroup(username: string, group: string): Promise<void> {
    await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: group }));
  }

  async setAttributes(username: string, attributes: Record<string, string>): Promise<void> {
    await this.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: this.userPoolId, Username: username, UserAttributes: customAttributes(attributes) }));
  }

  async login(username: string, password: string): Promise<{ token: string; expiresIn: number }> {
    try {
      const out = await this.client.send(
        new InitiateAuthCommand({
          ClientId: this.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      const token = out.AuthenticationResult?.IdToken;
      if (!token) throw new Unauthenticated('登录需要额外验证，暂不支持');
      // ExpiresIn is the access token's lifetime; the client holds the ID token.
      return { token, expiresIn: idTokenLifetime(token) ?? out.AuthenticationResult?.ExpiresIn ?? 3600 };
    } catch (e) {
      const name = nameOf(e);
      const message = (e as Error).message ?? '';
      if (name === 'NotAuthorizedException' && /disabled/i.test(message)) throw new Unauthenticated('账号已停用，请联系管理员');
      // Cognito's own sign-in lockout; ours (platform table) normally refuses first.
      if (name === 'NotAuthorizedException' && /attempts exceeded/i.test(message)) throw cognitoLimited();
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') throw new Unauthenticated('用户名或密码错误');
      if (name === 'UserNotConfirmedException') throw new Unauthenticated('账号尚未通过短信验证码确认');
      if (name === 'PasswordResetRequiredException') throw new Unauthenticated('须先重置密码');
      throw e;
    }
  }

  async adminCreateUser(input: AdminCreateInput): Promise<void> {
    // An unknown group is refused before anything is written (otherwise the user would exist without a role).
    try {
      await this.client.send(new GetGroupCommand({ UserPoolId: this.userPoolId, GroupName: input.group }));
    } catch (e) {
      if (nameOf(e) === 'ResourceNotFoundException') throw new ValidationFailed(`用户池中没有角色组 ${input.group}`);
      throw e;
    }
    const attributes = customAttributes(input.attributes);
    // The admin vouches for the phone; Cognito texts reset codes only to a verified one.
    if (input.phone) attributes.push({ Name: 'phone_number', Value: input.phone }, { Name: 'phone_number_verified', Value: 'true' });
    try {
      await this.client.send(new AdminCreateUserCommand({ UserPoolId: this.userPoolId, Username: input.username, MessageAction: 'SUPPRESS', UserAttributes: attributes }));
    } catch (e) {
      if (nameOf(e) === 'UsernameExistsException') throw new AlreadyExists('用户名已被注册');
      throw adminInputError(e);
    }
    // From here on the user exists: any failure deletes it again, so the account is all or nothing.
    try {
      await this.client.send(new AdminSetUserPasswordCommand({ UserPoolId: this.userPoolId, Username: input.username, Password: input.password, Permanent: true }));
      await this.addToGroup(input.username, input.group);
    } catch (e) {
      await this.deleteUser(input.username);
      throw adminInputError(e);
    }
  }

  async deleteUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (e) {
      if ((e as Error).name !== 'UserNotFoundException') throw e;
    }
  }

  async resendConfirmationCode(username: string): Promise<void> {
    try {
      await this.client.send(new ResendConfirmationCodeCommand({ ClientId: this.clientId, Username: username }));
    } catch (e) {
      const name = nameOf(e);
      if (name === 'UserNotFoundException') throw new NotFound('用户不存在');
      // Cognito answers a confirmed user's resend with InvalidParameterException.
      if (name === 'InvalidParameterException') throw new InvalidState('账号已确认，无需验证码');
      if (name === 'LimitExceededException') throw cognitoLimited();
      throw e;
    }
  }

  async forgotPassword(username: string): Promise<void> {
    try {
      await this.client.send(new ForgotPasswordCommand({ ClientId: this.clientId, Username: username }));
    } catch (e) {
      const name = nameOf(e);
      if (name === 'UserNotFoundException') throw new NotFound('用户不存在');
      // No verified phone to send to, or a disabled or unconfirmed user.
      if (name === 'InvalidParameterException' || name === 'NotAuthorizedException') throw new InvalidState('该账号无法通过短信重置密码');
      if (name === 'LimitExceededException') throw cognitoLimited();
      throw e;
    }
  }

  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    try {
      await this.client.send(new ConfirmForgotPasswordCommand({ ClientId: this.clientId, Username: username, ConfirmationCode: code, Password: newPassword }));
    } catch (e) {
      const name = nameOf(e);
      if (name === 'InvalidPasswordException') throw new ValidationFailed('密码不符合安全要求');
      // One answer for a wrong, expired or used-up code and for a user that is not there.
      if (['CodeMismatchException', 'ExpiredCodeException', 'TooManyFailedAttemptsException', 'UserNotFoundException', 'NotAuthorizedException'].includes(name)) {
        throw new ValidationFailed(RESET_CODE_REFUSED);
      }
      if (name === 'LimitExceededException') throw cognitoLimited();
      throw e;
    }
  }

  async disableUser(username: string): Promise<void> {
    await userMustExist(this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username })));
  }

  async enableUser(username: string): Promise<void> {
    await userMustExist(this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username })));
  }
}

async function userMustExist(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (e) {
    if (nameOf(e) === 'UserNotFoundException') throw new NotFound('用户不存在');
    throw e;
  }
}

/** What an admin typed that Cognito refused (password policy, attribute format) is a 400. */
function adminInputError(e: unknown): unknown {
  const name = nameOf(e);
  if (name === 'InvalidPasswordException') return new ValidationFailed('密码不符合用户池的安全要求');
  if (name === 'InvalidParameterException') return new ValidationFailed(`账号信息不符合要求：${(e as Error).message}`);
  if (name === 'ResourceNotFoundException') return new ValidationFailed('用户池中没有该角色组');
  return e;
}
