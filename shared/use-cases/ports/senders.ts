// The senders as delivery (shared/notifications/deliver.ts) sees them: SNS and SES in the cloud
// (shared/adapters/aws-senders.ts), the local outbox in local mode (local/notifier.ts).
export interface Senders {
  sms(phone: string, text: string, meta: MessageMeta): Promise<void>;
  email(address: string, subject: string, body: string, meta: MessageMeta): Promise<void>;
}

export interface MessageMeta {
  notificationId: string;
  kind: string;
}
