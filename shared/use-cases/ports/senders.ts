// The senders as delivery (shared/notifications/deliver.ts) sees them: SNS and SES in the cloud
// (shared/adapters/aws-senders.ts), the local outbox in local mode (local/notifier.ts).
export interface Senders {
  sms(phone: string, text: string, meta: MessageMeta): Promise<void>;
  email(address: string, subject: string, body: string, meta: MessageMeta): Promise<void>;
  /**
   * True when a second call with the same `meta.sendKey` never delivers a second message (it
   * returns as if it had sent). The notifier then retries an interrupted send; otherwise it records
   * each channel as in flight before handing it over, and an interrupted in-flight send is a dead letter.
   */
  readonly deduplicates: boolean;
}

export interface MessageMeta {
  notificationId: string;
  kind: string;
  /** `<notificationId>.<channel>`: the same for every attempt and redrive of this message. */
  sendKey: string;
}
