// shared/adapters/account-repository.ts against DynamoDB Local: usernames and licence numbers are
// unique by conditional writes (also under concurrency), stale unconfirmed reservations can be
// taken over, confirmed ones cannot.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  UNCONFIRMED_HOLD_MS,
  confirmAccount,
  findLawyerIdByLicense,
  findUserByUsername,
  getUser,
  releaseLawyerReservation,
  reserveLawyer,
} from '../../shared/adapters/account-repository';
import { ddb, platformTableName } from '../../shared/adapters/dynamo';
import { AppError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { shanghaiIso } from '../../shared/time';
import { newLicense, newPhone, uniqueName } from './support/fixtures';
import { type UserProfile } from '../../shared/domain/accounts';

type Reservation = UserProfile & { licenseNo: string };

function lawyer(at: Date, over: Partial<Reservation> = {}): Reservation {
  return {
    userId: newId('lw'),
    username: uniqueName('lawyer'),
    role: 'lawyer',
    status: 'unconfirmed',
    createdAt: shanghaiIso(at),
    name: '赵律师',
    phone: `+86${newPhone()}`,
    licenseNo: newLicense(),
    lawFirm: '测试律师事务所',
    violationCount: 0,
    lockedUntil: null,
    ...over,
  };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const indexEntry = async (PK: string, SK: string) => (await ddb.send(new GetCommand({ TableName: platformTableName(), Key: { PK, SK }, ConsistentRead: true }))).Item;

const NOW = new Date();
const USERNAME_TAKEN = '用户名已被注册';
const LICENSE_TAKEN = '该执业证号已注册账号';

describe('reserveLawyer', () => {
  it('stores the profile and both index entries', async () => {
    const a = lawyer(NOW);
    await reserveLawyer(a, NOW);
    expect(await getUser(a.userId)).toMatchObject({ userId: a.userId, username: a.username, status: 'unconfirmed', licenseNo: a.licenseNo });
    expect(await findUserByUsername(a.username.toUpperCase())).toMatchObject({ userId: a.userId });
    expect(await indexEntry(`LICENSE#${a.licenseNo}`, 'LICENSE')).toMatchObject({ userId: a.userId, status: 'unconfirmed' });
  });

  it('a second reservation of the same licence (other username) → ALREADY_EXISTS', async () => {
    const a = lawyer(NOW);
    await reserveLawyer(a, NOW);
    const b = lawyer(NOW, { licenseNo: a.licenseNo });
    const e = await appErrorOf(reserveLawyer(b, NOW));
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS', message: LICENSE_TAKEN });
    // The transaction left nothing of b behind.
    expect(await getUser(b.userId)).toBeUndefined();
    expect(await findUserByUsername(b.username)).toBeUndefined();
  });

  it('a second reservation of the same username (other licence) → ALREADY_EXISTS', async () => {
    const a = lawyer(NOW);
    await reserveLawyer(a, NOW);
    const b = lawyer(NOW, { username: a.username });
    const e = await appErrorOf(reserveLawyer(b, NOW));
    expect(e).toMatchObject({ code: 'ALREADY_EXISTS', message: USERNAME_TAKEN });
    expect(await getUser(b.userId)).toBeUndefined();
    expect(await findLawyerIdByLicense(b.licenseNo)).toBeNull();
    expect(await indexEntry(`LICENSE#${b.licenseNo}`, 'LICENSE')).toBeUndefined();
  });

  it('usernames differing only in case are the same username', async () => {
    const a = lawyer(NOW, { username: uniqueName('CaseLawyer') });
    await reserveLawyer(a, NOW);
    const e = await appErrorOf(reserveLawyer(lawyer(NOW, { username: a.username.toLowerCase() }), NOW));
    expect(e.message).toBe(USERNAME_TAKEN);
  });

  it('20 concurrent reservations of one licence with distinct usernames: exactly one succeeds', async () => {
    const licenseNo = newLicense();
    const contenders = Array.from({ length: 20 }, () => lawyer(NOW, { licenseNo }));
    const results = await Promise.allSettled(contenders.map((c) => reserveLawyer(c, NOW)));
    const winners = contenders.filter((_, i) => results[i].status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(reasons.map((e) => `${(e as AppError).code}: ${(e as Error).message}`)).toEqual(Array(19).fill(`ALREADY_EXISTS: ${LICENSE_TAKEN}`));
    expect(await indexEntry(`LICENSE#${licenseNo}`, 'LICENSE')).toMatchObject({ userId: winners[0].userId });
    // No loser left a profile or a username behind.
    const losers = contenders.filter((c) => c !== winners[0]);
    const leftovers = await Promise.all(losers.map(async (c) => (await getUser(c.userId)) ?? (await findUserByUsername(c.username))));
    expect(leftovers.filter(Boolean)).toEqual([]);
  });

  it('20 concurrent reservations of one username with distinct licences: exactly one succeeds', async () => {
    const username = uniqueName('race');
    const contenders = Array.from({ length: 20 }, () => lawyer(NOW, { username }));
    const results = await Promise.allSettled(contenders.map((c) => reserveLawyer(c, NOW)));
    const winners = contenders.filter((_, i) => results[i].status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(reasons.map((e) => `${(e as AppError).code}: ${(e as Error).message}`)).toEqual(Array(19).fill(`ALREADY_EXISTS: ${USERNAME_TAKEN}`));
    expect(await findUserByUsername(username)).toMatchObject({ userId: winners[0].userId });
  });
});

describe('stale unconfirmed reservations', () => {
  const t0 = new Date(Date.now() - 3 * UNCONFIRMED_HOLD_MS);
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('hold the licence and the username until UNCONFIRMED_HOLD_MS has passed', async () => {
    const a = lawyer(t0);
    await reserveLawyer(a, t0);
    const justBefore = later(UNCONFIRMED_HOLD_MS - 1000);
    expect((await appErrorOf(reserveLawyer(lawyer(justBefore, { licenseNo: a.licenseNo }), justBefore))).message).toBe(LICENSE_TAKEN);
    expect((await appErrorOf(reserveLawyer(lawyer(justBefore, { username: a.username }), justBefore))).message).toBe(USERNAME_TAKEN);
  });

  it('can be taken over afterwards: the licence by another username', async () => {
    const a = lawyer(t0);
    await reserveLawyer(a, t0);
    const after = later(UNCONFIRMED_HOLD_MS + 60_000);
    const b = lawyer(after, { licenseNo: a.licenseNo });
    await reserveLawyer(b, after);
    expect(await indexEntry(`LICENSE#${a.licenseNo}`, 'LICENSE')).toMatchObject({ userId: b.userId, createdAt: b.createdAt, status: 'unconfirmed' });
    // a can no longer confirm its way back into the licence.
    await expect(confirmAccount(a)).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    await confirmAccount(b);
    expect(await findLawyerIdByLicense(a.licenseNo)).toBe(b.userId);
  });

  it('can be taken over afterwards: the username by another licence', async () => {
    const a = lawyer(t0);
    await reserveLawyer(a, t0);
    const after = later(UNCONFIRMED_HOLD_MS + 60_000);
    const b = lawyer(after, { username: a.username });
    await reserveLawyer(b, after);
    expect(await findUserByUsername(a.username)).toMatchObject({ userId: b.userId });
  });

  it('a confirmed reservation is never taken over', async () => {
    const a = lawyer(t0);
    await reserveLawyer(a, t0);
    await confirmAccount(a);
    const muchLater = later(100 * UNCONFIRMED_HOLD_MS);
    expect((await appErrorOf(reserveLawyer(lawyer(muchLater, { licenseNo: a.licenseNo }), muchLater))).message).toBe(LICENSE_TAKEN);
    expect((await appErrorOf(reserveLawyer(lawyer(muchLater, { username: a.username }), muchLater))).message).toBe(USERNAME_TAKEN);
    expect(await findLawyerIdByLicense(a.licenseNo)).toBe(a.userId);
  });

  it('releasing an old reservation after a takeover leaves the new owner alone', async () => {
    const a = lawyer(t0);
    await reserveLawyer(a, t0);
    const after = later(UNCONFIRMED_HOLD_MS + 60_000);
    const b = lawyer(after, { licenseNo: a.licenseNo, username: a.username });
    await reserveLawyer(b, after);
    await releaseLawyerReservation(a);
    expect(await getUser(a.userId)).toBeUndefined();
    expect(await indexEntry(`LICENSE#${a.licenseNo}`, 'LICENSE')).toMatchObject({ userId: b.userId });
    expect(await findUserByUsername(a.username)).toMatchObject({ userId: b.userId });
  });
});

describe('confirmAccount / findLawyerIdByLicense', () => {
  it('a licence resolves to its lawyer only once the account is confirmed', async () => {
    const a = lawyer(NOW);
    expect(await findLawyerIdByLicense(a.licenseNo)).toBeNull();
    await reserveLawyer(a, NOW);
    expect(await findLawyerIdByLicense(a.licenseNo)).toBeNull();
    await confirmAccount(a);
    expect(await findLawyerIdByLicense(a.licenseNo)).toBe(a.userId);
    expect(await getUser(a.userId)).toMatchObject({ status: 'confirmed' });
    expect(await indexEntry(`USERNAME#${a.username.toLowerCase()}`, 'USERNAME')).toMatchObject({ status: 'confirmed' });
  });

  it('is safe to repeat', async () => {
    const a = lawyer(NOW);
    await reserveLawyer(a, NOW);
    await confirmAccount(a);
    await expect(confirmAccount(a)).resolves.toBeUndefined();
    expect(await findLawyerIdByLicense(a.licenseNo)).toBe(a.userId);
  });
});

describe('releaseLawyerReservation', () => {
  it('frees the licence and the username', async () => {
    const a = lawyer(NOW);
    await reserveLawyer(a, NOW);
    await releaseLawyerReservation(a);
    expect(await getUser(a.userId)).toBeUndefined();
    expect(await findUserByUsername(a.username)).toBeUndefined();
    expect(await indexEntry(`LICENSE#${a.licenseNo}`, 'LICENSE')).toBeUndefined();
    // Both can be reserved again at once, no waiting for the hold to expire.
    const b = lawyer(NOW, { licenseNo: a.licenseNo, username: a.username });
    await reserveLawyer(b, NOW);
    await confirmAccount(b);
    expect(await findLawyerIdByLicense(a.licenseNo)).toBe(b.userId);
  });

  it('is harmless when repeated', async () => {
    const a = lawyer(NOW);
    await reserveLawyer(a, NOW);
    await releaseLawyerReservation(a);
    await expect(releaseLawyerReservation(a)).resolves.toBeUndefined();
  });
});
