// The district report's reads (B8) in a district table, on keys and indexes only — never a Scan, so
// a report's cost follows the days and centers asked for, not the table's history: a day's
// interrogations (GSI1 `INTERROGATIONS#<c>#<date>`, counted), urgent requests by deadline (GSI1
// `URGENT#<c>`) and open ones (GSI2 `URGENTOPEN#<c>`, counted). The day queue, the sessions and the
// suggestion register are read through their own modules. The arithmetic is in shared/domain/reports.ts.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { UrgentFacts } from '../domain/reports';
import { interrogationDayIndex, urgentDeadlineIndex, urgentOpenIndex } from './district-keys';
import { ddb, queryAll } from './dynamo';

/** GSI1 `INTERROGATIONS#<c>#<date>`: the day's interrogations (R7), cancelled ones left out. */
const interrogationDayPk = (centerId: string, date: string): string => interrogationDayIndex(centerId, date, '', 0).GSI1PK;
/** GSI1 `URGENT#<c>` (SK `<deadline>#<id>`) and GSI2 `URGENTOPEN#<c>` of urgent requests (B2). */
const urgentPk = (centerId: string): string => urgentDeadlineIndex(centerId, '', '').GSI1PK;
const urgentOpenPk = (centerId: string): string => urgentOpenIndex(centerId, '', '').GSI2PK;

async function countQuery(input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Select'>): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey }));
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** Interrogations of a center's day that were not cancelled. */
export async function interrogationsOn(table: string, centerId: string, date: string): Promise<number> {
  return countQuery({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    // An interrogation a closure or an unavailability cancelled did not take place.
    FilterExpression: 'attribute_not_exists(#status) OR NOT begins_with(#status, :cancelled)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': interrogationDayPk(centerId, date), ':cancelled': 'cancelled' },
  });
}

/** Urgent requests of a center with a deadline from `from` to `to`, by deadline date. */
export async function urgentByDeadline(table: string, centerId: string, from: string, to: string): Promise<Map<string, UrgentFacts[]>> {
  const items = await queryAll<{ GSI1SK: string; status: string; placedOnTime?: boolean | null }>({
    TableName: table,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': urgentPk(centerId), ':from': `${from}T`, ':to': `${to}T~` },
  });
  const byDate = new Map<string, UrgentFacts[]>();
  for (const item of items) {
    const date = item.GSI1SK.slice(0, 10);
    byDate.set(date, [...(byDate.get(date) ?? []), { status: item.status, placedOnTime: item.placedOnTime }]);
  }
  return byDate;
}

/** How many urgent requests of a center are open now (the sparse open index). */
export const countOpenUrgent = (table: string, centerId: string): Promise<number> =>
  countQuery({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': urgentOpenPk(centerId) },
  });
