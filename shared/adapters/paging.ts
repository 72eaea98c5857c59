// Pages of a list read from one or more ordered DynamoDB queries (SPEC §7.3: `limit` ≤ 100 and
// `nextCursor`, null at the end). A list that merges several queries — a lawyer's bookings in every
// district, a center's audit records in two tables month by month — reads at most `limit + 1` items
// of each, merges them in their common sort order and remembers, per query, the last item it handed
// out. That position travels as an encrypted, authenticated cursor (shared/http/cursor.ts) bound to the list it came
// from, so a client can continue a list but can neither forge a position nor use one on another
// list, center or account (400 VALIDATION_FAILED). Reading one more than asked tells whether a next
// page exists, so `nextCursor` is null exactly when nothing follows.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../errors';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { cursorSecret } from './cursor-key';
import { ddb } from './dynamo';

/** SPEC §7.3: a page holds at most 100 items. */
export const MAX_PAGE = 100;
/** Without `limit`, a page is as large as allowed: clients written before paging still see whole short lists. */
export const DEFAULT_PAGE = 100;

type Item = Record<string, unknown>;

/** What a paged route's query carries (shared/api/schemas.ts `pageQuery`). */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface PageSource<T = Item> {
  /** Stable name of the query within its list (a district, a table and month): its position is kept under it. */
  id: string;
  query: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>;
  /** The attributes that make a position in this query: the table key, plus the index key when it reads an index. */
  keyAttributes: readonly string[];
  /**
   * Turns the items of one read into answers, in order (e.g. pointers into the records they point
   * at, with one BatchGet); `undefined` drops an item (a filter that needs that read first). Dropped
   * items never count toward the page. Without it the items are the answers.
   */
  select?: (items: Item[]) => Promise<(T | undefined)[]>;
}

export interface PageRequest<T> {
  /** The list and everything the cursor is bound to: the route, the caller or center, the filters. */
  list: string;
  sources: readonly PageSource<T>[];
  limit: number;
  cursor?: string;
  /** The attribute every source is sorted by, to merge several sources (unused with one). */
  orderBy?: (item: Item) => string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const DONE = 'done';
const field = (sourceId: string, attribute: string) => `${sourceId}/${attribute}`;

const refused = () => new ValidationFailed('cursor 无效或已被篡改，请从第一页重新查询', { issues: [{ field: 'query.cursor', message: '无效的分页游标' }] });

interface Stream<T> {
  source: PageSource<T>;
  /** Where the next DynamoDB read continues (undefined: from the start). */
  readFrom?: Item;
  finished: boolean;
  /** Read, kept, not yet handed out. */
  buffer: { raw: Item; value: T }[];
  /** Position of the last item handed out on this page, or where this page started. */
  position?: Record<string, string>;
}

function keyOf(source: PageSource<unknown>, item: Item): Record<string, string> {
  const key: Record<string, string> = {};
  for (const attribute of source.keyAttributes) {
    const value = item[attribute];
    if (typeof value !== 'string') throw new Error(`page source ${source.id}: item has no string ${attribute}`);
    key[attribute] = value;
  }
  return key;
}

/** Each source's start from a decoded cursor: done, a position, or (absent) from the beginning. */
function startOf(source: PageSource<unknown>, decoded: Record<string, string> | undefined): { done: boolean; key?: Record<string, string> } {
  if (!decoded) return { done: false };
  if (decoded[source.id] === DONE) return { done: true };
  const present = source.keyAttributes.filter((a) => decoded[field(source.id, a)] !== undefined);
  if (present.length === 0) return { done: false };
  if (present.length !== source.keyAttributes.length) throw refused();
  return { done: false, key: Object.fromEntries(source.keyAttributes.map((a) => [a, decoded[field(source.id, a)]])) };
}

async function fill<T>(stream: Stream<T>, need: number): Promise<void> {
  const { select } = stream.source;
  while (stream.buffer.length < need && !stream.finished) {
    const out = await ddb.send(new QueryCommand({ ...stream.source.query, Limit: need, ExclusiveStartKey: stream.readFrom }));
    const raw = (out.Items ?? []) as Item[];
    const values = select ? await select(raw) : (raw as unknown as T[]);
    raw.forEach((item, i) => {
      if (values[i] !== undefined) stream.buffer.push({ raw: item, value: values[i] });
    });
    stream.readFrom = out.LastEvaluatedKey;
    stream.finished = !out.LastEvaluatedKey;
  }
}

/** One page of the list: at most `limit` items in the sources' common order, and the cursor of the rest. */
export async function readPage<T = Item>(request: PageRequest<T>): Promise<Page<T>> {
  const decoded = request.cursor ? decodeCursor(request.cursor, request.list, await cursorSecret()) : undefined;
  const streams: Stream<T>[] = request.sources.map((source) => {
    const start = startOf(source, decoded);
    return { source, readFrom: start.key, finished: start.done, buffer: [], position: start.key };
  });
  const need = request.limit + 1;
  await Promise.all(streams.map((s) => fill(s, need)));

  const order = request.orderBy ?? (() => '');
  const items: T[] = [];
  while (items.length < request.limit) {
    // A stream that is not finished holds more than `limit` items, so only finished ones run dry.
    let next: Stream<T> | undefined;
    for (const s of streams) {
      if (s.buffer.length && (!next || order(s.buffer[0].raw) < order(next.buffer[0].raw))) next = s;
    }
    if (!next) break;
    const { raw, value } = next.buffer.shift()!;
    items.push(value);
    next.position = keyOf(next.source, raw);
  }

  const more = streams.some((s) => s.buffer.length > 0 || !s.finished);
  if (!more) return { items, nextCursor: null };
  const key: Record<string, string> = {};
  for (const s of streams) {
    if (s.finished && s.buffer.length === 0) key[s.source.id] = DONE;
    else if (s.position) for (const [a, v] of Object.entries(s.position)) key[field(s.source.id, a)] = v;
  }
  return { items, nextCursor: encodeCursor({ list: request.list, key }, await cursorSecret()) };
}
