// GET /admin/notifications?status=dead&limit=&cursor= — ops see notifications waiting, retrying or
// dead-lettered in the platform table and every district this API serves (B7), oldest first.
import { queuedNotificationsPage } from '../shared/notifications/deliver';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.listNotifications, async ({ query }) => {
  const page = await queuedNotificationsPage(query.status, query);
  return ok({
    notifications: page.items.map((n) => ({
      notificationId: n.notificationId,
      kind: n.kind,
      recipientId: n.recipientId,
      status: n.status,
      attempts: n.attempts,
      createdAt: n.createdAt,
      lastError: n.lastError ?? null,
      nextAttemptAt: n.nextAttemptAt ?? null,
    })),
    nextCursor: page.nextCursor,
  });
});
