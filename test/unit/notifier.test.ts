// The notifier's decisions (shared/notifications/deliver.ts) against a mocked DocumentClient, and
// the cloud senders (shared/adapters/aws-senders.ts) against mocked SNS and SES: which errors are
// worth retrying, the claim that keeps two notifiers from sending one message, the per-channel
// record that keeps a retry from sending twice, backoff, dead letters, settling crashed deliveries
// (retried when a retry cannot send twice, issue 23 F2) and redrive.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { InternalErrorException, InvalidParameterException, PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { awsSenders } from '../../shared/adapters/aws-senders';
import { cityConfig } from '../../shared/config';
import { deliver, deliverDue, isTransient, LEASE_MS, MAX_ATTEMPTS, redrive, type Senders } from '../../shared/notifications/deliver';
import type { StoredNotification } from '../../shared/notifications/outbox';
import { shanghaiIso } from '../../shared/time';

const ddbMock = mockClient(DynamoDBDocumentClient);
const snsMock = mockClient(SNSClient);
const sesMock = mockClient(SESv2Client);

const TABLE = 'unit-platform';
const NOW = new Date('2026-12-01T01:00:00.000Z');
const NOW_ISO = shanghaiIso(NOW);
const ID = 'nt.platform.01TEST';

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } });
const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

function stored(attempts: number, extra: Partial<StoredNotification> = {}): StoredNotification {
  return {
    notificationId: ID,
    recipientId: 'lw_1',
    kind: 'booking-reminder',
    bookingId: 'bk.minhang.1',
    createdAt: '2026-11-30T18:00:00.000+08:00',
    params: { centerId: 'minhang-kss', date: '2026-12-02', start: '2026-12-02T08:30:00.000+08:00', slotId: '2026-12-02.AM', queueNumber: 2 },
    status: 'sending',
    attempts,
    ...extra,
  };
}

const isClaim = (i: UpdateCommandInput) => String(i.UpdateExpression).startsWith('SET #status = :sending');
const isRecord = (i: UpdateCommandInput) => String(i.UpdateExpression).startsWith('SET delivered');
const isInFlight = (i: UpdateCommandInput) => String(i.UpdateExpression).startsWith('SET inFlight');
const updates = () => ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
/** The last write: the final state of the delivery. */
const finalWrite = () =>
  updates()
    .filter((u) => !isClaim(u) && !isRecord(u) && !isInFlight(u))
    .pop()!;

function recipient(profile: Record<string, unknown> | undefined): void {
  ddbMock.on(GetCommand).resolves({ Item: profile && { PK: 'USER#lw_1', SK: 'PROFILE', ...profile } });
}

/** The claim succeeds and returns the notification as stored after it (attempts already counted). */
function claimReturns(n: StoredNotification): void {
  ddbMock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => (isClaim(input) ? { Attributes: n } : {}));
}

function fakeSenders(sms?: () => Promise<void>, email?: () => Promise<void>, deduplicates = false) {
  const ok = async () => undefined;
  return {
    deduplicates,
    sms: jest.fn<Promise<void>, Parameters<Senders['sms']>>(sms ?? ok),
    email: jest.fn<Promise<void>, Parameters<Senders['email']>>(email ?? ok),
  } satisfies Senders;
}

beforeEach(() => {
  ddbMock.reset();
  snsMock.reset();
  sesMock.reset();
  process.env.NOTIFY_EMAIL_FROM = 'noreply@lawyer-meetings.example.cn';
});

describe('isTransient', () => {
  it.each<[string, boolean, unknown]>([
    ['SNS ThrottledException', true, new ThrottledException({ message: 'Rate exceeded', ...meta(400) })],
    ['generic ThrottlingException', true, named('ThrottlingException', meta(400))],
    ['HTTP 429', true, named('TooManyRequestsException', meta(429))],
    ['SNS InternalErrorException (500)', true, new InternalErrorException({ message: 'x', ...meta(500) })],
    ['any 503', true, named('SomethingUnexpected', meta(503))],
    ['the SDK’s TimeoutError (no response)', true, named('TimeoutError')],
    ['a socket reset', true, Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['marked retryable by the SDK', true, named('Whatever', { $retryable: {} })],
    ['SNS InvalidParameterException (400)', false, new InvalidParameterException({ message: 'bad phone', ...meta(400) })],
    ['SES MessageRejected (400)', false, named('MessageRejected', meta(400))],
    ['missing sender configuration', false, named('ConfigurationError')],
    ['a plain Error', false, new Error('boom')],
    ['undefined', false, undefined],
  ])('%s → transient: %s', (_name, expected, error) => {
    expect(isTransient(error)).toBe(expected);
  });
});

describe('deliver', () => {
  it('claims pending (or due failed) with a lease, marks the channel in flight, sends, records the channel, then marks sent', async () => {
    claimReturns(stored(1));
    recipient({ phone: '+8613800000001' });
    let inFlightBeforeSend = false;
    const senders = fakeSenders(async () => {
      inFlightBeforeSend = updates().some(isInFlight);
    });
    expect(await deliver(TABLE, ID, senders, NOW)).toBe('sent');

    const [claim, inFlight, recorded, done] = updates();
    expect(claim.ConditionExpression).toBe('#status = :pending OR (#status = :failed AND nextAttemptAt <= :now)');
    expect(claim.ExpressionAttributeValues).toMatchObject({ ':now': NOW_ISO, ':lease': shanghaiIso(new Date(NOW.getTime() + LEASE_MS)), ':gpk': 'NOTIFY#sending' });
    // A sender without deduplication: the handover is recorded first, so a crash after it is known to be ambiguous.
    expect(inFlight.ExpressionAttributeValues).toMatchObject({ ':inFlight': { sms: 1 }, ':attempt': 1 });
    expect(inFlight.ConditionExpression).toBe('#status = :sending AND attempts = :attempt');
    expect(inFlightBeforeSend).toBe(true);
    expect(recorded.ExpressionAttributeValues?.[':delivered']).toEqual({ sms: NOW_ISO });
    expect(recorded.ConditionExpression).toBe('#status = :sending AND attempts = :attempt');
    expect(done.ExpressionAttributeValues).toMatchObject({ ':status': 'sent', ':sentAt': NOW_ISO, ':attempt': 1 });
    // Its retention clock starts at delivery (docs/data-retention.md): TTL ends it N days later.
    expect(done.ExpressionAttributeValues?.[':expiresAt']).toBe(Math.floor(NOW.getTime() / 1000) + cityConfig().platform.retention.notificationDaysAfterDelivery * 86_400);
    expect(done.UpdateExpression).toContain('expiresAt = :expiresAt');
    expect(done.UpdateExpression).toContain('REMOVE leaseUntil, GSI1PK, GSI1SK');
    expect(senders.sms).toHaveBeenCalledTimes(1);
    expect(senders.sms.mock.calls[0][0]).toBe('+8613800000001');
    expect(senders.sms.mock.calls[0][1]).toMatch(/^【律师会见预约平台】提醒：您预约了明天/);
    expect(senders.sms.mock.calls[0][2]).toEqual({ notificationId: ID, kind: 'booking-reminder', sendKey: `${ID}.sms` });
    expect(senders.email).not.toHaveBeenCalled();
  });

  it('a sender that deduplicates by the sender key: no in-flight write, the same key on every attempt', async () => {
    claimReturns(stored(3));
    recipient({ phone: '+8613800000001', email: 'a@example.cn', notifyBy: 'both' });
    const senders = fakeSenders(undefined, undefined, true);
    expect(await deliver(TABLE, ID, senders, NOW)).toBe('sent');
    expect(updates().some(isInFlight)).toBe(false);
    expect(senders.sms.mock.calls[0][2].sendKey).toBe(`${ID}.sms`);
    expect(senders.email.mock.calls[0][3].sendKey).toBe(`${ID}.email`);
  });

  it('a sender that answered with an error: the channel is no longer in flight (its outcome is known)', async () => {
    claimReturns(stored(1));
    recipient({ phone: '+8613800000001' });
    expect(
      await deliver(
        TABLE,
        ID,
        fakeSenders(() => Promise.reject(named('ThrottlingException', meta(400)))),
        NOW,
      ),
    ).toBe('failed');
    expect(finalWrite().ExpressionAttributeValues).toMatchObject({ ':status': 'failed', ':inFlight': {} });
  });

  it('another notifier holds it (or it is done): skipped, nothing sent', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    const senders = fakeSenders();
    expect(await deliver(TABLE, ID, senders, NOW)).toBe('skipped');
    expect(senders.sms).not.toHaveBeenCalled();
    expect(ddbMock).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });

  it.each([1, 2, 3, 4])('a transient failure on attempt %i → failed, retried after 30 s × 2^(attempt−1)', async (attempt) => {
    claimReturns(stored(attempt));
    recipient({ phone: '+8613800000001' });
    expect(
      await deliver(
        TABLE,
        ID,
        fakeSenders(() => Promise.reject(named('ThrottlingException', meta(400)))),
        NOW,
      ),
    ).toBe('failed');
    const done = finalWrite();
    expect(done.ExpressionAttributeValues).toMatchObject({
      ':status': 'failed',
      ':attempt': attempt,
      ':lastError': 'sms: ThrottlingException',
      ':nextAttemptAt': shanghaiIso(new Date(NOW.getTime() + 30_000 * 2 ** (attempt - 1))),
      ':gpk': 'NOTIFY#failed',
    });
    expect(updates().some(isRecord)).toBe(false);
  });

  it(`a transient failure on attempt ${MAX_ATTEMPTS} → dead letter`, async () => {
    claimReturns(stored(MAX_ATTEMPTS));
    recipient({ phone: '+8613800000001' });
    expect(
      await deliver(
        TABLE,
        ID,
        fakeSenders(() => Promise.reject(named('TimeoutError'))),
        NOW,
      ),
    ).toBe('dead');
    expect(finalWrite().ExpressionAttributeValues).toMatchObject({ ':status': 'dead', ':lastError': 'sms: TimeoutError', ':gpk': 'NOTIFY#dead' });
  });

  it('a permanent failure → dead letter on the first attempt', async () => {
    claimReturns(stored(1));
    recipient({ phone: '+8613800000001' });
    expect(
      await deliver(
        TABLE,
        ID,
        fakeSenders(() => Promise.reject(new InvalidParameterException({ message: 'x', ...meta(400) }))),
        NOW,
      ),
    ).toBe('dead');
    expect(finalWrite().ExpressionAttributeValues).toMatchObject({ ':status': 'dead', ':lastError': 'sms: InvalidParameterException' });
  });

  it('a retry never sends a channel already delivered', async () => {
    claimReturns(stored(2, { delivered: { sms: '2026-12-01T08:59:00.000+08:00' } }));
    recipient({ phone: '+8613800000001', email: 'a@example.cn', notifyBy: 'both' });
    const senders = fakeSenders();
    expect(await deliver(TABLE, ID, senders, NOW)).toBe('sent');
    expect(senders.sms).not.toHaveBeenCalled();
    expect(senders.email).toHaveBeenCalledTimes(1);
    expect(senders.email.mock.calls[0][0]).toBe('a@example.cn');
    expect(updates().find(isRecord)?.ExpressionAttributeValues?.[':delivered']).toEqual({ sms: '2026-12-01T08:59:00.000+08:00', email: NOW_ISO });
  });

  it('with both channels, an e-mail failure after the SMS keeps the SMS recorded', async () => {
    claimReturns(stored(1));
    recipient({ phone: '+8613800000001', email: 'a@example.cn', notifyBy: 'both' });
    const senders = fakeSenders(undefined, () => Promise.reject(named('ServiceUnavailable', meta(503))));
    expect(await deliver(TABLE, ID, senders, NOW)).toBe('failed');
    expect(
      updates()
        .filter(isRecord)
        .map((u) => u.ExpressionAttributeValues?.[':delivered']),
    ).toEqual([{ sms: NOW_ISO }]);
  });

  it.each<[string, Record<string, unknown> | undefined, 'sms' | 'email' | null]>([
    ['default (no choice made) is SMS', { phone: '+8613800000001', email: 'a@example.cn' }, 'sms'],
    ['e-mail chosen', { phone: '+8613800000001', email: 'a@example.cn', notifyBy: 'email' }, 'email'],
    ['e-mail chosen but none given → SMS', { phone: '+8613800000001', notifyBy: 'email' }, 'sms'],
    ['SMS chosen but no phone → e-mail', { email: 'a@example.cn', notifyBy: 'sms' }, 'email'],
    ['neither phone nor e-mail → dead', { notifyBy: 'both' }, null],
    ['no profile → dead', undefined, null],
  ])('%s', async (_name, profile, channel) => {
    claimReturns(stored(1));
    recipient(profile);
    const senders = fakeSenders();
    const status = await deliver(TABLE, ID, senders, NOW);
    expect(status).toBe(channel ? 'sent' : 'dead');
    expect(senders.sms).toHaveBeenCalledTimes(channel === 'sms' ? 1 : 0);
    expect(senders.email).toHaveBeenCalledTimes(channel === 'email' ? 1 : 0);
    if (!channel) expect(finalWrite().ExpressionAttributeValues?.[':lastError']).toBe('recipient has no phone or e-mail');
  });
});

describe('deliverDue', () => {
  function queues(byStatus: Record<string, StoredNotification[]>): void {
    ddbMock.on(QueryCommand).callsFake((input: QueryCommandInput) => ({ Items: byStatus[String(input.ExpressionAttributeValues?.[':pk']).slice('NOTIFY#'.length)] ?? [] }));
  }

  it('reads only its GSI1 queues (no scan) and delivers pending and due retries, not later ones', async () => {
    queues({
      pending: [stored(0, { status: 'pending', notificationId: 'nt.platform.P' })],
      failed: [
        stored(1, { status: 'failed', notificationId: 'nt.platform.DUE', nextAttemptAt: NOW_ISO }),
        stored(1, { status: 'failed', notificationId: 'nt.platform.LATER', nextAttemptAt: shanghaiIso(new Date(NOW.getTime() + 1)) }),
      ],
    });
    ddbMock
      .on(UpdateCommand)
      .callsFake((input: UpdateCommandInput) => (isClaim(input) ? { Attributes: stored(1, { notificationId: input.Key?.PK.replace('NOTIFICATION#', '') }) } : {}));
    recipient({ phone: '+8613800000001' });
    expect(await deliverDue(TABLE, fakeSenders(), NOW)).toEqual({ sent: 2 });
    expect(
      updates()
        .filter(isClaim)
        .map((u) => u.Key?.PK),
    ).toEqual(['NOTIFICATION#nt.platform.P', 'NOTIFICATION#nt.platform.DUE']);
    expect(ddbMock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(QueryCommand).every((c) => c.args[0].input.IndexName === 'GSI1')).toBe(true);
  });

  it.each<[string, Partial<StoredNotification>, boolean, 'sent' | 'dead' | 'failed', string | undefined]>([
    ['every channel recorded → sent', { delivered: { sms: '2026-12-01T08:58:00.000+08:00' } }, false, 'sent', undefined],
    ['crashed before the handover (nothing in flight) → retried now', {}, false, 'failed', 'delivery interrupted'],
    ['handed to a sender that deduplicates, not recorded → retried now', { inFlight: { sms: 1 } }, true, 'failed', 'delivery interrupted'],
    ['handed to a sender without deduplication, not recorded → dead, outcome unknown', { inFlight: { sms: 1 } }, false, 'dead', 'delivery interrupted, outcome unknown (sms)'],
    [`interrupted on attempt ${MAX_ATTEMPTS} → dead`, { attempts: MAX_ATTEMPTS }, true, 'dead', 'delivery interrupted'],
  ])('settles a delivery whose lease ran out: %s, sending nothing itself', async (_name, extra, deduplicates, status, lastError) => {
    const lease = shanghaiIso(new Date(NOW.getTime() - 1));
    queues({ sending: [stored(1, { leaseUntil: lease, ...extra })] });
    ddbMock.on(UpdateCommand).resolves({});
    recipient({ phone: '+8613800000001' });
    const senders = fakeSenders(undefined, undefined, deduplicates);
    expect(await deliverDue(TABLE, senders, NOW)).toEqual({ [status]: 1 });
    expect(senders.sms).not.toHaveBeenCalled();
    const settle = finalWrite();
    expect(settle.ExpressionAttributeValues).toMatchObject({ ':status': status, ':sending': 'sending', ':attempt': extra.attempts ?? 1 });
    expect(settle.ExpressionAttributeValues?.[':lastError']).toBe(lastError);
    // A retry is due at once: the same pass (or the next) delivers it.
    if (status === 'failed') expect(settle.ExpressionAttributeValues).toMatchObject({ ':nextAttemptAt': NOW_ISO, ':gpk': 'NOTIFY#failed' });
  });

  it('leaves a delivery alone while its lease runs', async () => {
    queues({ sending: [stored(1, { leaseUntil: shanghaiIso(new Date(NOW.getTime() + 1)) })] });
    expect(await deliverDue(TABLE, fakeSenders(), NOW)).toEqual({});
    expect(ddbMock).not.toHaveReceivedCommand(UpdateCommand);
  });
});

describe('redrive', () => {
  it('gives a dead letter a fresh set of attempts in the pending queue', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored(5, { status: 'dead' }) });
    ddbMock.on(TransactWriteCommand).resolves({});
    expect(await redrive(TABLE, ID, NOW)).toBe('redriven');
    const update = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems![0].Update!;
    expect(update.ConditionExpression).toBe('#status = :dead');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':pending': 'pending', ':zero': 0, ':pk': 'NOTIFY#pending', ':at': NOW_ISO });
    // Delivered channels stay recorded (never re-sent); an unknown one is cleared: ops decided to send it.
    expect(update.UpdateExpression).not.toContain('delivered');
    expect(update.UpdateExpression).toContain('REMOVE inFlight');
  });

  it.each<[string, StoredNotification | undefined, string]>([
    ['missing', undefined, 'missing'],
    ['sent', stored(1, { status: 'sent' }), 'not-dead'],
    ['failed (still retrying)', stored(1, { status: 'failed' }), 'not-dead'],
  ])('refuses a notification that is %s', async (_name, item, result) => {
    ddbMock.on(GetCommand).resolves({ Item: item });
    expect(await redrive(TABLE, ID, NOW)).toBe(result);
    expect(ddbMock).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('a dead letter redriven by someone else in between: not-dead', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored(5, { status: 'dead' }) });
    ddbMock.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }));
    expect(await redrive(TABLE, ID, NOW)).toBe('not-dead');
  });
});

describe('awsSenders', () => {
  it('SMS: one transactional SNS Publish straight to the phone number', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm1' });
    await awsSenders.sms('+8613800000001', '【律师会见预约平台】测试', { notificationId: ID, kind: 'booking-reminder', sendKey: `${ID}.sms` });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      PhoneNumber: '+8613800000001',
      Message: '【律师会见预约平台】测试',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
  });

  it('e-mail: one SES SendEmail from the configured sender, UTF-8', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'e1' });
    await awsSenders.email('a@example.cn', '主题', '正文', { notificationId: ID, kind: 'booking-reminder', sendKey: `${ID}.email` });
    expect(sesMock).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'noreply@lawyer-meetings.example.cn',
      Destination: { ToAddresses: ['a@example.cn'] },
      Content: { Simple: { Subject: { Data: '主题', Charset: 'UTF-8' }, Body: { Text: { Data: '正文', Charset: 'UTF-8' } } } },
      // The sender key, in the characters SES allows in a tag.
      EmailTags: [{ Name: 'outbox-key', Value: 'nt_platform_01TEST_email' }],
    });
  });

  it('neither SNS SMS nor SES e-mail deduplicates a direct send: the notifier is told so', () => {
    expect(awsSenders.deduplicates).toBe(false);
  });

  it('SNS errors reach the notifier as they are, so it can tell throttling from a bad number', async () => {
    snsMock
      .on(PublishCommand)
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded', ...meta(400) }))
      .rejectsOnce(new InvalidParameterException({ message: 'x', ...meta(400) }));
    const first = await awsSenders.sms('+8613800000001', 't', { notificationId: ID, kind: 'booking-reminder', sendKey: `${ID}.sms` }).catch((e: unknown) => e);
    const second = await awsSenders.sms('+8613800000001', 't', { notificationId: ID, kind: 'booking-reminder', sendKey: `${ID}.sms` }).catch((e: unknown) => e);
    expect(isTransient(first)).toBe(true);
    expect(isTransient(second)).toBe(false);
  });

  it('without NOTIFY_EMAIL_FROM an e-mail is a permanent failure: dead letter, SES never called', async () => {
    delete process.env.NOTIFY_EMAIL_FROM;
    claimReturns(stored(1));
    recipient({ email: 'a@example.cn', notifyBy: 'email' });
    expect(await deliver(TABLE, ID, awsSenders, NOW)).toBe('dead');
    expect(finalWrite().ExpressionAttributeValues?.[':lastError']).toBe('email: ConfigurationError');
    expect(sesMock).not.toHaveReceivedCommand(SendEmailCommand);
  });
});
