// The DynamoDB DocumentClient (created once per process) and the table names this process may use.
// Table names come from env set by CDK (bindTable) or by the local runner; a district handler only
// knows the districts it serves, so a request for another district's center is a clean 404.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { NotFound } from '../errors';
import { tracer } from '../observability';

/** One item of a DynamoDB transaction (shared/adapters/transaction.ts plans them, audit-repository.ts commits them). */
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/** A stored item's primary key. */
export type Key = Record<string, string>;

export const ddb = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {})), {
  marshallOptions: { removeUndefinedValues: true },
});

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const platformTableName = (): string => required('PLATFORM_TABLE');

/** `DISTRICT_TABLES=minhang=<table>,changning=<table>` → Map. */
function parseTableMap(raw: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (raw ?? '').split(',').filter(Boolean)) {
    const [district, table] = pair.split('=');
    if (district && table) map.set(district, table);
  }
  return map;
}

export function servedDistricts(): string[] {
  return [...parseTableMap(process.env.DISTRICT_TABLES).keys()];
}

export function districtTableName(districtId: string): string {
  const table = parseTableMap(process.env.DISTRICT_TABLES).get(districtId);
  if (!table) throw new NotFound('该看守所不由本区县接口服务');
  return table;
}

/** `platform` or the district a table belongs to, for ids that must find their table again. */
export function scopeOfTable(table: string): string {
  if (table === process.env.PLATFORM_TABLE) return 'platform';
  for (const [district, name] of parseTableMap(process.env.DISTRICT_TABLES)) if (name === table) return district;
  throw new Error(`table ${table} is not served here`);
}

/** The table of a scope from scopeOfTable. */
export const tableOfScope = (scope: string): string => (scope === 'platform' ? platformTableName() : districtTableName(scope));

/** Index of the first transaction item whose condition failed, or -1. */
export function failedConditionIndex(error: unknown): number {
  if ((error as Error)?.name !== 'TransactionCanceledException') return -1;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
}

export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** True when DynamoDB cancelled a transaction only because another one touched the same items. */
export function isTransactionConflict(error: unknown): boolean {
  const name = (error as Error)?.name;
  if (name === 'TransactionConflictException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'TransactionConflict') && !reasons.some((r) => r.Code === 'ConditionalCheckFailed');
}

/** Runs a transaction again (with jitter) while it only lost a conflict; conditions still decide. */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= attempts || !isTransactionConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/** Every item of a Query, following LastEvaluatedKey through all pages. */
export async function queryAll<T = Record<string, unknown>>(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await ddb.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...((out.Items ?? []) as T[]));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
