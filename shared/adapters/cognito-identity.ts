// Cognito implementation of the identity port. The user pool sends the confirmation SMS itself;
// roles are groups, so the id token carries them in `cognito:groups` for the HTTP API authorizer.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AlreadyExists, InvalidState, NotFound, Unauthenticated, ValidationFailed } from '../errors';
import { tracer } from '../observability';
import type { AdminCreateInput, IdentityProvider, SignUpInput } from './identity';

const customAttributes = (attributes: Record<string, string>) =>
  Object.entries(attributes).map(([Name, Value]) => ({ Name: `custom:${Name}`, Value }));

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
    const signUp = () =>
      this.client.send(new SignUpCommand({ ClientId: this.clientId, Username: input.username, Password: input.password, UserAttributes: attributes }));
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
    await this.client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: this.userPoolId, Username: username, UserAttributes: customAttributes(attributes) }),
    );
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
      return { token, expiresIn: out.AuthenticationResult?.ExpiresIn ?? 3600 };
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') throw new Unauthenticated('用户名或密码错误');
      if (name === 'UserNotConfirmedException') throw new Unauthenticated('账号尚未通过短信验证码确认');
      throw e;
    }
  }

  async adminCreateUser(input: AdminCreateInput): Promise<void> {
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: input.username,
          MessageAction: 'SUPPRESS',
          UserAttributes: customAttributes(input.attributes),
        }),
      );
    } catch (e) {
      if ((e as Error).name === 'UsernameExistsException') throw new AlreadyExists('用户名已被注册');
      throw e;
    }
    await this.client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: this.userPoolId, Username: input.username, Password: input.password, Permanent: true }),
    );
    await this.addToGroup(input.username, input.group);
  }

  async deleteUser(username: string): Promise<void> {
    try {
      await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
    } catch (e) {
      if ((e as Error).name !== 'UserNotFoundException') throw e;
    }
  }
}
