// Local mode's notifier: polls the outbox records of every local table (the cloud reacts to
// DynamoDB Streams instead) and delivers them with the same code as the cloud into the local
// outbox (GET /_local/outbox), with the injected clock.
import { clock } from '../shared/clock';
import { cityConfig } from '../shared/config';
import { deliverDue, type Senders } from '../shared/notifications/deliver';
import { districtTable, localTableName, platformTable } from '../shared/tables';
import { shanghaiIso } from '../shared/time';
import { deliverToOutbox } from './outbox';

/** The outbox is keyed by the sender key: a retry of an interrupted send never lands twice. */
export const localSenders: Senders = {
  deduplicates: true,
  sms: (phone, text, meta) => deliverToOutbox({ channel: 'sms', to: phone, kind: meta.kind, body: text, sentAt: shanghaiIso(clock.now()) }, meta.sendKey),
  email: (address, subject, body, meta) =>
    deliverToOutbox({ channel: 'email', to: address, kind: meta.kind, body: `${subject}\n\n${body}`, sentAt: shanghaiIso(clock.now()) }, meta.sendKey),
};

const tables = () => [localTableName(platformTable), ...cityConfig().districts.map((d) => localTableName(districtTable, d.districtId))];

/** One pass over every table; returns how many notifications ended in each state. */
export async function deliverLocalNotifications(senders: Senders = localSenders): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (const table of tables()) {
    for (const [status, count] of Object.entries(await deliverDue(table, senders, clock.now()))) tally[status] = (tally[status] ?? 0) + count;
  }
  return tally;
}

/** Polls until stopped; a failed pass is logged and retried on the next tick. */
export function startLocalNotifier(intervalMs = 250): () => Promise<void> {
  let running = true;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    while (running) {
      current = deliverLocalNotifications().catch((e: unknown) => console.error(JSON.stringify({ level: 'ERROR', message: 'local notifier pass failed', error: String(e) })));
      await current;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };
  void tick();
  return async () => {
    running = false;
    await current;
  };
}
