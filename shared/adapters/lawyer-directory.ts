// Reads lawyer profiles from the platform table for booking: role and licence never change after
// registration, so reading them before the transaction is safe; the lock and the suspension, which
// do change, are re-checked inside the transaction.
import type { Party } from '../domain/booking';
import { requireParties } from '../domain/booking';
import { batchGetAll, itemKey } from './batch-read';
import { profileKey } from './platform-keys';
import { platformTableName } from './dynamo';
import type { Key } from './transaction';

/** The profile keys of the named lawyers, for a read batched with others (the booking's first wave). */
export const partyKeys = (lawyerIds: string[]): Key[] => [...new Set(lawyerIds)].map(profileKey);

/** The confirmed lawyer and intern accounts among the named ids, from their profiles as read (`found` by `itemKey`). */
export function partiesFound(lawyerIds: string[], found: Map<string, Record<string, unknown>>): Map<string, Party> {
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
  return parties;
}

/** The named lawyers as booking parties; 400 VALIDATION_FAILED names every id that is not a confirmed lawyer's or intern's account. */
export async function loadParties(lawyerIds: string[]): Promise<Map<string, Party>> {
  return requireParties(lawyerIds, partiesFound(lawyerIds, await batchGetAll(platformTableName(), partyKeys(lawyerIds))));
}
