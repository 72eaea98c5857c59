// POST /me/preferences — a lawyer chooses how they are notified: SMS, e-mail or both (B7).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { transactWrite } from '../shared/adapters/audit-repository';
import { profileKey } from '../shared/adapters/platform-keys';
import { ddb, failedConditionIndex, platformTableName } from '../shared/adapters/dynamo';
import { noteAudit } from '../shared/audit';
import { InvalidState, NotFound } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.setPreferences, async ({ body, principal }) => {
  const TableName = platformTableName();
  const profile = (await ddb.send(new GetCommand({ TableName, Key: profileKey(principal.userId), ConsistentRead: true }))).Item;
  if (!profile) throw new NotFound('账号不存在');
  noteAudit({ target: principal.userId, before: { notifyBy: (profile.notifyBy as string | undefined) ?? 'sms' }, after: { notifyBy: body.notifyBy } });
  try {
    await transactWrite([
      {
        Update: {
          TableName,
          Key: profileKey(principal.userId),
          UpdateExpression: 'SET notifyBy = :by',
          // E-mail only works for someone who gave an address at registration.
          ConditionExpression: body.notifyBy === 'sms' ? 'attribute_exists(PK)' : 'attribute_exists(PK) AND attribute_exists(email)',
          ExpressionAttributeValues: { ':by': body.notifyBy },
        },
      },
    ]);
    return ok({ notifyBy: body.notifyBy, email: (profile.email as string | undefined) ?? null });
  } catch (e) {
    if (failedConditionIndex(e) >= 0) throw new InvalidState('注册时未填写电子邮箱，不能选择邮件通知');
    throw e;
  }
});
