// shared/adapters/binding-repository.ts and custody-repository.ts against DynamoDB Local: one active binding per (detainee,
// licence) even under concurrency, bindings only for active detainees of the same center, revoke
// and release end bindings (release in several transactions when there are many).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createBinding, getBinding, listBindingsByLicense, releaseDetainee, revokeBinding } from '../../shared/adapters/binding-repository';
import { createDetainee, getDetainee } from '../../shared/adapters/custody-repository';
import { ddb } from '../../shared/adapters/dynamo';
import { AppError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { shanghaiIso } from '../../shared/time';
import { districtTableOf, inBatches, newLicense } from './support/fixtures';
import { bindingGuardKey } from '../../shared/adapters/district-keys';
import { type Binding, type Detainee } from '../../shared/domain/custody';

const MINHANG = districtTableOf('minhang');
const JIADING = districtTableOf('jiading');

async function detainee(table = MINHANG, centerId = 'minhang-kss', over: Partial<Detainee> = {}): Promise<Detainee> {
  const d: Detainee = { detaineeId: newId('dt'), centerId, name: '张三', sex: 'M', status: 'active', createdAt: shanghaiIso(new Date()), ...over };
  await createDetainee(table, d);
  return d;
}

function binding(d: Pick<Detainee, 'detaineeId' | 'centerId'>, licenseNo: string, over: Partial<Binding> = {}): Binding {
  return {
    bindingId: newId('bd'),
    centerId: d.centerId,
    detaineeId: d.detaineeId,
    licenseNo,
    verification: 'documents',
    status: 'active',
    createdAt: shanghaiIso(new Date()),
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

const guardOf = async (table: string, detaineeId: string, licenseNo: string) =>
  (await ddb.send(new GetCommand({ TableName: table, Key: bindingGuardKey(detaineeId, licenseNo), ConsistentRead: true }))).Item;

describe('createBinding / listBindingsByLicense', () => {
  it('a licence lists its bindings, oldest first, with nothing of other licences', async () => {
    const licenseNo = newLicense();
    const [d1, d2] = [await detainee(), await detainee()];
    const b1 = binding(d1, licenseNo, { createdAt: '2026-03-02T09:00:00.000+08:00' });
    const b2 = binding(d2, licenseNo, { createdAt: '2026-03-02T10:00:00.000+08:00', verification: 'first-meeting' });
    await createBinding(MINHANG, b2);
    await createBinding(MINHANG, b1);
    await createBinding(MINHANG, binding(d1, newLicense()));
    const listed = await listBindingsByLicense(MINHANG, licenseNo);
    expect(listed.map((b) => b.bindingId)).toEqual([b1.bindingId, b2.bindingId]);
    expect(listed[1]).toMatchObject({ ...b2 });
    expect(await getBinding(MINHANG, b1.bindingId)).toMatchObject({ ...b1 });
    expect(await guardOf(MINHANG, d1.detaineeId, licenseNo)).toMatchObject({ bindingId: b1.bindingId });
  });

  it('works for intern certificate numbers and before the lawyer registered', async () => {
    const d = await detainee();
    const b = binding(d, 'SHX2026000123');
    await createBinding(MINHANG, b);
    expect((await listBindingsByLicense(MINHANG, 'SHX2026000123')).map((x) => x.bindingId)).toContain(b.bindingId);
  });

  it('bindings of one district are not listed from another', async () => {
    const licenseNo = newLicense();
    await createBinding(MINHANG, binding(await detainee(), licenseNo));
    expect(await listBindingsByLicense(JIADING, licenseNo)).toEqual([]);
  });

  it('a second binding of the same pair → ALREADY_EXISTS', async () => {
    const d = await detainee();
    const licenseNo = newLicense();
    const first = binding(d, licenseNo);
    await createBinding(MINHANG, first);
    const second = binding(d, licenseNo, { verification: 'first-meeting' });
    expect((await appErrorOf(createBinding(MINHANG, second))).code).toBe('ALREADY_EXISTS');
    expect(await getBinding(MINHANG, second.bindingId)).toBeUndefined();
    expect((await listBindingsByLicense(MINHANG, licenseNo)).map((b) => b.bindingId)).toEqual([first.bindingId]);
  });

  it('20 concurrent bindings of the same pair: exactly one succeeds, the others are ALREADY_EXISTS', async () => {
    const d = await detainee();
    const licenseNo = newLicense();
    const attempts = Array.from({ length: 20 }, () => binding(d, licenseNo));
    const results = await Promise.allSettled(attempts.map((b) => createBinding(MINHANG, b)));
    const winners = attempts.filter((_, i) => results[i].status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
    expect(codes).toEqual(Array(19).fill('ALREADY_EXISTS'));
    expect((await listBindingsByLicense(MINHANG, licenseNo)).map((b) => b.bindingId)).toEqual([winners[0].bindingId]);
    expect(await guardOf(MINHANG, d.detaineeId, licenseNo)).toMatchObject({ bindingId: winners[0].bindingId });
  });

  it('one licence may be bound to many detainees at once, concurrently', async () => {
    const licenseNo = newLicense();
    const ds = await Promise.all(Array.from({ length: 5 }, () => detainee()));
    await Promise.all(ds.map((d) => createBinding(MINHANG, binding(d, licenseNo))));
    expect(await listBindingsByLicense(MINHANG, licenseNo)).toHaveLength(5);
  });

  it('a detainee of another center of the same district → NOT_FOUND', async () => {
    const d = await detainee(JIADING, 'jiading-kss');
    const b = binding({ detaineeId: d.detaineeId, centerId: 'jiading-kss2' }, newLicense());
    const e = await appErrorOf(createBinding(JIADING, b));
    expect(e).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await getBinding(JIADING, b.bindingId)).toBeUndefined();
  });

  it('an unknown detainee → NOT_FOUND', async () => {
    expect((await appErrorOf(createBinding(MINHANG, binding({ detaineeId: newId('dt'), centerId: 'minhang-kss' }, newLicense())))).code).toBe('NOT_FOUND');
  });

  it.each(['released', 'transferred'] as const)('a %s detainee → INVALID_STATE', async (status) => {
    const d = await detainee(MINHANG, 'minhang-kss', { status });
    const e = await appErrorOf(createBinding(MINHANG, binding(d, newLicense())));
    expect(e).toMatchObject({ code: 'INVALID_STATE', status: 409 });
  });
});

describe('getDetainee', () => {
  it('finds a detainee in its center only', async () => {
    const d = await detainee(JIADING, 'jiading-kss');
    expect(await getDetainee(JIADING, 'jiading-kss', d.detaineeId)).toMatchObject({ ...d });
    expect(await getDetainee(JIADING, 'jiading-kss2', d.detaineeId)).toBeUndefined();
    expect(await getDetainee(JIADING, 'jiading-kss', newId('dt'))).toBeUndefined();
  });

  it('a detainee id cannot be registered twice', async () => {
    const d = await detainee();
    await expect(createDetainee(MINHANG, { ...d, name: '李四' })).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await getDetainee(MINHANG, 'minhang-kss', d.detaineeId)).toMatchObject({ name: '张三' });
  });
});

describe('revokeBinding', () => {
  it('ends the binding once; afterwards the pair can be bound again', async () => {
    const d = await detainee();
    const licenseNo = newLicense();
    const first = binding(d, licenseNo);
    await createBinding(MINHANG, first);
    const at = new Date('2026-03-03T02:00:00.000Z');
    await revokeBinding(MINHANG, 'minhang-kss', first.bindingId, at);
    expect(await getBinding(MINHANG, first.bindingId)).toMatchObject({ status: 'revoked', endReason: 'revoked', endedAt: shanghaiIso(at) });
    expect(await guardOf(MINHANG, d.detaineeId, licenseNo)).toBeUndefined();

    expect((await appErrorOf(revokeBinding(MINHANG, 'minhang-kss', first.bindingId, at))).code).toBe('INVALID_STATE');

    const second = binding(d, licenseNo);
    await createBinding(MINHANG, second);
    const listed = await listBindingsByLicense(MINHANG, licenseNo);
    expect(Object.fromEntries(listed.map((b) => [b.bindingId, b.status]))).toEqual({ [first.bindingId]: 'revoked', [second.bindingId]: 'active' });
  });

  it('a binding of another center or an unknown one → NOT_FOUND', async () => {
    const d = await detainee(JIADING, 'jiading-kss');
    const b = binding(d, newLicense());
    await createBinding(JIADING, b);
    expect((await appErrorOf(revokeBinding(JIADING, 'jiading-kss2', b.bindingId, new Date()))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(revokeBinding(JIADING, 'jiading-kss', newId('bd'), new Date()))).code).toBe('NOT_FOUND');
    expect(await getBinding(JIADING, b.bindingId)).toMatchObject({ status: 'active' });
  });

  it('two concurrent revocations: one succeeds, the other is INVALID_STATE', async () => {
    const d = await detainee();
    const b = binding(d, newLicense());
    await createBinding(MINHANG, b);
    const results = await Promise.allSettled([0, 1].map(() => revokeBinding(MINHANG, 'minhang-kss', b.bindingId, new Date())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe('INVALID_STATE');
  });
});

describe('releaseDetainee', () => {
  it('with 120 active bindings ends all of them over several transactions and returns their ids', async () => {
    const d = await detainee();
    const revoked = binding(d, newLicense());
    await createBinding(MINHANG, revoked);
    await revokeBinding(MINHANG, 'minhang-kss', revoked.bindingId, new Date());
    const bindings = Array.from({ length: 120 }, () => binding(d, newLicense()));
    await inBatches(bindings, 10, (b) => createBinding(MINHANG, b));

    const at = new Date('2026-03-04T03:00:00.000Z');
    const { endedBindingIds } = await releaseDetainee(MINHANG, 'minhang-kss', d.detaineeId, 'released', at);
    expect([...endedBindingIds].sort()).toEqual(bindings.map((b) => b.bindingId).sort());

    expect(await getDetainee(MINHANG, 'minhang-kss', d.detaineeId)).toMatchObject({ status: 'released', releasedAt: shanghaiIso(at) });
    const after = await inBatches(bindings, 20, (b) => getBinding(MINHANG, b.bindingId));
    expect(after.every((b) => b?.status === 'ended' && b.endReason === 'released' && b.endedAt === shanghaiIso(at))).toBe(true);
    const guards = await inBatches(bindings, 20, (b) => guardOf(MINHANG, d.detaineeId, b.licenseNo));
    expect(guards.filter(Boolean)).toEqual([]);
    // The binding revoked before stays revoked.
    expect(await getBinding(MINHANG, revoked.bindingId)).toMatchObject({ status: 'revoked', endReason: 'revoked' });

    expect((await appErrorOf(releaseDetainee(MINHANG, 'minhang-kss', d.detaineeId, 'released', at))).code).toBe('INVALID_STATE');
    expect((await appErrorOf(createBinding(MINHANG, binding(d, newLicense())))).code).toBe('INVALID_STATE');
  }, 60_000);

  it('transfer of a detainee without bindings', async () => {
    const d = await detainee();
    expect(await releaseDetainee(MINHANG, 'minhang-kss', d.detaineeId, 'transferred', new Date())).toEqual({ endedBindingIds: [], statusChanged: true });
    expect(await getDetainee(MINHANG, 'minhang-kss', d.detaineeId)).toMatchObject({ status: 'transferred' });
    expect((await appErrorOf(releaseDetainee(MINHANG, 'minhang-kss', d.detaineeId, 'released', new Date()))).code).toBe('INVALID_STATE');
  });

  it('a detainee of another center → NOT_FOUND, and nothing changes', async () => {
    const d = await detainee(JIADING, 'jiading-kss');
    const b = binding(d, newLicense());
    await createBinding(JIADING, b);
    expect((await appErrorOf(releaseDetainee(JIADING, 'jiading-kss2', d.detaineeId, 'released', new Date()))).code).toBe('NOT_FOUND');
    expect(await getDetainee(JIADING, 'jiading-kss', d.detaineeId)).toMatchObject({ status: 'active' });
    expect(await getBinding(JIADING, b.bindingId)).toMatchObject({ status: 'active' });
  });
});
