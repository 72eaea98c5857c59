// POST /admin/notifications/{notificationId}/redrive — ops give a dead letter a fresh set of attempts.
import { noteAudit } from '../shared/audit';
import { tableOfScope } from '../shared/adapters/dynamo';
import { redrive } from '../shared/notifications/deliver';
import { InvalidState, NotFound } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.redriveNotification, async ({ params, now }) => {
  const [prefix, scope] = params.notificationId.split('.');
  if (prefix !== 'nt' || !scope) throw new NotFound('通知不存在');
  noteAudit({ before: { status: 'dead' }, after: { status: 'pending' } });
  const result = await redrive(tableOfScope(scope), params.notificationId, now);
  if (result === 'missing') throw new NotFound('通知不存在');
  if (result === 'not-dead') throw new InvalidState('只有死信通知可以重新投递');
  return ok({ notificationId: params.notificationId, status: 'pending' });
});
