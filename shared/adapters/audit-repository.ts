// Audit records (R14): written by the one transaction writer every state change goes through, read
// per center and time range. A record lives in the table its change touched (the center's district
// table, or the platform table for accounts and the violation ledger) under
// `AUDIT#<centerId or "-">#<yyyy-mm>`, sorted by time; it expires only after the configured
// retention (at least 183 days, validated in config), never sooner.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { currentAuditScope, type AuditFacts, type AuditScope, type AuditValue } from '../audit';
import { clock } from '../clock';
import { cityConfig, findCenter } from '../config';
import { shanghaiDate, shanghaiIso } from '../time';
import { ulid } from '../ids';
import { ddb, districtTableName, platformTableName, type TxItem } from './dynamo';
import { readPage, type Page, type PageQuery } from './paging';
import { auditMonthPartition, auditPartition } from './district-keys';

export type { TxItem } from './dynamo';

export interface AuditRecord {
  auditId: string;
  at: string;
  actorId: string;
  actorRole: string;
  action: string;
  centerId: string | null;
  target: string | null;
  before: Record<string, AuditValue> | null;
  after: Record<string, AuditValue> | null;
  /** The items the change wrote (`Put|Update|Delete PK SK`). */
  changes: string[];
  requestId: string;
}

const MAX_CHANGES = 40;

function opOf(item: TxItem): { kind: string; table: string; key: Record<string, unknown> } | undefined {
  if (item.Put) return { kind: 'Put', table: item.Put.TableName!, key: { PK: item.Put.Item?.PK, SK: item.Put.Item?.SK } };
  if (item.Update) return { kind: 'Update', table: item.Update.TableName!, key: item.Update.Key! };
  if (item.Delete) return { kind: 'Delete', table: item.Delete.TableName!, key: item.Delete.Key! };
  return undefined;
}

function centerTable(centerId: string | undefined): string | undefined {
  const center = centerId ? findCenter(centerId) : undefined;
  if (!center) return undefined;
  try {
    return districtTableName(center.districtId);
  } catch {
    return undefined;
  }
}

/** The table the record goes to: the center's district table if the change touched it, else the platform table if touched, else the first one touched. */
function tableFor(items: TxItem[], facts: AuditFacts): string | undefined {
  const tables = items
    .map(opOf)
    .filter((o) => o !== undefined)
    .map((o) => o.table);
  if (tables.length === 0) return undefined;
  const district = centerTable(facts.centerId);
  if (district && tables.includes(district)) return district;
  const platform = process.env.PLATFORM_TABLE;
  if (platform && tables.includes(platform)) return platform;
  return tables[0];
}

/** The audit record item for a transaction of the current scope, or undefined when none is due. */
export function auditItemFor(items: TxItem[], scope: AuditScope | undefined, planFacts?: AuditFacts): TxItem | undefined {
  if (!scope) return undefined;
  if (scope.mode === 'request' && scope.written > 0) return undefined;
  const facts = { ...scope.facts, ...planFacts };
  const table = tableFor(items, facts);
  if (!table) return undefined;
  const { actor } = scope;
  // A request's changes share its time; a job's each happen when they commit.
  const when = scope.mode === 'job' ? clock.now() : actor.at;
  const at = shanghaiIso(when);
  const auditId = scope.mode === 'request' ? actor.requestId : `${actor.requestId}.${ulid()}`;
  const changes = items
    .map(opOf)
    .filter((o) => o !== undefined)
    .map((o) => `${o.kind} ${String(o.key.PK)} ${String(o.key.SK)}`)
    .slice(0, MAX_CHANGES);
  const record: AuditRecord = {
    auditId,
    at,
    actorId: actor.actorId,
    actorRole: actor.actorRole,
    action: actor.action,
    centerId: facts.centerId ?? null,
    target: facts.target ?? null,
    before: facts.before ?? null,
    after: facts.after ?? null,
    changes,
    requestId: actor.requestId,
  };
  const retentionDays = cityConfig().platform.retention.auditKeepDays;
  return {
    Put: {
      TableName: table,
      Item: {
        PK: auditPartition(facts.centerId, when),
        SK: `${at}#${auditId}`,
        ...record,
        expiresAt: Math.floor(when.getTime() / 1000) + retentionDays * 86_400,
      },
      // One record per request: a second one under the same id is refused by the database.
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * The one way a state change is written: the transaction, plus the audit record of the current
 * request or job run in the same transaction. `planFacts` override the scope's facts for this
 * transaction (a job changing several centers describes each one).
 */
export async function transactWrite(items: TxItem[], planFacts?: AuditFacts): Promise<void> {
  const scope = currentAuditScope();
  const audit = auditItemFor(items, scope, planFacts);
  await ddb.send(new TransactWriteCommand({ TransactItems: audit ? [...items, audit] : items }));
  if (audit && scope) scope.written += 1;
}

/**
 * One page of a center's audit records between two instants (inclusive), oldest first, merged from
 * every table and month partition that holds them (each sorted by `<at>#<auditId>`).
 */
export async function listAuditPage(centerId: string, from: Date, to: Date, page: PageQuery): Promise<Page<AuditRecord>> {
  const center = findCenter(centerId);
  const tables = [{ id: 'platform', table: platformTableName() }, ...(center ? [{ id: center.districtId, table: districtTableName(center.districtId) }] : [])];
  const months: string[] = [];
  for (let m = shanghaiDate(from).slice(0, 7); m <= shanghaiDate(to).slice(0, 7); m = nextMonth(m)) months.push(m);
  const lower = shanghaiIso(from);
  const upper = `${shanghaiIso(to)}#~`;
  const result = await readPage<Record<string, unknown>>({
    list: `GET /centers/{centerId}/audit|${centerId}|${lower}|${upper}`,
    sources: tables.flatMap(({ id, table }) =>
      months.map((month) => ({
        id: `${id}:${month}`,
        query: {
          TableName: table,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': auditMonthPartition(centerId, month), ':from': lower, ':to': upper },
        },
        keyAttributes: ['PK', 'SK'],
      })),
    ),
    limit: page.limit,
    cursor: page.cursor,
    orderBy: (item) => String(item.SK),
  });
  return { items: result.items.map(({ PK: _pk, SK: _sk, expiresAt: _e, ...record }) => record as unknown as AuditRecord), nextCursor: result.nextCursor };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
