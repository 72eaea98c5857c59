// Reads lawyer profiles from the platform table for booking: role and licence never change after
// registration, so reading them before the transaction is safe; the lock and the suspension, which
// do change, are re-checked inside the transaction.
import type { Party } from '../domain/booking';
import { ValidationFailed } from '../errors';
import { batchGetAll, itemKey } from './batch-read';
import { profileKey } from './platform-keys';
import { platformTableName } from './dynamo';
import type { Key } from './transaction';

/** The profile keys of the named lawyers, for a read batched with others (the booking's first wave). */
export const partyKeys = (lawyerIds: string[]): Key[] => [...new Set(lawyerIds)].map(profileKey);

/**
 * The named lawyers as booking parties, from their profiles as read (`found` by `itemKey`); 400
 * VALIDATION_FAILED names every id that is not a confirmed lawyer's or intern's account.
 */
export function partiesFrom(lawyerIds: string[], found: Map<string, Record<string, unknown>>): Map<string, Party> {
  const parties = new Map<string, Party>();
  for (const id of new Set(lawyerIds)) {
    const item = found.get(itemKey(profileKey(id)));
    if (!item || item.status !== 'confirmed' || (item.role !== 'lawyer' && item.role !== 'intern') || !item.licenseNo) continue;
    parties.set(id, {
      lawyerId: id,
      role: item.role,
      licenseNo: item.licenseNo as string,
      lawFirm: (item.lawFirm as string | undefined) ?? '',
      name: (item.name as string | undefined) ?? '',
    });
  }
  const missing = lawyerIds.filter((id) => !parties.has(id));
  if (missing.length) throw new ValidationFailed(`律师账号不存在或尚未确认：${missing.join('、')}`);
  return parties;
}

export async function loadParties(lawyerIds: string[]): Promise<Map<string, Party>> {
  return partiesFrom(lawyerIds, await batchGetAll(platformTableName(), partyKeys(lawyerIds)));
}
