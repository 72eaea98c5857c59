// The cloud's senders: SMS straight to a phone number through SNS (transactional), e-mail through
// SES — SNS can only e-mail addresses subscribed to a topic, which does not fit one message to one
// person. The sender address comes from NOTIFY_EMAIL_FROM (a verified SES identity).
// Neither API deduplicates a direct send: SNS's MessageDeduplicationId applies to FIFO topics only
// (which cannot deliver to a phone), SESv2 SendEmail has no idempotency token. So these senders say
// `deduplicates: false`, and the notifier records each channel as in flight before the call
// (shared/notifications/deliver.ts). The sender key is still passed on where the API carries it: as the
// e-mail's `outbox-key` tag (in SES event publishing, to match a delivery to its outbox record).
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Senders } from '../use-cases/ports/senders';
import { tracer } from '../observability';

const sns = tracer.captureAWSv3Client(new SNSClient({}));
const ses = tracer.captureAWSv3Client(new SESv2Client({}));

/** SES tag values allow only ASCII letters, digits, `_` and `-`. */
export const sesTagValue = (key: string): string => key.replace(/[^A-Za-z0-9_-]/g, '_');

export const awsSenders: Senders = {
  deduplicates: false,
  async sms(phone, text) {
    await sns.send(
      new PublishCommand({
        PhoneNumber: phone,
        Message: text,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
  },
  async email(address, subject, body, meta) {
    const from = process.env.NOTIFY_EMAIL_FROM;
    if (!from) throw Object.assign(new Error('NOTIFY_EMAIL_FROM is not set'), { name: 'ConfigurationError' });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [address] },
        Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: body, Charset: 'UTF-8' } } } },
        EmailTags: [{ Name: 'outbox-key', Value: sesTagValue(meta.sendKey) }],
      }),
    );
  },
};
