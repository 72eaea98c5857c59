// The licence registry in the platform table (R1a): `REGISTRY#<licenseNo>` / `ENTRY`, imported by
// admins from the bar association's export. An import also mirrors each entry's status and law firm
// onto the profile of the account registered with that licence, so the booking transaction's check
// of the lawyer's profile (already there for the lockout) refuses a suspended licence with no extra
// item, and interns are matched to the lead's firm as the registry has it (R11a).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, itemKey } from './batch-read';
import type { RegistryEntry } from '../domain/registry';
import { normalizePhone } from '../domain/accounts';
import { ddb, platformTableName } from './dynamo';
import { profileKey, licenseKey, registryKey } from './platform-keys';
import { TransactionPlan } from './transaction';
import { shanghaiIso } from '../time';

export interface StoredRegistryEntry extends RegistryEntry {
  importedAt: string;
}

const entryOf = (item: Record<string, unknown>): StoredRegistryEntry => ({
  licenseNo: item.licenseNo as string,
  name: item.name as string,
  lawFirm: item.lawFirm as string,
  phone: item.phone as string,
  role: item.role as RegistryEntry['role'],
  status: item.status as RegistryEntry['status'],
  importedAt: item.importedAt as string,
});

export async function getRegistryEntry(licenseNo: string): Promise<StoredRegistryEntry | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: platformTableName(), Key: registryKey(licenseNo), ConsistentRead: true }));
  return out.Item ? entryOf(out.Item) : undefined;
}

/** Entries per transaction: each writes its entry and may update one profile, plus the audit record. */
const ENTRIES_PER_TRANSACTION = 49;
const MAX_ROUNDS = 5;

/**
 * Upserts the entries (already validated as a whole) and mirrors status and firm onto registered
 * accounts. Created/updated is decided by the write's own condition, so two imports racing on a
 * licence still count it once as created.
 */
export async function importRegistry(entries: RegistryEntry[], now: Date): Promise<{ created: number; updated: number }> {
  const table = platformTableName();
  const importedAt = shanghaiIso(now);
  let created = 0;
  let updated = 0;
  for (let start = 0; start < entries.length; start += ENTRIES_PER_TRANSACTION) {
    const chunk = entries.slice(start, start + ENTRIES_PER_TRANSACTION);
    for (let round = 0; ; round++) {
      const existing = await batchGetAll(
        table,
        chunk.flatMap((e) => [registryKey(e.licenseNo), licenseKey(e.licenseNo)]),
      );
      const accountIds = chunk.map((e) => existing.get(itemKey(licenseKey(e.licenseNo)))?.userId as string | undefined).filter((id): id is string => Boolean(id));
      const profiles = await batchGetAll(table, accountIds.map(profileKey));
      const plan = new TransactionPlan();
      let chunkCreated = 0;
      for (const entry of chunk) {
        const existed = existing.has(itemKey(registryKey(entry.licenseNo)));
        if (!existed) chunkCreated++;
        plan.add(
          {
            Put: {
              TableName: table,
              Item: { ...registryKey(entry.licenseNo), ...entry, phone: normalizePhone(entry.phone), importedAt },
              ConditionExpression: existed ? 'attribute_exists(PK)' : 'attribute_not_exists(PK)',
            },
          },
          () => 'retry',
        );
        const accountId = existing.get(itemKey(licenseKey(entry.licenseNo)))?.userId as string | undefined;
        const profile = accountId ? profiles.get(itemKey(profileKey(accountId))) : undefined;
        if (accountId && profile?.licenseNo === entry.licenseNo) {
          plan.add(
            {
              Update: {
                TableName: table,
                Key: profileKey(accountId),
                UpdateExpression: 'SET licenceSuspended = :suspended, lawFirm = :firm',
                // Still the profile read above (a takeover of the licence gives it another account).
                ConditionExpression: 'attribute_exists(PK) AND licenseNo = :license',
                ExpressionAttributeValues: { ':suspended': entry.status === 'suspended', ':firm': entry.lawFirm, ':license': entry.licenseNo },
              },
            },
            () => 'retry',
          );
        }
      }
      if ((await plan.commit()) === 'committed') {
        created += chunkCreated;
        updated += chunk.length - chunkCreated;
        break;
      }
      if (round >= MAX_ROUNDS) throw new Error('licence registry import kept conflicting with other writes');
    }
  }
  return { created, updated };
}
