// The identity provider as the use cases see it: Cognito in the cloud (shared/adapters/cognito-identity.ts),
// the local issuer in local mode (local/identity-provider.ts). shared/adapters/identity.ts holds the one
// provider in use.
export interface SignUpInput {
  username: string;
  password: string;
  /** E.164 */
  phone: string;
  email?: string;
}

export interface AdminCreateInput {
  username: string;
  password: string;
  group: string;
  attributes: Record<string, string>;
  /** E.164; the account's recovery phone (POST /auth/forgot texts it), vouched for by the admin. */
  phone?: string;
}

export interface IdentityProvider {
  /** Creates an unconfirmed user and sends the confirmation code by SMS. Throws AlreadyExists. */
  signUp(input: SignUpInput): Promise<void>;
  /** Throws ValidationFailed for a wrong/expired code, InvalidState when already confirmed, NotFound. */
  confirmSignUp(username: string, code: string): Promise<void>;
  addToGroup(username: string, group: string): Promise<void>;
  /**
   * Sets custom attributes (without the `custom:` prefix) as an administrator. The claims the API
   * trusts (userId, licenseNo) are set only this way, never by the client at sign-up, so nobody can
   * call the provider directly and give themselves another lawyer's identity.
   */
  setAttributes(username: string, attributes: Record<string, string>): Promise<void>;
  /** Throws Unauthenticated on bad credentials, an unconfirmed or a disabled user. `expiresIn`: the ID token's lifetime. */
  login(username: string, password: string): Promise<{ token: string; expiresIn: number }>;
  /**
   * Creates a confirmed user with a permanent password in `group`, all or nothing: an unknown group
   * is refused (ValidationFailed) before anything is written, and a failure after the user was
   * created deletes it again, so a retry can succeed. Throws AlreadyExists, ValidationFailed.
   */
  adminCreateUser(input: AdminCreateInput): Promise<void>;
  /** Compensation when a later step of registration fails. */
  deleteUser(username: string): Promise<void>;
  /** A new sign-up code to the user's phone. Throws NotFound, InvalidState when already confirmed. */
  resendConfirmationCode(username: string): Promise<void>;
  /** A password reset code to the user's verified phone. Throws NotFound, InvalidState (no phone, unconfirmed). */
  forgotPassword(username: string): Promise<void>;
  /** Sets the new password when the reset code matches. Throws ValidationFailed (code or password). */
  confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void>;
  /** A disabled user cannot log in (Unauthenticated). Throws NotFound. */
  disableUser(username: string): Promise<void>;
  enableUser(username: string): Promise<void>;
}
