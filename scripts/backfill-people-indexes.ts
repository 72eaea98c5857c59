// One-off migration for data written before release 2, part 3: gives older records the index items
// the new look-ups read (the write paths add them to everything created since).
//   - detainees: the list index keys (GSI1/GSI2) and the name-search items (shared/adapters/detainee-index.ts)
//   - bindings: the detainee's permanent pointer (`DETAINEE#<d>` / `BINDING#<id>`, staff's detainee page)
//   - urgent requests: the lawyer's pointer (`LAWYER#<id>` / `URGREQ#<createdAt>#<id>`, GET /me/urgent-requests)
// It scans each district table once — an ops job, never a request path — and every write is
// idempotent (a second run changes nothing), so it can run while the API serves and be re-run after
// a failure. A detainee released while it runs keeps the release's own index keys (conditional update).
//
//   DISTRICT_TABLES=minhang=<table>[,…] [DYNAMODB_ENDPOINT=…] npx tsx scripts/backfill-people-indexes.ts [--dry-run]
import { BatchWriteCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { lawyerUrgentKey, detaineeBindingKey, detaineeKey, BINDING_PREFIX, DETAINEE_PREFIX, URGENT_REQUEST_PREFIX } from '../shared/adapters/district-keys';
import { detaineeListIndex, nameIndexItems } from '../shared/adapters/detainee-index';
import { ddb, districtTableName, isConditionFailure, servedDistricts } from '../shared/adapters/dynamo';

export interface BackfillReport {
  table: string;
  detaineesIndexed: number;
  nameItems: number;
  bindingPointers: number;
  urgentPointers: number;
}

type Item = Record<string, unknown>;

async function putAll(table: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; pending.length; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(round, 6)));
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  }
}

/** Backfills one district table; `dryRun` only counts what it would write. */
export async function backfillTable(table: string, dryRun = false): Promise<BackfillReport> {
  const report: BackfillReport = { table, detaineesIndexed: 0, nameItems: 0, bindingPointers: 0, urgentPointers: 0 };
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await ddb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression:
          '(begins_with(PK, :detainee) AND SK = :profile AND attribute_not_exists(GSI1PK)) OR (begins_with(PK, :binding) AND SK = :bindingSk) OR (begins_with(PK, :urgent) AND SK = :urgentSk)',
        ExpressionAttributeValues: {
          ':detainee': DETAINEE_PREFIX,
          ':profile': 'PROFILE',
          ':binding': BINDING_PREFIX,
          ':bindingSk': 'BINDING',
          ':urgent': URGENT_REQUEST_PREFIX,
          ':urgentSk': 'URGENT',
        },
        ExclusiveStartKey,
      }),
    );
    const puts: Item[] = [];
    for (const item of page.Items ?? []) {
      if (item.SK === 'PROFILE') {
        const d = item as { detaineeId: string; centerId: string; name: string; status: 'active' | 'released' | 'transferred' };
        const names = nameIndexItems(d);
        puts.push(...names);
        report.nameItems += names.length;
        report.detaineesIndexed++;
        if (dryRun) continue;
        const index = detaineeListIndex(d);
        await ddb
          .send(
            new UpdateCommand({
              TableName: table,
              Key: detaineeKey(d.detaineeId),
              UpdateExpression: 'SET GSI1PK = :g1, GSI1SK = :g1s, GSI2PK = :g2, GSI2SK = :g2s',
              // A release since the scan wrote its own list key: leave the record to it.
              ConditionExpression: 'attribute_exists(PK) AND #status = :seen AND attribute_not_exists(GSI1PK)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':g1': index.GSI1PK, ':g1s': index.GSI1SK, ':g2': index.GSI2PK, ':g2s': index.GSI2SK, ':seen': d.status },
            }),
          )
          .catch((e: unknown) => {
            if (!isConditionFailure(e)) throw e;
          });
      } else if (item.SK === 'BINDING') {
        puts.push({ ...detaineeBindingKey(String(item.detaineeId), String(item.bindingId)), bindingId: item.bindingId });
        report.bindingPointers++;
      } else if (item.SK === 'URGENT') {
        puts.push({ ...lawyerUrgentKey(String(item.lawyerId), String(item.createdAt), String(item.requestId)), requestId: item.requestId });
        report.urgentPointers++;
      }
    }
    if (!dryRun) await putAll(table, puts);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return report;
}

if (require.main === module) {
  const dryRun = process.argv.includes('--dry-run');
  (async () => {
    const districts = servedDistricts();
    if (districts.length === 0) throw new Error('DISTRICT_TABLES is not set (e.g. DISTRICT_TABLES=minhang=<table name>)');
    for (const district of districts) {
      const report = await backfillTable(districtTableName(district), dryRun);
      console.log(`${dryRun ? '[dry run] ' : ''}${district}: ${JSON.stringify(report)}`);
    }
  })().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
