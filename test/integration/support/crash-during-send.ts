// Child process of test/integration/notifier.test.ts (issue 23 F2): runs one pass of the notifier
// over a table with local mode's senders and kills itself with SIGKILL during the first send — the
// process dies as `kill -9` kills `npm start`, with nothing after the send recorded.
//   tsx crash-during-send.ts <table> <now ISO> <mode>
//   mode  landed: the message reached the local outbox, then the kill (before the channel is recorded)
//         in-flight: the outbox write is handed to the socket, then the kill at once (it may or may not land)
import { deliverDue, type Senders } from '../../../shared/notifications/deliver';
import { localSenders } from '../../../local/notifier';

const [table, nowIso, mode] = process.argv.slice(2);
if (!table || !nowIso || !['landed', 'in-flight'].includes(mode)) throw new Error('usage: crash-during-send.ts <table> <now ISO> landed|in-flight');

const kill = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const send = (inner: () => Promise<void>) => async (): Promise<void> => {
  if (mode === 'landed') {
    await inner();
    kill();
  }
  // Start the outbox write, let the request leave, and die without waiting for its answer.
  void inner().catch(() => undefined);
  await new Promise((r) => setImmediate(r));
  kill();
};

const senders: Senders = {
  deduplicates: localSenders.deduplicates,
  sms: (phone, text, meta) => send(() => localSenders.sms(phone, text, meta))(),
  email: (address, subject, body, meta) => send(() => localSenders.email(address, subject, body, meta))(),
};

void deliverDue(table, senders, new Date(nowIso)).then(() => {
  // Nothing to send: the parent expects the kill, a clean exit tells it the pass never sent.
  process.exit(3);
});
