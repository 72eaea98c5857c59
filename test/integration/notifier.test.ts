// The notifier (shared/notifications/deliver.ts) with the cloud senders (shared/adapters/aws-senders.ts)
// against injected SNS and SES faults — aws-sdk-client-mock in place of the services — and its
// delivery records in DynamoDB Local. Every message ends `sent` having been published exactly once
// per channel, or `dead` after MAX_ATTEMPTS (or at once on a permanent error); none is left
// pending, failed or sending; a crash before the handover to SNS/SES is retried and sent once; a
// crash between SNS/SES accepting and the record dead-letters the message (outcome unknown: neither
// deduplicates a direct send) and it is never sent again; with local mode's senders (the outbox
// deduplicates by the sender key) an interrupted send — a real SIGKILL of the notifier's process
// during the send included — is retried and lands exactly once, and a redrive never lands a message
// twice (issue 23 F2); a redriven dead letter is delivered; two notifiers at once never send a
// message twice. Each test has a platform table of its own.
process.env.NOTIFY_EMAIL_FROM = 'noreply@lawyer-meetings.example.cn';
// Dead letters are logged at ERROR by design; the assertions here check them, the log is noise.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
jest.setTimeout(120_000);

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { InternalErrorException, InvalidParameterException, PublishCommand, SNSClient, ThrottledException, type PublishCommandInput } from '@aws-sdk/client-sns';
import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { awsSenders } from '../../shared/adapters/aws-senders';
import { notificationKey } from '../../shared/adapters/district-keys';
import { ddb } from '../../shared/adapters/dynamo';
import { TransactionPlan } from '../../shared/adapters/transaction';
import { deadLetters, deliver, deliverDue, MAX_ATTEMPTS, LEASE_MS, redrive, type Senders } from '../../shared/notifications/deliver';
import { localSenders } from '../../local/notifier';
import { readOutbox } from '../../local/outbox';
import { planNotification, type StoredNotification } from '../../shared/notifications/outbox';
import { newId } from '../../shared/ids';
import { shanghaiIso } from '../../shared/time';
import { at, dropPrivateStacks, privateStack, putRecipient, queuedIn } from './support/discipline-world';
import { newPhone } from './support/fixtures';

afterAll(dropPrivateStacks);
const snsMock = mockClient(SNSClient);
const sesMock = mockClient(SESv2Client);

type Channel = 'sms' | 'email';
type Outcome = 'ok' | 'throttle' | '5xx' | 'timeout' | 'permanent';
type NotifyBy = 'sms' | 'email' | 'both';

const T0 = at('2026-12-01T09:00:00');
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

function fault(outcome: Exclude<Outcome, 'ok'>, channel: Channel, n: number): Error {
  const $metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: `req-${n}`, attempts: 3, totalRetryDelay: 100 });
  switch (outcome) {
    case 'throttle':
      if (channel === 'email') return new TooManyRequestsException({ message: 'Too many requests', $metadata: $metadata(429) });
      // Both spellings occur: SNS's own ThrottledException, and the generic throttling error.
      return n % 2
        ? new ThrottledException({ message: 'Rate exceeded', $metadata: $metadata(400) })
        : Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: $metadata(400) });
    case '5xx':
      return channel === 'sms'
        ? new InternalErrorException({ message: 'Internal error', $metadata: $metadata(500) })
        : Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: $metadata(503) });
    case 'timeout':
      // What the SDK's HTTP handler throws when the socket times out: no response, no metadata.
      return Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' });
    case 'permanent':
      return channel === 'sms'
        ? new InvalidParameterException({ message: 'Invalid parameter: PhoneNumber', $metadata: $metadata(400) })
        : new MessageRejected({ message: 'Email address is not verified', $metadata: $metadata(400) });
  }
}

// ---------------------------------------------------------------------------------------------
// Recipients with a scripted outcome for each call to each channel. Each notification has its own
// recipient (own phone and e-mail), so calls to SNS and SES are counted per notification.

interface Scripted {
  recipientId: string;
  phone: string;
  email: string;
  notifyBy: NotifyBy;
  script: Record<Channel, Outcome[]>;
  notificationId?: string;
}

const byPhone = new Map<string, Scripted>();
const byEmail = new Map<string, Scripted>();
/** Every call made, in order, with the outcome it got. */
let calls: { channel: Channel; to: string; outcome: Outcome }[] = [];

function answer(channel: Channel, to: string, n: Scripted | undefined): unknown {
  if (!n) throw new Error(`message to unknown ${channel} recipient ${to}`);
  const made = calls.filter((c) => c.channel === channel && c.to === to).length;
  const outcome = n.script[channel][made] ?? 'ok';
  calls.push({ channel, to, outcome });
  if (outcome !== 'ok') throw fault(outcome, channel, made);
  return channel === 'sms' ? { MessageId: `msg-${made}` } : { MessageId: `mail-${made}` };
}

beforeEach(() => {
  snsMock.reset();
  sesMock.reset();
  byPhone.clear();
  byEmail.clear();
  calls = [];
  snsMock.on(PublishCommand).callsFake((input: PublishCommandInput) => answer('sms', String(input.PhoneNumber), byPhone.get(String(input.PhoneNumber))));
  sesMock.on(SendEmailCommand).callsFake((input: SendEmailCommandInput) => {
    const to = String(input.Destination?.ToAddresses?.[0]);
    return answer('email', to, byEmail.get(to));
  });
});

/** Successful calls per channel for a recipient. */
const delivered = (n: Scripted, channel: Channel) => calls.filter((c) => c.channel === channel && c.to === (channel === 'sms' ? n.phone : n.email) && c.outcome === 'ok').length;
const tried = (n: Scripted, channel: Channel) => calls.filter((c) => c.channel === channel && c.to === (channel === 'sms' ? n.phone : n.email)).length;
/** SNS Publish calls the mock received for the recipient's phone (independent of the script log). */
const publishes = (n: Scripted) => snsMock.commandCalls(PublishCommand).filter((c) => c.args[0].input.PhoneNumber === n.phone).length;

/** Creates recipients and one outbox notification each, written as state changes write them. */
async function notifications(table: string, specs: { notifyBy: NotifyBy; script?: Partial<Record<Channel, Outcome[]>> }[]): Promise<Scripted[]> {
  const out: Scripted[] = [];
  for (const spec of specs) {
    const n: Scripted = {
      recipientId: newId('lw'),
      phone: `+86${newPhone()}`,
      email: `${newId('m').toLowerCase()}@example.cn`,
      notifyBy: spec.notifyBy,
      script: { sms: spec.script?.sms ?? [], email: spec.script?.email ?? [] },
    };
    await putRecipient(n.recipientId, { phone: n.phone, email: n.email, notifyBy: n.notifyBy });
    const plan = new TransactionPlan();
    planNotification(plan, table, {
      recipientId: n.recipientId,
      kind: 'booking-reminder',
      bookingId: newId('bk'),
      createdAt: shanghaiIso(T0),
      params: { centerId: 'minhang-kss', date: '2026-12-02', start: '2026-12-02T08:30:00.000+08:00', slotId: '2026-12-02.AM', queueNumber: 3 },
    });
    expect(await plan.commit()).toBe('committed');
    byPhone.set(n.phone, n);
    byEmail.set(n.email, n);
    out.push(n);
  }
  const pending = await queuedIn(table, 'pending');
  for (const n of out) n.notificationId = String(pending.find((p) => p.recipientId === n.recipientId)!.notificationId);
  return out;
}

async function record(table: string, n: Scripted): Promise<StoredNotification> {
  const got = await ddb.send(new GetCommand({ TableName: table, Key: notificationKey(n.notificationId!), ConsistentRead: true }));
  return got.Item as StoredNotification;
}

/** Runs the notifier with a clock advancing 5 minutes a pass until nothing is pending, failed or sending. */
async function drain(table: string, from: Date, maxPasses = 20, senders: Senders = awsSenders): Promise<{ passes: number; now: Date }> {
  let now = from;
  for (let pass = 1; pass <= maxPasses; pass++) {
    await deliverDue(table, senders, now);
    const left = (await Promise.all((['pending', 'failed', 'sending'] as const).map((s) => queuedIn(table, s)))).flat();
    if (left.length === 0) return { passes: pass, now };
    now = minutes(now, 5);
  }
  throw new Error(`still not drained after ${maxPasses} passes`);
}

const channelsOf = (notifyBy: NotifyBy): Channel[] => (notifyBy === 'both' ? ['sms', 'email'] : [notifyBy]);

/** What the notifier must make of a script: the status, its attempts and the calls per channel. */
function expected(n: Scripted): { status: 'sent' | 'dead'; attempts: number; calls: Record<Channel, number> } {
  const made: Record<Channel, number> = { sms: 0, email: 0 };
  const done = new Set<Channel>();
  for (let attempt = 1; ; attempt++) {
    let failed: Outcome | undefined;
    for (const channel of channelsOf(n.notifyBy).filter((c) => !done.has(c))) {
      const outcome = n.script[channel][made[channel]++] ?? 'ok';
      if (outcome !== 'ok') {
        failed = outcome;
        break;
      }
      done.add(channel);
    }
    if (!failed) return { status: 'sent', attempts: attempt, calls: made };
    if (failed === 'permanent' || attempt >= MAX_ATTEMPTS) return { status: 'dead', attempts: attempt, calls: made };
  }
}

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('notifier under injected SNS/SES faults', () => {
  it.each([11, 22, 33])('a batch with a random mix of throttling, 5xx, timeouts and successes (seed %i): each sent exactly once or dead, none lost', async (seed) => {
    const { platform: table } = await privateStack(`notify-mix${seed}`);
    const random = prng(seed);
    const pick = (): Outcome => {
      const r = random();
      return r < 0.45 ? 'ok' : r < 0.65 ? 'throttle' : r < 0.85 ? '5xx' : 'timeout';
    };
    const kinds: NotifyBy[] = ['sms', 'sms', 'email', 'both'];
    const specs = Array.from({ length: 30 }, () => ({
      notifyBy: kinds[Math.floor(random() * kinds.length)],
      script: { sms: Array.from({ length: MAX_ATTEMPTS }, pick), email: Array.from({ length: MAX_ATTEMPTS }, pick) },
    }));
    // Whatever the seed, the batch has a message that never gets through, one that gets through on
    // the very last attempt, and one whose SMS went out before its e-mail kept failing.
    specs[0] = { notifyBy: 'sms', script: { sms: ['throttle', '5xx', 'timeout', 'throttle', '5xx'], email: [] } };
    specs[1] = { notifyBy: 'sms', script: { sms: ['timeout', 'timeout', '5xx', 'throttle', 'ok'], email: [] } };
    specs[2] = { notifyBy: 'both', script: { sms: ['ok'], email: ['5xx', 'throttle', 'timeout', '5xx', 'timeout'] } };
    specs[3] = { notifyBy: 'both', script: { sms: ['throttle', 'ok'], email: ['timeout', 'ok'] } };
    const batch = await notifications(table, specs);

    const { passes } = await drain(table, T0);
    expect(passes).toBeLessThanOrEqual(MAX_ATTEMPTS + 1);

    for (const n of batch) {
      const want = expected(n);
      const stored = await record(table, n);
      const context = `${n.notificationId} (${n.notifyBy}, script ${JSON.stringify(n.script)})`;
      expect({ context, status: stored.status, attempts: stored.attempts }).toEqual({ context, status: want.status, attempts: want.attempts });
      for (const channel of ['sms', 'email'] as const) {
        expect({ context, channel, tried: tried(n, channel) }).toEqual({ context, channel, tried: want.calls[channel] });
        // Never more than one successful send per channel, whatever happened.
        expect(delivered(n, channel)).toBeLessThanOrEqual(1);
      }
      if (stored.status === 'sent') {
        for (const channel of channelsOf(n.notifyBy)) expect(delivered(n, channel)).toBe(1);
        expect(Object.keys(stored.delivered ?? {}).sort()).toEqual(channelsOf(n.notifyBy).sort());
        expect(stored.sentAt).toBeDefined();
      } else {
        expect(stored.attempts).toBe(MAX_ATTEMPTS);
        expect(stored.lastError).toMatch(/^(sms|email): /);
        expect(channelsOf(n.notifyBy).some((c) => delivered(n, c) === 0)).toBe(true);
      }
      // The SNS mock's own count agrees: one Publish per SMS attempt made.
      expect(publishes(n)).toBe(tried(n, 'sms'));
    }
    expect((await record(table, batch[0])).status).toBe('dead');
    expect(await record(table, batch[1])).toMatchObject({ status: 'sent', attempts: MAX_ATTEMPTS });
    expect(await record(table, batch[2])).toMatchObject({ status: 'dead', delivered: { sms: expect.any(String) } });
    expect(delivered(batch[2], 'sms')).toBe(1);

    // Nothing left behind: every record is sent or a dead letter ops can see.
    const dead = await deadLetters(table);
    const deadIds = batch.filter((n) => expected(n).status === 'dead').map((n) => n.notificationId);
    expect(dead.map((d) => d.notificationId).sort()).toEqual(deadIds.sort());
    // Later passes never send anything again.
    const before = calls.length;
    await deliverDue(table, awsSenders, minutes(T0, 24 * 60));
    expect(calls.length).toBe(before);
  });

  it('a permanent error dead-letters at once, with no retry', async () => {
    const { platform: table } = await privateStack('notify-permanent');
    const [sms, email] = await notifications(table, [
      { notifyBy: 'sms', script: { sms: ['permanent'] } },
      { notifyBy: 'both', script: { sms: ['ok'], email: ['permanent'] } },
    ]);
    expect(await deliverDue(table, awsSenders, T0)).toEqual({ dead: 2 });
    expect(await record(table, sms)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'sms: InvalidParameterException' });
    expect(await record(table, email)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'email: MessageRejected', delivered: { sms: shanghaiIso(T0) } });
    expect(publishes(sms)).toBe(1);
    await drain(table, minutes(T0, 5));
    expect(publishes(sms)).toBe(1);
    expect(tried(email, 'email')).toBe(1);
    expect((await deadLetters(table)).map((d) => d.notificationId).sort()).toEqual([sms.notificationId, email.notificationId].sort());
  });

  it('redrive: a dead letter becomes pending with fresh attempts and is delivered; channels already sent are not sent again', async () => {
    const { platform: table } = await privateStack('notify-redrive');
    const [sms, both] = await notifications(table, [
      { notifyBy: 'sms', script: { sms: ['permanent', 'ok'] } },
      { notifyBy: 'both', script: { sms: ['ok'], email: ['permanent', 'ok'] } },
    ]);
    await deliverDue(table, awsSenders, T0);
    const later = minutes(T0, 60);
    for (const n of [sms, both]) {
      expect(await redrive(table, n.notificationId!, later)).toBe('redriven');
      expect(await record(table, n)).toMatchObject({ status: 'pending', attempts: 0 });
    }
    expect(await deadLetters(table)).toEqual([]);
    await drain(table, later);
    expect(await record(table, sms)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await record(table, both)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(delivered(sms, 'sms')).toBe(1);
    expect(publishes(sms)).toBe(2); // the failed one and the redriven one
    expect(delivered(both, 'sms')).toBe(1);
    expect(publishes(both)).toBe(1); // the SMS went out before the redrive and is not sent again
    expect(delivered(both, 'email')).toBe(1);

    // Only dead letters can be redriven.
    expect(await redrive(table, sms.notificationId!, later)).toBe('not-dead');
    expect(await redrive(table, 'nt.platform.NOPE', later)).toBe('missing');
  });
});

const realSend = ddb.send.bind(ddb) as (command: unknown) => Promise<unknown>;

/** Makes the first DocumentClient UpdateCommand whose expression matches throw, after or instead of the write. */
function crashOn(match: (expression: string) => boolean) {
  let crashed = false;
  return jest.spyOn(ddb, 'send').mockImplementation((async (command: unknown) => {
    if (!crashed && command instanceof UpdateCommand && match(String(command.input.UpdateExpression))) {
      crashed = true;
      throw new Error('simulated crash');
    }
    return realSend(command);
  }) as never);
}

describe('notifier crashes', () => {
  afterEach(() => jest.restoreAllMocks());

  it('SNS accepted but not recorded: after the lease it is a dead letter (outcome unknown) and is never sent again', async () => {
    const { platform: table } = await privateStack('notify-crash');
    const [n] = await notifications(table, [{ notifyBy: 'sms' }]);
    const spy = crashOn((e) => e.startsWith('SET delivered'));
    await expect(deliverDue(table, awsSenders, T0)).rejects.toThrow('simulated crash');
    spy.mockRestore();
    expect(publishes(n)).toBe(1);
    expect(await record(table, n)).toMatchObject({ status: 'sending', attempts: 1 });

    // Within the lease nobody touches it (the first notifier may still be at work).
    expect(await deliverDue(table, awsSenders, new Date(T0.getTime() + LEASE_MS - 1))).toEqual({});
    expect(await deliver(table, n.notificationId!, awsSenders, minutes(T0, 10))).toBe('skipped');
    expect(publishes(n)).toBe(1);

    expect(await deliverDue(table, awsSenders, new Date(T0.getTime() + LEASE_MS + 1))).toEqual({ dead: 1 });
    expect(await record(table, n)).toMatchObject({ status: 'dead', lastError: 'delivery interrupted, outcome unknown (sms)' });
    expect((await deadLetters(table)).map((d) => d.notificationId)).toEqual([n.notificationId]);
    await drain(table, minutes(T0, 10));
    await deliverDue(table, awsSenders, minutes(T0, 24 * 60));
    expect(publishes(n)).toBe(1);
  });

  it('crashed before the handover to SNS: after the lease it is retried automatically and published exactly once', async () => {
    const { platform: table } = await privateStack('notify-crash-before');
    const [n] = await notifications(table, [{ notifyBy: 'sms' }]);
    const spy = crashOn((e) => e.startsWith('SET inFlight'));
    await expect(deliverDue(table, awsSenders, T0)).rejects.toThrow('simulated crash');
    spy.mockRestore();
    expect(publishes(n)).toBe(0);
    // One pass after the lease: settled as due now, and delivered in the same pass.
    expect(await deliverDue(table, awsSenders, new Date(T0.getTime() + LEASE_MS + 1))).toEqual({ failed: 1, sent: 1 });
    expect(await record(table, n)).toMatchObject({ status: 'sent', attempts: 2, delivered: { sms: expect.any(String) } });
    await drain(table, minutes(T0, 10));
    expect(publishes(n)).toBe(1);
    expect(await deadLetters(table)).toEqual([]);
  });

  it('every channel recorded but the final write lost: settled as sent, never sent again', async () => {
    const { platform: table } = await privateStack('notify-crash-final');
    const [n] = await notifications(table, [{ notifyBy: 'both' }]);
    const spy = crashOn((e) => e.includes('sentAt'));
    await expect(deliverDue(table, awsSenders, T0)).rejects.toThrow('simulated crash');
    spy.mockRestore();
    expect(await deliverDue(table, awsSenders, new Date(T0.getTime() + LEASE_MS + 1))).toEqual({ sent: 1 });
    expect(await record(table, n)).toMatchObject({ status: 'sent' });
    await deliverDue(table, awsSenders, minutes(T0, 30));
    expect(publishes(n)).toBe(1);
    expect(delivered(n, 'email')).toBe(1);
  });

  it('the SMS recorded, the e-mail sent but not recorded: dead, and neither is sent twice', async () => {
    const { platform: table } = await privateStack('notify-crash-both');
    const [n] = await notifications(table, [{ notifyBy: 'both' }]);
    let deliveredWrites = 0;
    const spy = crashOn((e) => e.startsWith('SET delivered') && ++deliveredWrites === 2);
    await expect(deliverDue(table, awsSenders, T0)).rejects.toThrow('simulated crash');
    spy.mockRestore();
    await drain(table, new Date(T0.getTime() + LEASE_MS + 1));
    expect(await record(table, n)).toMatchObject({ status: 'dead', delivered: { sms: expect.any(String) } });
    expect(publishes(n)).toBe(1);
    expect(tried(n, 'email')).toBe(1);
  });
});

describe('local mode: the outbox deduplicates by the sender key (issue 23 F2)', () => {
  afterEach(() => jest.restoreAllMocks());
  const smsTo = async (phone: string) => (await readOutbox(phone)).filter((m) => m.channel === 'sms' && m.kind === 'booking-reminder');

  it.each(['landed', 'in-flight'] as const)(
    'the notifier process killed (SIGKILL) during a send (%s), then restarted: the message lands exactly once, the record is sent',
    async (mode) => {
      const { platform: table } = await privateStack(`notify-kill-${mode}`);
      const [n] = await notifications(table, [{ notifyBy: 'both' }]);
      // node itself runs the script (tsx as a loader), so the process killed is the notifier's own.
      const script = path.join(__dirname, 'support/crash-during-send.ts');
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, table, T0.toISOString(), mode], { env: process.env, encoding: 'utf8', timeout: 60_000 });
      expect({ signal: child.signal, status: child.status, stderr: child.stderr }).toEqual({ signal: 'SIGKILL', status: null, stderr: '' });
      expect(await record(table, n)).toMatchObject({ status: 'sending', attempts: 1 });
      expect((await record(table, n)).delivered).toBeUndefined();

      // The restart: the next pass after the lease retries it (no dead letter), with the same sender key.
      const restarted = new Date(T0.getTime() + LEASE_MS + 1);
      expect(await deliverDue(table, localSenders, restarted)).toEqual({ failed: 1, sent: 1 });
      expect(await record(table, n)).toMatchObject({ status: 'sent', attempts: 2, delivered: { sms: expect.any(String), email: expect.any(String) } });
      await deliverDue(table, localSenders, minutes(T0, 60));
      expect(await smsTo(n.phone)).toHaveLength(1);
      expect((await readOutbox(n.email)).filter((m) => m.channel === 'email')).toHaveLength(1);
      expect(await deadLetters(table)).toEqual([]);
    },
  );

  it('landed in the outbox but not recorded (a crash in the notifier): retried, and the outbox keeps one copy', async () => {
    const { platform: table } = await privateStack('notify-local-crash');
    const [n] = await notifications(table, [{ notifyBy: 'sms' }]);
    crashOn((e) => e.startsWith('SET delivered'));
    await expect(deliverDue(table, localSenders, T0)).rejects.toThrow('simulated crash');
    jest.restoreAllMocks();
    expect(await smsTo(n.phone)).toHaveLength(1);
    await drain(table, new Date(T0.getTime() + LEASE_MS + 1), 20, localSenders);
    expect(await record(table, n)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await smsTo(n.phone)).toHaveLength(1);
  });

  it('redrive of a dead letter whose message had landed: delivered again through the outbox, still one copy', async () => {
    const { platform: table } = await privateStack('notify-local-redrive');
    const [n] = await notifications(table, [{ notifyBy: 'sms' }]);
    // As before this fix: a sender taken as not deduplicating, the message landed, the record lost → dead, outcome unknown.
    const undeduplicated = { ...localSenders, deduplicates: false };
    crashOn((e) => e.startsWith('SET delivered'));
    await expect(deliverDue(table, undeduplicated, T0)).rejects.toThrow('simulated crash');
    jest.restoreAllMocks();
    expect(await deliverDue(table, undeduplicated, new Date(T0.getTime() + LEASE_MS + 1))).toEqual({ dead: 1 });
    expect(await smsTo(n.phone)).toHaveLength(1);

    expect(await redrive(table, n.notificationId!, minutes(T0, 30))).toBe('redriven');
    expect((await record(table, n)).inFlight).toBeUndefined();
    await drain(table, minutes(T0, 30), 20, localSenders);
    expect(await record(table, n)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await smsTo(n.phone)).toHaveLength(1);
  });
});

describe('concurrent notifiers', () => {
  it('three notifiers at once: every message published exactly once', async () => {
    const { platform: table } = await privateStack('notify-concurrent');
    const batch = await notifications(
      table,
      Array.from({ length: 20 }, (_, i) => ({ notifyBy: (['sms', 'email', 'both'] as const)[i % 3] })),
    );
    const tallies = await Promise.all([deliverDue(table, awsSenders, T0), deliverDue(table, awsSenders, T0), deliverDue(table, awsSenders, T0)]);
    expect(tallies.reduce((sum, t) => sum + (t.sent ?? 0), 0)).toBe(batch.length);
    for (const n of batch) {
      expect(await record(table, n)).toMatchObject({ status: 'sent', attempts: 1 });
      for (const channel of channelsOf(n.notifyBy)) expect(tried(n, channel)).toBe(1);
      expect(publishes(n)).toBe(n.notifyBy === 'email' ? 0 : 1);
    }
  });
});
