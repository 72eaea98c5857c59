// The audit record of a state change (R14): built from the request's scope, written in the same
// transaction as the change, once per request (a job: once per transaction), into the table the
// change touched, and kept at least the configured retention.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { noteAudit, runAudited, type AuditActor } from '../../shared/audit';
import { auditItemFor, transactWrite, type TxItem } from '../../shared/adapters/audit-repository';
import { TransactionPlan } from '../../shared/adapters/transaction';
import { cityConfig } from '../../shared/config';
import { auditPartition } from '../../shared/adapters/district-keys';

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const AT = new Date('2027-01-05T02:00:00.000Z'); // 10:00 Shanghai
const actor: AuditActor = { actorId: 'us_staff1', actorRole: 'staff', action: 'POST /centers/{centerId}/closures', requestId: 'req-1', at: AT };
const put = (TableName: string, PK: string): TxItem => ({ Put: { TableName, Item: { PK, SK: 'X' } } });
const scope = (mode: 'request' | 'job' = 'request') => ({ actor, mode, facts: {}, written: 0 });
const auditItems = () => ddbMock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.filter((i) => String(i.Put?.Item?.PK).startsWith('AUDIT#')));

describe('auditItemFor', () => {
  it('outside any request or job there is no record (unit and migration code)', () => {
    expect(auditItemFor([put('unit-minhang-district', 'A')], undefined)).toBeUndefined();
  });

  it('names who, which role, what, where and when, under the center and month, with a TTL past the retention', () => {
    const item = auditItemFor([put('unit-minhang-district', 'SESSIONS#minhang-kss')], scope(), { centerId: 'minhang-kss', target: 'cl.1', after: { closed: 1 } })!;
    expect(item.Put).toMatchObject({
      TableName: 'unit-minhang-district',
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        PK: 'AUDIT#minhang-kss#2027-01',
        SK: '2027-01-05T10:00:00.000+08:00#req-1',
        actorId: 'us_staff1',
        actorRole: 'staff',
        action: 'POST /centers/{centerId}/closures',
        centerId: 'minhang-kss',
        target: 'cl.1',
        before: null,
        after: { closed: 1 },
        changes: ['Put SESSIONS#minhang-kss X'],
      },
    });
    const retention = cityConfig().platform.retention.auditKeepDays;
    expect(retention).toBeGreaterThanOrEqual(183);
    expect(item.Put!.Item!.expiresAt).toBe(AT.getTime() / 1000 + retention * 86_400);
  });

  it('goes to the platform table when the change touched only the platform table', () => {
    const item = auditItemFor([put('unit-platform', 'USER#1')], scope(), { centerId: 'minhang-kss' })!;
    expect(item.Put!.TableName).toBe('unit-platform');
    expect(item.Put!.Item!.PK).toBe('AUDIT#minhang-kss#2027-01');
  });

  it('has no center partition without a center, and nothing for a transaction of condition checks only', () => {
    expect(auditItemFor([put('unit-platform', 'USER#1')], scope())!.Put!.Item!.PK).toBe('AUDIT#-#2027-01');
    expect(auditItemFor([{ ConditionCheck: { TableName: 'unit-platform', Key: { PK: 'a', SK: 'b' }, ConditionExpression: 'x' } }], scope())).toBeUndefined();
  });

  it('months follow the Shanghai calendar', () => {
    expect(auditPartition('c', new Date('2027-01-31T16:30:00.000Z'))).toBe('AUDIT#c#2027-02');
  });
});

describe('transactWrite', () => {
  it('a request writes one record, with its first committed transaction only', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await runAudited(actor, 'request', async () => {
      noteAudit({ centerId: 'minhang-kss', before: { status: 'booked' } });
      await transactWrite([put('unit-minhang-district', 'A')]);
      await transactWrite([put('unit-minhang-district', 'B')]);
      await new TransactionPlan().add(put('unit-minhang-district', 'C')).commit();
    });
    expect(auditItems().map((items) => items.length)).toEqual([1, 0, 0]);
    expect(auditItems()[0][0].Put!.Item).toMatchObject({ before: { status: 'booked' }, changes: ['Put A X'] });
  });

  it('a failed transaction leaves the record to the next one', async () => {
    ddbMock
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }))
      .resolves({});
    await runAudited(actor, 'request', async () => {
      await expect(transactWrite([put('unit-minhang-district', 'A')])).rejects.toThrow('cancelled');
      await transactWrite([put('unit-minhang-district', 'A')]);
    });
    expect(auditItems().map((items) => items.length)).toEqual([1, 1]);
  });

  it('a job writes one record per transaction, each with its own id and the facts of its plan', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await runAudited({ ...actor, actorId: 'system', actorRole: 'system', action: 'sweep' }, 'job', async () => {
      await new TransactionPlan().add(put('unit-minhang-district', 'A')).audit({ centerId: 'minhang-kss', target: 'bk.1' }).commit();
      await new TransactionPlan().add(put('unit-changning-district', 'B')).audit({ centerId: 'changning-kss', target: 'bk.2' }).commit();
    });
    const [[first], [second]] = auditItems();
    expect(first.Put).toMatchObject({ TableName: 'unit-minhang-district', Item: { actorRole: 'system', target: 'bk.1', centerId: 'minhang-kss' } });
    expect(second.Put).toMatchObject({ TableName: 'unit-changning-district', Item: { target: 'bk.2', centerId: 'changning-kss' } });
    expect(first.Put!.Item!.auditId).not.toBe(second.Put!.Item!.auditId);
  });

  it('a plan of 99 items still has room for its record; 100 is refused before anything is sent', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    const plan = (n: number) => {
      const p = new TransactionPlan();
      for (let i = 0; i < n; i++) p.add(put('unit-minhang-district', `K${i}`));
      return p;
    };
    await runAudited(actor, 'request', async () => {
      await expect(plan(100).commit()).rejects.toThrow(/exceeds/);
      expect(ddbMock).not.toHaveReceivedCommand(TransactWriteCommand);
      await plan(99).commit();
    });
    expect(ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems).toHaveLength(100);
  });
});

describe('TransactionPlan.commit on a refusal', () => {
  const cond = (PK: string): TxItem => ({ Put: { TableName: 'unit-minhang-district', Item: { PK, SK: 'X' }, ConditionExpression: 'attribute_not_exists(PK)' } });
  const refused = (codes: string[], items: (Record<string, unknown> | undefined)[] = []) =>
    Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: codes.map((Code, i) => ({ Code, ...(items[i] ? { Item: { v: { N: String(items[i].v) } } } : {}) })),
    });

  it('the first failed item decides; every mapped failed item is told what it found', async () => {
    ddbMock.on(TransactWriteCommand).rejects(refused(['None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'], [undefined, { v: 1 }, { v: 2 }]));
    const told: unknown[] = [];
    const plan = new TransactionPlan()
      .add(cond('A'), () => new Error('A refused'))
      .add(cond('B'), (current) => {
        told.push(current);
        return 'retry';
      })
      .add(cond('C'), (current) => {
        told.push(current);
        return new Error('C refused');
      });
    await expect(plan.commit()).resolves.toBe('retry');
    expect(told).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('an unmapped item failing after a mapped one does not hide the mapped answer', async () => {
    ddbMock.on(TransactWriteCommand).rejects(refused(['ConditionalCheckFailed', 'ConditionalCheckFailed']));
    const plan = new TransactionPlan().add(cond('A'), () => new Error('A refused')).add(cond('B'));
    await expect(plan.commit()).rejects.toThrow('A refused');
  });
});
