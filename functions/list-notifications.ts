// GET /admin/notifications?status=dead — ops see notifications waiting, retrying or dead-lettered
// in the platform table and every district this API serves (B7).
import { districtTableName, platformTableName, servedDistricts } from '../shared/adapters/dynamo';
import { queuedNotifications } from '../shared/notifications/deliver';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler('GET /admin/notifications', async ({ query }) => {
  const tables = [platformTableName(), ...servedDistricts().map(districtTableName)];
  const all = (await Promise.all(tables.map((t) => queuedNotifications(t, query.status)))).flat();
  return ok({
    notifications: all
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((n) => ({
        notificationId: n.notificationId,
        kind: n.kind,
        recipientId: n.recipientId,
        status: n.status,
        attempts: n.attempts,
        createdAt: n.createdAt,
        lastError: n.lastError ?? null,
        nextAttemptAt: n.nextAttemptAt ?? null,
      })),
  });
});
