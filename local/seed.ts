// Seed data of local mode (SPEC §5), idempotent: the demo districts and centers come from config/
// (闵行, 长宁, 嘉定 online, plus 嘉定第二看守所 not online yet); the `admin` account is created once
// and its password reset to LOCAL_ADMIN_PASSWORD at every start (with its login failure streak
// forgotten and the account enabled, so a locked-out developer only has to restart); the demo
// licence registry (local/demo-registry.json) is added where its entries are missing, so an
// admin's edits survive.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createStaffAccount, getUser } from '../shared/adapters/account-repository';
import { ddb, platformTableName } from '../shared/adapters/dynamo';
import { getRegistryEntry, importRegistry } from '../shared/adapters/lawyer-registry';
import type { RegistryEntry } from '../shared/domain/registry';
import { clock } from '../shared/clock';
import { AlreadyExists } from '../shared/errors';
import { shanghaiIso } from '../shared/time';
import type { LocalIdentityProvider } from './identity-provider';
import { loginFailuresKey, accountIndexKeys, profileKey } from '../shared/adapters/platform-keys';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_USER_ID = 'us_admin';

export const DEMO_REGISTRY_FILE = path.join(__dirname, 'demo-registry.json');

async function seedDemoRegistry(): Promise<void> {
  const { entries } = JSON.parse(readFileSync(DEMO_REGISTRY_FILE, 'utf8')) as { entries: RegistryEntry[] };
  const present = await Promise.all(entries.map((e) => getRegistryEntry(e.licenseNo)));
  const missing = entries.filter((_, i) => !present[i]);
  if (missing.length) await importRegistry(missing, clock.now());
}

export async function seedLocalData(identity: LocalIdentityProvider, adminPassword: string): Promise<void> {
  await seedDemoRegistry();
  // Start-up only, single process: a read before the write is fine here.
  if (!(await getUser(ADMIN_USER_ID))) {
    await createStaffAccount({
      userId: ADMIN_USER_ID,
      username: ADMIN_USERNAME,
      role: 'admin',
      status: 'confirmed',
      createdAt: shanghaiIso(clock.now()),
      centerIds: [],
    }).catch(async (e: unknown) => {
      // Lost a race with a parallel local process seeding the same account: that is the goal.
      if (!(await getUser(ADMIN_USER_ID))) throw e;
    });
  }
  // Data persisted by an older version may lack the accounts index keys (GET /admin/users).
  const index = accountIndexKeys({ role: 'admin', username: ADMIN_USERNAME });
  await ddb.send(
    new UpdateCommand({
      TableName: platformTableName(),
      Key: profileKey(ADMIN_USER_ID),
      UpdateExpression: 'SET GSI1PK = :pk, GSI1SK = :sk, disabled = :no',
      ExpressionAttributeValues: { ':pk': index.GSI1PK, ':sk': index.GSI1SK, ':no': false },
    }),
  );
  await ddb.send(new DeleteCommand({ TableName: platformTableName(), Key: loginFailuresKey(ADMIN_USERNAME) }));
  await identity.deleteUser(ADMIN_USERNAME);
  try {
    await identity.adminCreateUser({ username: ADMIN_USERNAME, password: adminPassword, group: 'admin', attributes: { userId: ADMIN_USER_ID } });
  } catch (e) {
    // Another local process (a parallel test worker) seeded it between our delete and create.
    if (!(e instanceof AlreadyExists)) throw e;
  }
}
