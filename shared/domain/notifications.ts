// The states of an outbox notification (B7): written pending, claimed (sending) by one notifier,
// then sent, failed (to be retried) or dead (ops redrive it). Spelled here, below both the outbox
// (shared/notifications/outbox.ts) and the keys that index by it (shared/adapters/district-keys.ts).
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';
