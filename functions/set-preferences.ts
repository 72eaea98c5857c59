// POST /me/preferences — a lawyer chooses how they are notified: SMS, e-mail or both (B7).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { profileKey } from '../shared/adapters/booking-keys';
import { ddb, isConditionFailure, platformTableName } from '../shared/adapters/dynamo';
import { InvalidState } from '../shared/errors';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler('POST /me/preferences', async ({ body, principal }) => {
  try {
    const out = await ddb.send(
      new UpdateCommand({
        TableName: platformTableName(),
        Key: profileKey(principal.userId),
        UpdateExpression: 'SET notifyBy = :by',
        // E-mail only works for someone who gave an address at registration.
        ConditionExpression: body.notifyBy === 'sms' ? 'attribute_exists(PK)' : 'attribute_exists(PK) AND attribute_exists(email)',
        ExpressionAttributeValues: { ':by': body.notifyBy },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return ok({ notifyBy: body.notifyBy, email: (out.Attributes?.email as string | undefined) ?? null });
  } catch (e) {
    if (isConditionFailure(e)) throw new InvalidState('注册时未填写电子邮箱，不能选择邮件通知');
    throw e;
  }
});
