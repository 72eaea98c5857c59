// The local stand-in for Cognito: same sign-up → SMS code → confirm → login flow, ID tokens with
// Cognito's claim names (cognito:groups, custom:*), signed ES256 with a key the local gateway
// verifies like the HTTP API JWT authorizer. Users live in DynamoDB Local; codes go to the outbox.
// Unlike the cloud, the local verifier also refuses tokens of a disabled account at once.
import { randomInt, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { errors, exportJWK, generateKeyPair, importJWK, SignJWT, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { ddb } from '../shared/adapters/dynamo';
import type { AdminCreateInput, IdentityProvider, SignUpInput } from '../shared/adapters/identity';
import { clock } from '../shared/clock';
import { RESET_CODE_REFUSED } from '../shared/domain/abuse-limits';
import { passwordProblems } from '../shared/domain/accounts';
import { AlreadyExists, InvalidState, NotFound, Unauthenticated, ValidationFailed } from '../shared/errors';
import { ROLES } from '../shared/routes';
import { ID_TOKEN_LIFETIME_SECONDS, withinTokenLifetime } from '../shared/principal';
import { LOCAL_IDENTITY_TABLE } from './local-tables';
import { deliverToOutbox } from './outbox';
import { shanghaiIso } from '../shared/time';

export const LOCAL_CLIENT_ID = 'local-client';
export const TOKEN_TTL_SECONDS = ID_TOKEN_LIFETIME_SECONDS;
/** Codes are valid for 24 hours of real time, like Cognito's. */
const CODE_TTL_MS = 24 * 3600 * 1000;
/** Password reset codes, like Cognito's, for one hour. */
const RESET_CODE_TTL_MS = 3600 * 1000;

type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] | Uint8Array;

export interface SigningKeys {
  privateKey: KeyLike;
  publicKey: KeyLike;
}

/** A persisted key keeps tokens valid across restarts; without a directory the key is per process. */
export async function loadSigningKeys(dir?: string): Promise<SigningKeys> {
  const file = dir ? path.join(dir, 'jwt-signing-key.json') : undefined;
  if (file && existsSync(file)) {
    const { privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    return { privateKey: await importJWK(privateJwk, 'ES256'), publicKey: await importJWK(publicJwk, 'ES256') };
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  if (file && dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) }), { mode: 0o600 });
  }
  return { privateKey, publicKey };
}

interface LocalUser {
  username: string;
  passwordHash: string;
  status: 'UNCONFIRMED' | 'CONFIRMED';
  groups: string[];
  attributes: Record<string, string>;
  phone?: string;
  code?: string;
  codeExpiresAt?: number;
  resetCode?: string;
  resetCodeExpiresAt?: number;
  disabled?: boolean;
}

/** scrypt off the event loop (the gateway keeps serving while a login hashes); one set of parameters. */
function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, 32, (error, key) => (error ? reject(error) : resolve(key))));
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${(await derive(password, salt)).toString('hex')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [salt, hash] = stored.split(':');
  const candidate = await derive(password, Buffer.from(salt, 'hex'));
  return timingSafeEqual(candidate, Buffer.from(hash, 'hex'));
}

/**
 * What an unknown username's password is checked against: the same scrypt work as a real account,
 * so a refusal takes as long whether the name exists or not (B11).
 */
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

const userKey = (username: string) => ({ PK: `USER#${username.toLowerCase()}`, SK: 'USER' });

export class LocalIdentityProvider implements IdentityProvider {
  constructor(
    private readonly keys: SigningKeys,
    readonly issuer: string,
  ) {}

  private async get(username: string): Promise<LocalUser | undefined> {
    const out = await ddb.send(new GetCommand({ TableName: LOCAL_IDENTITY_TABLE, Key: userKey(username), ConsistentRead: true }));
    return out.Item as LocalUser | undefined;
  }

  private checkPassword(password: string): void {
    const problems = passwordProblems(password);
    if (problems.length) throw new ValidationFailed(`密码${problems.join('，')}`);
  }

  async signUp(input: SignUpInput): Promise<void> {
    this.checkPassword(input.password);
    const code = newCode();
    const user: LocalUser = {
      username: input.username,
      passwordHash: await hashPassword(input.password),
      status: 'UNCONFIRMED',
      groups: [],
      attributes: {},
      phone: input.phone,
      code,
      codeExpiresAt: Date.now() + CODE_TTL_MS,
    };
    try {
      // Like the Cognito adapter: an unconfirmed user of this name is an abandoned registration.
      await ddb.send(
        new PutCommand({
          TableName: LOCAL_IDENTITY_TABLE,
          Item: { ...userKey(input.username), ...user },
          ConditionExpression: 'attribute_not_exists(PK) OR #status = :unconfirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':unconfirmed': 'UNCONFIRMED' },
        }),
      );
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') throw new AlreadyExists('用户名已被注册');
      throw e;
    }
    await sendRegistrationCode(input.phone, code);
  }

  async confirmSignUp(username: string, code: string): Promise<void> {
    const user = await this.get(username);
    if (!user) throw new NotFound('用户不存在');
    if (user.status === 'CONFIRMED') throw new InvalidState('账号已确认，无需重复确认');
    if (!user.code || user.code !== code || (user.codeExpiresAt ?? 0) < Date.now()) throw new ValidationFailed('验证码错误或已过期');
    await ddb.send(
      new UpdateCommand({
        TableName: LOCAL_IDENTITY_TABLE,
        Key: userKey(username),
        UpdateExpression: 'SET #status = :confirmed REMOVE code, codeExpiresAt',
        ConditionExpression: 'code = :code',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'CONFIRMED', ':code': code },
      }),
    );
  }

  async addToGroup(username: string, group: string): Promise<void> {
    const user = await this.get(username);
    if (!user) throw new NotFound('用户不存在');
    if (user.groups.includes(group)) return;
    await ddb.send(
      new UpdateCommand({
        TableName: LOCAL_IDENTITY_TABLE,
        Key: userKey(username),
        UpdateExpression: 'SET #groups = list_append(#groups, :group)',
        ExpressionAttributeNames: { '#groups': 'groups' },
        ExpressionAttributeValues: { ':group': [group] },
      }),
    );
  }

  async setAttributes(username: string, attributes: Record<string, string>): Promise<void> {
    const user = await this.get(username);
    if (!user) throw new NotFound('用户不存在');
    await ddb.send(
      new UpdateCommand({
        TableName: LOCAL_IDENTITY_TABLE,
        Key: userKey(username),
        UpdateExpression: 'SET attributes = :attributes',
        ExpressionAttributeValues: { ':attributes': { ...user.attributes, ...attributes } },
      }),
    );
  }

  async login(username: string, password: string): Promise<{ token: string; expiresIn: number }> {
    const user = await this.get(username);
    const matches = await passwordMatches(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !matches) throw new Unauthenticated('用户名或密码错误');
    if (user.disabled) throw new Unauthenticated('账号已停用，请联系管理员');
    if (user.status !== 'CONFIRMED') throw new Unauthenticated('账号尚未通过短信验证码确认');
    return { token: await this.issueToken(user), expiresIn: TOKEN_TTL_SECONDS };
  }

  /** An ID token shaped like Cognito's. Issued and expiring in real time, not the movable clock. */
  async issueToken(user: Pick<LocalUser, 'username' | 'groups' | 'attributes'>, ttlSeconds = TOKEN_TTL_SECONDS): Promise<string> {
    const claims: JWTPayload = { token_use: 'id', 'cognito:username': user.username, 'cognito:groups': user.groups };
    for (const [name, value] of Object.entries(user.attributes)) claims[`custom:${name}`] = value;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setSubject(user.attributes.userId ?? user.username)
      .setIssuer(this.issuer)
      .setAudience(LOCAL_CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.keys.privateKey);
  }

  /**
   * What the HTTP API JWT authorizer checks: signature, issuer, audience, `exp` present and after
   * now, `nbf` and `iat` (when present) not after now; and the platform's maximum lifetime (`iat` required). AWS documents no clock leeway, and locally
   * the issuer and the verifier read the same clock, so none is allowed. And, which the cloud
   * authorizer cannot, that the account has not been disabled since the token was issued.
   */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.keys.publicKey, {
      issuer: this.issuer,
      audience: LOCAL_CLIENT_ID,
      algorithms: ['ES256'],
      requiredClaims: ['exp', 'iat'],
    });
    // No maximum lifetime in API Gateway's checks; the platform's own (shared/principal.ts): a token
    // living longer than the platform issues them is refused, as is one without `iat`.
    if (!withinTokenLifetime(payload.iat, payload.exp)) {
      throw new errors.JWTClaimValidationFailed('"exp" is further after "iat" than the platform issues tokens for', payload, 'exp', 'check_failed');
    }
    // jose checks `iat` against the clock only together with maxTokenAge, which API Gateway does not have.
    if (payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000)) {
      throw new errors.JWTClaimValidationFailed('"iat" claim timestamp check failed (it should be in the past)', payload, 'iat', 'check_failed');
    }
    const username = payload['cognito:username'];
    if (typeof username === 'string' && (await this.get(username))?.disabled) throw new Error('the account is disabled');
    return payload;
  }

  async adminCreateUser(input: AdminCreateInput): Promise<void> {
    // The local pool's groups are the roles, as the platform stack creates them.
    if (!(ROLES as readonly string[]).includes(input.group)) throw new ValidationFailed(`用户池中没有角色组 ${input.group}`);
    this.checkPassword(input.password);
    const user: LocalUser = {
      username: input.username,
      passwordHash: await hashPassword(input.password),
      status: 'CONFIRMED',
      groups: [input.group],
      attributes: input.attributes,
      ...(input.phone ? { phone: input.phone } : {}),
    };
    try {
      await ddb.send(new PutCommand({ TableName: LOCAL_IDENTITY_TABLE, Item: { ...userKey(input.username), ...user }, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') throw new AlreadyExists('用户名已被注册');
      throw e;
    }
  }

  async deleteUser(username: string): Promise<void> {
    await ddb.send(new DeleteCommand({ TableName: LOCAL_IDENTITY_TABLE, Key: userKey(username) }));
  }

  async exists(username: string): Promise<boolean> {
    return (await this.get(username)) !== undefined;
  }

  async resendConfirmationCode(username: string): Promise<void> {
    const user = await this.get(username);
    if (!user) throw new NotFound('用户不存在');
    if (user.status === 'CONFIRMED' || !user.phone) throw new InvalidState('账号已确认，无需验证码');
    const code = newCode();
    await this.update(username, 'SET code = :code, codeExpiresAt = :expires', '#status = :unconfirmed', {
      ':code': code,
      ':expires': Date.now() + CODE_TTL_MS,
      ':unconfirmed': 'UNCONFIRMED',
    });
    await sendRegistrationCode(user.phone, code);
  }

  async forgotPassword(username: string): Promise<void> {
    const user = await this.get(username);
    if (!user) throw new NotFound('用户不存在');
    if (user.status !== 'CONFIRMED' || user.disabled || !user.phone) throw new InvalidState('该账号无法通过短信重置密码');
    const code = newCode();
    await this.update(username, 'SET resetCode = :code, resetCodeExpiresAt = :expires', '#status = :confirmed', {
      ':code': code,
      ':expires': Date.now() + RESET_CODE_TTL_MS,
      ':confirmed': 'CONFIRMED',
    });
    await deliverToOutbox({
      channel: 'sms',
      to: user.phone,
      kind: 'password-reset-code',
      body: `【律师会见预约平台】您正在重置登录密码，验证码为 ${code}，1 小时内有效。如非本人操作，请忽略本短信。`,
      sentAt: shanghaiIso(clock.now()),
    });
  }

  async confirmForgotPassword(username: string, code: string, newPassword: string): Promise<void> {
    this.checkPassword(newPassword);
    const user = await this.get(username);
    if (!user?.resetCode || user.resetCode !== code || (user.resetCodeExpiresAt ?? 0) < Date.now()) throw new ValidationFailed(RESET_CODE_REFUSED);
    try {
      // The code is used up with the change: a second reset with it finds no code.
      await this.update(username, 'SET passwordHash = :hash REMOVE resetCode, resetCodeExpiresAt', 'resetCode = :code', {
        ':hash': await hashPassword(newPassword),
        ':code': code,
      });
    } catch (e) {
      if (e instanceof NotFound) throw new ValidationFailed(RESET_CODE_REFUSED);
      throw e;
    }
  }

  async disableUser(username: string): Promise<void> {
    await this.update(username, 'SET disabled = :disabled', undefined, { ':disabled': true });
  }

  async enableUser(username: string): Promise<void> {
    await this.update(username, 'SET disabled = :disabled', undefined, { ':disabled': false });
  }

  /** A conditional update of an existing user; a failed condition (or no such user) is NotFound. */
  private async update(username: string, expression: string, condition: string | undefined, values: Record<string, unknown>): Promise<void> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: LOCAL_IDENTITY_TABLE,
          Key: userKey(username),
          UpdateExpression: expression,
          ConditionExpression: condition ? `attribute_exists(PK) AND ${condition}` : 'attribute_exists(PK)',
          ...(condition?.includes('#status') ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: values,
        }),
      );
    } catch (e) {
      if ((e as Error).name === 'ConditionalCheckFailedException') throw new NotFound('用户不存在');
      throw e;
    }
  }
}

function sendRegistrationCode(phone: string, code: string): Promise<void> {
  return deliverToOutbox({
    channel: 'sms',
    to: phone,
    kind: 'registration-code',
    body: `【律师会见预约平台】您的注册验证码为 ${code}，24 小时内有效。如非本人操作，请忽略本短信。`,
    sentAt: shanghaiIso(clock.now()),
  });
}
