// Pure rules of detainee meeting requests (R15) and urgent requests (B2), and the transactions their
// use cases send (mocked DocumentClient): what is conditional, what is deliberately not checked.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createStaffAccount } from '../../shared/adapters/account-repository';
import { planCloseMeetingRequest } from '../../shared/adapters/meeting-request-repository';
import { remindAtOf, reminderRecipients } from '../../shared/domain/meeting-requests';
import { fileUrgentRequest, placeUrgentRequest } from '../../shared/use-cases/urgent-requests';
import { TransactionPlan } from '../../shared/adapters/transaction';
import { AppError } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import { shanghaiIso } from '../../shared/time';
import { type UrgentRequest, alertHorizon, deadlineOf, isAtRisk, isOverdue, startsByDeadline, urgentRequestView } from '../../shared/domain/urgent-requests';

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const NOW = new Date('2027-08-02T02:00:00.000Z'); // 10:00 Shanghai
const at = (iso: string) => new Date(iso);
const request = (over: Partial<UrgentRequest> = {}): UrgentRequest => ({
  requestId: 'ur.minhang.X',
  centerId: 'minhang-kss',
  detaineeId: 'dt_1',
  lawyerId: 'lw_1',
  licenseNo: '13101202011000001',
  status: 'open',
  createdAt: shanghaiIso(NOW),
  deadline: '2027-08-04T10:00:00.000+08:00',
  ...over,
});
const lawyer: Principal = { userId: 'lw_1', username: 'l', role: 'lawyer', centerIds: [], licenseNo: '13101202011000001' };
const staff: Principal = { userId: 'us_s', username: 's', role: 'staff', centerIds: ['minhang-kss'] };
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const sentItems = () => ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems ?? [];

// B2: the deadline, the 12-hour risk window, overdue and on-time placement.
describe('urgent request rules', () => {
  it('deadline is 48 hours after filing', () => {
    expect(shanghaiIso(deadlineOf(NOW))).toBe('2027-08-04T10:00:00.000+08:00');
  });

  it.each([
    ['2027-08-03T21:59:59+08:00', false, false],
    ['2027-08-03T22:00:00+08:00', true, false],
    ['2027-08-04T10:00:00+08:00', true, false],
    ['2027-08-04T10:00:01+08:00', true, true],
  ])('at %s: atRisk %s, overdue %s', (now, risk, overdue) => {
    expect(isAtRisk(request(), at(now))).toBe(risk);
    expect(isOverdue(request(), at(now))).toBe(overdue);
  });

  it('a placed request is never at risk or overdue, and reports its compliance', () => {
    const placed = request({ status: 'placed', placedOnTime: false, placedAt: '2027-08-05T08:00:00.000+08:00', bookingId: 'bk.minhang.B' });
    const view = urgentRequestView(placed, at('2027-08-06T10:00:00+08:00'));
    expect(view).toMatchObject({ atRisk: false, overdue: false, placedOnTime: false, bookingId: 'bk.minhang.B' });
    expect(urgentRequestView(request(), NOW)).toMatchObject({ placedOnTime: null, alertedAt: null, bookingId: null });
  });

  it('a placement is on time when the session starts by the deadline', () => {
    expect(startsByDeadline({ start: at('2027-08-04T08:30:00+08:00') }, request().deadline)).toBe(true);
    expect(startsByDeadline({ start: at('2027-08-04T10:00:00+08:00') }, request().deadline)).toBe(true);
    expect(startsByDeadline({ start: at('2027-08-04T13:30:00+08:00') }, request().deadline)).toBe(false);
  });

  it('the alert pass reads deadlines up to 12 hours ahead', () => {
    expect(shanghaiIso(alertHorizon(NOW))).toBe('2027-08-02T22:00:00.000+08:00');
  });
});

// R15: one reminder a day later, to the lawyers told at first who are still bound.
describe('meeting request rules', () => {
  it('reminds 24 hours later', () => {
    expect(shanghaiIso(remindAtOf(NOW))).toBe('2027-08-03T10:00:00.000+08:00');
  });
  it('reminds only lawyers first told and still bound', () => {
    expect(reminderRecipients(['lw_a', 'lw_b'], ['lw_b', 'lw_new'])).toEqual(['lw_b']);
  });
  it('closing inside a booking deletes the pointer and closes the request, both conditionally', () => {
    const plan = new TransactionPlan();
    planCloseMeetingRequest(plan, 't', 'dt_1', 'mr.minhang.R', 'bk.minhang.B', shanghaiIso(NOW));
    const pointer = plan.find('t', { PK: 'DETAINEE#dt_1', SK: 'MEETREQ' })!.Delete!;
    expect(pointer).toMatchObject({ ConditionExpression: 'requestId = :seen', ExpressionAttributeValues: { ':seen': 'mr.minhang.R' } });
    const update = plan.find('t', { PK: 'MEETREQ#mr.minhang.R', SK: 'MEETREQ' })!.Update!;
    expect(update.ConditionExpression).toBe('#status = :open');
    expect(update.UpdateExpression).toContain('REMOVE GSI2PK, GSI2SK');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':closed': 'closed', ':booking': 'bk.minhang.B' });
  });
});

describe('fileUrgentRequest transaction', () => {
  // B2, R2: bound (condition), one open per lawyer and detainee (guard), never the lockout.
  it('checks the binding, takes the open guard, writes both indexes, checks the licence but not the lockout', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    const out = await fileUrgentRequest(lawyer, { centerId: 'minhang-kss', detaineeId: 'dt_1' }, NOW);
    expect(out).toMatchObject({ status: 'open', deadline: '2027-08-04T10:00:00.000+08:00' });
    const items = sentItems();
    expect(items.find((i) => i.ConditionCheck)?.ConditionCheck).toMatchObject({ Key: { PK: 'DETAINEE#dt_1', SK: 'BOUND#13101202011000001' }, TableName: 'unit-minhang-district' });
    // The lawyer's profile is checked for a suspended licence only (R1a), never for the lockout.
    const standing = items.find((i) => i.ConditionCheck?.TableName === 'unit-platform')?.ConditionCheck;
    expect(standing).toMatchObject({ Key: { PK: 'USER#lw_1', SK: 'PROFILE' } });
    expect(standing?.ConditionExpression).toContain('licenceSuspended');
    expect(standing?.ConditionExpression).not.toContain('lockedUntil');
    expect(items.find((i) => i.Put?.Item?.SK === 'URGENT#dt_1')?.Put).toMatchObject({ Item: { PK: 'LAWYER#lw_1' }, ConditionExpression: 'attribute_not_exists(PK)' });
    const record = items.find((i) => i.Put?.Item?.SK === 'URGENT')!.Put!.Item!;
    expect(record).toMatchObject({
      status: 'open',
      GSI1PK: 'URGENT#minhang-kss',
      GSI1SK: `2027-08-04T10:00:00.000+08:00#${out.requestId}`,
      GSI2PK: 'URGENTOPEN#minhang-kss',
      GSI2SK: `2027-08-04T10:00:00.000+08:00#${out.requestId}`,
    });
  });

  it.each([
    [['ConditionalCheckFailed', 'None', 'None'], 'NOT_BOUND'],
    [['None', 'ConditionalCheckFailed', 'None'], 'ALREADY_EXISTS'],
    [['None', 'None', 'None', 'ConditionalCheckFailed'], 'LICENCE_SUSPENDED'],
  ])('a failed condition %j → %s', async (codes, code) => {
    ddbMock.on(TransactWriteCommand).rejects(cancelled(...codes));
    await expect(fileUrgentRequest(lawyer, { centerId: 'minhang-kss', detaineeId: 'dt_1' }, NOW)).rejects.toMatchObject({ code });
  });

  it('refuses a center that is not online', async () => {
    await expect(fileUrgentRequest(lawyer, { centerId: 'jiading-kss2', detaineeId: 'dt_1' }, NOW)).rejects.toMatchObject({ code: 'CENTER_NOT_ONLINE' });
    expect(ddbMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('placeUrgentRequest transaction', () => {
  // B2: beyond capacity (no places condition), never a closed session; room guard; lawyer not lock-checked.
  it('takes one more place without a capacity condition and holds the room', async () => {
    ddbMock.on(GetCommand).callsFake((input: { Key: { PK: string; SK: string } }) => {
      if (input.Key.PK.startsWith('URGENT#')) return { Item: { ...request(), PK: input.Key.PK, SK: 'URGENT' } };
      if (input.Key.PK.startsWith('SESSIONS#')) return { Item: { booked: 6, lastQueue: 6, capacity: 6 } };
      return {};
    });
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock
      .on(BatchGetCommand)
      .resolves({ Responses: { 'unit-platform': [{ PK: 'USER#lw_1', SK: 'PROFILE', userId: 'lw_1', role: 'lawyer', status: 'confirmed', licenseNo: '13101202011000001' }] } });
    ddbMock.on(TransactWriteCommand).resolves({});
    const out = await placeUrgentRequest(staff, 'ur.minhang.X', { slotId: '2027-08-03.PM', roomType: 'interrogation', roomNo: 'T01' }, NOW);
    expect(out).toMatchObject({ status: 'placed', consentRequired: true, placedOnTime: true, slotId: '2027-08-03.PM' });

    const items = sentItems();
    const session = items.find((i) => i.Update?.Key?.PK === 'SESSIONS#minhang-kss')!.Update!;
    expect(session.ConditionExpression).toBe('lastQueue = :seen AND booked = :seenBooked AND attribute_not_exists(closedAt)');
    expect(session.ExpressionAttributeValues).toMatchObject({ ':booked': 7, ':next': 7 });
    expect(items.find((i) => i.Put?.Item?.PK === 'ROOM#minhang-kss#2027-08-03.PM')?.Put).toMatchObject({
      Item: { SK: 'T01', holderKind: 'booking', roomType: 'interrogation' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    const booking = items.find((i) => i.Put?.Item?.SK === 'BOOKING')!.Put!.Item!;
    expect(booking).toMatchObject({ queueNumber: 7, urgentRequestId: 'ur.minhang.X', room: { roomType: 'interrogation', roomNo: 'T01', consentPending: true } });
    const requestUpdate = items.find((i) => i.Update?.Key?.PK === 'URGENT#ur.minhang.X')!.Update!;
    expect(requestUpdate.ConditionExpression).toBe('#status = :open');
    expect(requestUpdate.UpdateExpression).toContain('REMOVE GSI2PK, GSI2SK');
    expect(items.find((i) => i.Delete?.Key?.SK === 'URGENT#dt_1')).toBeDefined();
    // The binding is checked; the lockout is not (B2 is a legal right).
    expect(items.some((i) => i.ConditionCheck?.Key?.SK === 'BOUND#13101202011000001')).toBe(true);
    // The lawyer's profile is checked for a suspended licence only (R1a), never for the lockout.
    const standing = items.find((i) => i.ConditionCheck?.TableName === 'unit-platform')?.ConditionCheck;
    expect(standing).toMatchObject({ Key: { PK: 'USER#lw_1', SK: 'PROFILE' } });
    expect(standing?.ConditionExpression).toContain('licenceSuspended');
    expect(standing?.ConditionExpression).not.toContain('lockedUntil');
    const notification = items.find((i) => i.Put?.Item?.PK?.startsWith('NOTIFICATION#'))!.Put!.Item!;
    expect(notification).toMatchObject({ kind: 'urgent-request-placed', recipientId: 'lw_1', params: { roomType: 'interrogation', roomNo: 'T01', queueNumber: 7 } });
  });

  it('refuses a room the center does not have, and a request already placed', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...request(), PK: 'URGENT#ur.minhang.X', SK: 'URGENT' } });
    await expect(placeUrgentRequest(staff, 'ur.minhang.X', { roomType: 'meeting', roomNo: 'T01' }, NOW)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    ddbMock.on(GetCommand).resolves({ Item: { ...request({ status: 'placed' }), PK: 'URGENT#ur.minhang.X', SK: 'URGENT' } });
    await expect(placeUrgentRequest(staff, 'ur.minhang.X', { roomType: 'meeting', roomNo: 'M01' }, NOW)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(ddbMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a staff member of another center is refused', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...request(), PK: 'URGENT#ur.minhang.X', SK: 'URGENT' } });
    const e = await placeUrgentRequest({ ...staff, centerIds: ['changning-kss'] }, 'ur.minhang.X', { roomType: 'meeting', roomNo: 'M01' }, NOW).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'FORBIDDEN' });
  });
});

// B2 alert recipients: the index items of staff (per center) and admins are written with the account.
describe('createStaffAccount alert index', () => {
  it('writes CENTERSTAFF#<c> for each of a staff member’s centers and ADMINS for an admin', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    await createStaffAccount({
      userId: 'us_1',
      username: 'clerk',
      role: 'staff',
      status: 'confirmed',
      createdAt: shanghaiIso(NOW),
      centerIds: ['minhang-kss', 'changning-kss'],
      phone: '13800000000',
    });
    await createStaffAccount({ userId: 'us_2', username: 'boss', role: 'admin', status: 'confirmed', createdAt: shanghaiIso(NOW), centerIds: [] });
    await createStaffAccount({ userId: 'us_3', username: 'inv', role: 'investigator', status: 'confirmed', createdAt: shanghaiIso(NOW), centerIds: ['minhang-kss'] });
    const keys = ddbMock.commandCalls(TransactWriteCommand).map((c) =>
      (c.args[0].input.TransactItems ?? [])
        .map((i) => i.Put?.Item)
        .filter((i) => i && !String(i.PK).startsWith('USER#') && !String(i.PK).startsWith('AUDIT'))
        .map((i) => `${i!.PK}/${i!.SK}`),
    );
    expect(keys[0]).toEqual(['USERNAME#clerk/USERNAME', 'CENTERSTAFF#minhang-kss/us_1', 'CENTERSTAFF#changning-kss/us_1']);
    expect(keys[1]).toEqual(['USERNAME#boss/USERNAME', 'ADMINS/us_2']);
    expect(keys[2]).toEqual(['USERNAME#inv/USERNAME']);
  });
});
