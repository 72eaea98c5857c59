// A DynamoDB transaction assembled item by item, each with what its failed condition means. The
// database decides (capacity, queue order, double booking, lockout); this maps its verdict to the
// contract's error or to "retry" (an optimistic version moved, or a conflicting transaction).
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditFacts } from '../audit';
import { transactWrite } from './audit-repository';
import type { Key, TxItem } from './dynamo';

export type { Key, TxItem } from './dynamo';
/**
 * What a failed condition means: an error to answer with, or 'retry' to redo. `current` is the item
 * as the transaction found it: a caller that keeps it (e.g. a session that moved) redoes without
 * reading again. Every failed item of a cancelled transaction is told; the first one decides.
 */
export type OnFailure = (current: Record<string, unknown> | undefined) => Error | 'retry';

interface Planned {
  item: TxItem;
  onFailure?: OnFailure;
}

export const MAX_TRANSACTION_ITEMS = 100;

function targetOf(item: TxItem): { table: string; key: Key } {
  const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
  if (!op) throw new Error('empty transaction item');
  const key = 'Item' in op && op.Item ? { PK: String(op.Item.PK), SK: String(op.Item.SK) } : (op as { Key: Key }).Key;
  return { table: op.TableName!, key };
}

const keyString = (table: string, key: Key) => `${table}|${key.PK}|${key.SK}`;

export class TransactionPlan {
  private readonly planned = new Map<string, Planned>();
  private facts: AuditFacts | undefined;

  /** What this transaction's audit record says beyond the request's own facts (R14). */
  audit(facts: AuditFacts): this {
    this.facts = { ...this.facts, ...facts };
    return this;
  }

  /** Adds an item; a second item on the same key is a programming error (DynamoDB refuses it). */
  add(item: TxItem, onFailure?: OnFailure): this {
    const { table, key } = targetOf(item);
    const id = keyString(table, key);
    if (this.planned.has(id)) throw new Error(`transaction touches ${id} twice`);
    const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
    if (onFailure && op && 'ConditionExpression' in op && op.ConditionExpression) {
      (op as { ReturnValuesOnConditionCheckFailure?: string }).ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    }
    this.planned.set(id, { item, onFailure });
    return this;
  }

  /** The item already planned on this table and key, to merge with instead of touching it twice. */
  find(table: string, key: Key): TxItem | undefined {
    return this.planned.get(keyString(table, key))?.item;
  }

  /** The planned items, for a transaction written by other means (e.g. riding along another's). */
  items(): TxItem[] {
    return [...this.planned.values()].map((p) => p.item);
  }

  get size(): number {
    return this.planned.size;
  }

  /** Commits; 'retry' when a version moved or another transaction conflicted; throws mapped errors. */
  async commit(): Promise<'committed' | 'retry'> {
    // One item is kept free for the audit record.
    if (this.planned.size > MAX_TRANSACTION_ITEMS - 1) throw new Error(`transaction of ${this.planned.size} items exceeds ${MAX_TRANSACTION_ITEMS - 1} (plus the audit record)`);
    const entries = [...this.planned.values()];
    try {
      await transactWrite(
        entries.map((e) => e.item),
        this.facts,
      );
      return 'committed';
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'TransactionConflictException') return 'retry';
      if (name !== 'TransactionCanceledException') throw e;
      const reasons = (e as { CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] }).CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length === 0) {
        if (reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded')) return 'retry';
        throw e;
      }
      // The first failed item decides, as it always did; it must be mapped. The others are told too
      // (those mapped), so a caller learns everything that moved from one refusal.
      const first = entries[failed[0]];
      // Past the planned items is the audit record: a request tried to write a second one.
      if (!first) throw new Error('audit record of this request already written');
      if (!first.onFailure) throw new Error(`unmapped condition failure on transaction item ${failed[0]}`);
      const outcomes = failed.map((i) => {
        const raw = reasons[i].Item;
        return entries[i]?.onFailure?.(raw ? unmarshall(raw as Parameters<typeof unmarshall>[0]) : undefined);
      });
      const outcome = outcomes[0]!;
      if (outcome === 'retry') return 'retry';
      throw outcome;
    }
  }
}

/**
 * Full-jitter exponential pause between optimistic retries (capped at 1 s): when hundreds of
 * requests race for one session, spreading them out means most re-read a full session and stop,
 * instead of all of them retrying transactions that only one can win.
 */
export const backoff = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 20 * 2 ** attempt)));
