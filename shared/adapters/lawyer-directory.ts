// Reads lawyer profiles from the platform table for booking: role and licence never change after
// registration, so reading them before the transaction is safe; the lock, which does change, is
// re-checked inside the transaction.
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Party } from '../domain/booking';
import { ValidationFailed } from '../errors';
import { profileKey } from './platform-keys';
import { ddb, platformTableName } from './dynamo';

export async function loadParties(lawyerIds: string[]): Promise<Map<string, Party>> {
  const table = platformTableName();
  const found = new Map<string, Party>();
  let keys: Record<string, unknown>[] | undefined = [...new Set(lawyerIds)].map(profileKey);
  while (keys?.length) {
    const out: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
    for (const item of out.Responses?.[table] ?? []) {
      if (item.status !== 'confirmed' || (item.role !== 'lawyer' && item.role !== 'intern') || !item.licenseNo) continue;
      found.set(item.userId as string, {
        lawyerId: item.userId as string,
        role: item.role as Party['role'],
        licenseNo: item.licenseNo as string,
        lawFirm: (item.lawFirm as string | undefined) ?? '',
        name: (item.name as string | undefined) ?? '',
      });
    }
    keys = out.UnprocessedKeys?.[table]?.Keys;
  }
  const missing = lawyerIds.filter((id) => !found.has(id));
  if (missing.length) throw new ValidationFailed(`律师账号不存在或尚未确认：${missing.join('、')}`);
  return found;
}
