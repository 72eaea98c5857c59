// POST /_local/retention runs the retention job the cloud schedules daily (shared/use-cases/retention.ts),
// then does what DynamoDB TTL does in the cloud and DynamoDB Local does not: deletes the items of every
// local table whose `expiresAt` (epoch seconds) is past by the local clock. Local mode only: the cloud
// never scans a table.
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { clock } from '../shared/clock';
import { ddb, districtTableName, platformTableName, servedDistricts } from '../shared/adapters/dynamo';
import { asSystemJob } from '../shared/scheduled';
import { retention, type RetentionReport } from '../shared/use-cases/retention';

/** Deletes the expired items of the local tables (what TTL would have deleted by now); returns how many. */
export async function expireLocalItems(now: Date): Promise<number> {
  const tables = [platformTableName(), ...servedDistricts().map(districtTableName)];
  let deleted = 0;
  for (const TableName of tables) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await ddb.send(
        new ScanCommand({
          TableName,
          FilterExpression: 'expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          ProjectionExpression: 'PK, SK',
          ExclusiveStartKey,
        }),
      );
      for (const item of (out.Items ?? []) as { PK: string; SK: string }[]) {
        await ddb.send(new DeleteCommand({ TableName, Key: { PK: item.PK, SK: item.SK } }));
        deleted += 1;
      }
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return deleted;
}

export async function runLocalRetention(): Promise<RetentionReport & { expiredDeleted: number }> {
  const now = clock.now();
  const report = await asSystemJob('retention', () => retention(now));
  return { ...report, expiredDeleted: await expireLocalItems(now) };
}
