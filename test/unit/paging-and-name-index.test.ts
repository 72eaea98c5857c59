// The page machinery (shared/adapters/paging.ts) against a mocked DocumentClient — merging several
// ordered queries, where each one resumes, when a list ends, refused cursors — and the detainee
// name index (shared/adapters/detainee-index.ts): which items a name writes and which one answers
// a query. Also that the infra grant names the item the cursor secret really lives in.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CURSOR_SECRET_PARTITION } from '../../infra/constructs/lmb-function';
import { cursorSecret } from '../../shared/adapters/cursor-key';
import { readPage, type PageSource } from '../../shared/adapters/paging';
import { encodeCursor } from '../../shared/http/cursor';
import { detaineeListIndex, firstMatch, nameIndexItems, normalizeName } from '../../shared/adapters/detainee-index';
import { AppError } from '../../shared/errors';

const ddbMock = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddbMock.reset());

type Row = { PK: string; SK: string };

/** Two "tables" of sorted rows; the mock answers a Query like DynamoDB: after ExclusiveStartKey, at most Limit, LastEvaluatedKey when cut. */
function serve(tables: Record<string, Row[]>) {
  ddbMock.on(QueryCommand).callsFake((input) => {
    const rows = tables[input.TableName];
    const start = input.ExclusiveStartKey ? rows.findIndex((r) => r.SK === input.ExclusiveStartKey.SK) + 1 : 0;
    const items = rows.slice(start, start + input.Limit);
    const cut = start + input.Limit < rows.length;
    return { Items: items, LastEvaluatedKey: cut ? { PK: items[items.length - 1].PK, SK: items[items.length - 1].SK } : undefined };
  });
}

const rows = (table: string, sks: string[]): Row[] => sks.map((SK) => ({ PK: table, SK }));
const source = (id: string): PageSource => ({ id, query: { TableName: id, KeyConditionExpression: 'PK = :pk' }, keyAttributes: ['PK', 'SK'] });

async function walk(sources: PageSource[], limit: number, list = 'L') {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage({ list, sources, limit, cursor, orderBy: (i) => String(i.SK) });
    pages.push(page.items.map((i) => String(i.SK)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 20);
  return pages;
}

// First in the file: the secret is read once per process (a cold start), so later tests use the one created here.
it('keeps the cursor secret under the partition the infra grant names, creating it once', async () => {
  ddbMock.on(GetCommand).resolves({});
  ddbMock.on(PutCommand).resolves({});
  await cursorSecret();
  expect(ddbMock.commandCalls(GetCommand)[0].args[0].input.Key?.PK).toBe(CURSOR_SECRET_PARTITION);
  const created = ddbMock.commandCalls(PutCommand)[0].args[0].input;
  expect(created.Item?.PK).toBe(CURSOR_SECRET_PARTITION);
  expect(created.ConditionExpression).toBe('attribute_not_exists(PK)');
});

describe('readPage', () => {
  it('merges sources in their common order, page by page, ending with a null cursor exactly at the end', async () => {
    serve({ a: rows('a', ['01', '04', '05', '09']), b: rows('b', ['02', '03', '07']), c: [] });
    expect(await walk([source('a'), source('b'), source('c')], 3)).toEqual([['01', '02', '03'], ['04', '05', '07'], ['09']]);
    // Exactly a page's worth: no empty page after it.
    ddbMock.reset();
    serve({ a: rows('a', ['1', '2']), b: rows('b', ['3']) });
    expect(await walk([source('a'), source('b')], 3)).toEqual([['1', '2', '3']]);
  });

  it('reads limit + 1 per source, resumes each source where it stopped, and skips finished ones', async () => {
    serve({ a: rows('a', ['1', '2', '3', '4']), b: rows('b', ['9']) });
    const first = await readPage({ list: 'L', sources: [source('a'), source('b')], limit: 2, orderBy: (i) => String(i.SK) });
    expect(ddbMock.commandCalls(QueryCommand).map((c) => [c.args[0].input.TableName, c.args[0].input.Limit])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
    ddbMock.resetHistory();
    await readPage({ list: 'L', sources: [source('a'), source('b')], limit: 2, cursor: first.nextCursor!, orderBy: (i) => String(i.SK) });
    // a resumes after its last item handed out; b (nothing taken yet) starts again from its start.
    expect(ddbMock.commandCalls(QueryCommand).map((c) => [c.args[0].input.TableName, c.args[0].input.ExclusiveStartKey])).toEqual([
      ['a', { PK: 'a', SK: '2' }],
      ['b', undefined],
    ]);
  });

  it('drops what `select` drops without counting it, and keeps reading to fill the page', async () => {
    serve({ a: rows('a', ['1', 'x2', 'x3', '4', 'x5', '6']) });
    const sources: PageSource[] = [{ ...source('a'), select: async (items) => items.map((i) => (String(i.SK).startsWith('x') ? undefined : i)) }];
    expect(await walk(sources, 2)).toEqual([['1', '4'], ['6']]);
  });

  it('refuses a cursor of another list, a tampered one, and one whose position is incomplete', async () => {
    serve({ a: rows('a', ['1', '2', '3']) });
    const first = await readPage({ list: 'GET /x|center-a', sources: [source('a')], limit: 1 });
    const refused = async (cursor: string, list = 'GET /x|center-a') => {
      const e = await readPage({ list, sources: [source('a')], limit: 1, cursor }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
    };
    await refused(first.nextCursor!, 'GET /x|center-b');
    // One bit of the ciphertext changed: the authentication tag fails.
    const [iv, sealed] = first.nextCursor!.split('.');
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[0] ^= 1;
    await refused(`${iv}.${bytes.toString('base64url')}`);
    // A cursor we signed ourselves but that names only half a position (never issued): refused, not queried.
    ddbMock.resetHistory();
    await refused(encodeCursor({ list: 'GET /x|center-a', key: { 'a/PK': 'a' } }, await cursorSecret()));
    expect(ddbMock).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe('the detainee name index', () => {
  const d = { centerId: 'minhang-kss', detaineeId: 'dt_1', name: '李三三', status: 'active' as const };

  it("writes one item per suffix, in the partition of the suffix's first character", () => {
    expect(nameIndexItems(d).map((i) => [i.PK, i.SK, i.offset])).toEqual([
      ['DETNAME#minhang-kss#李', '李三三#dt_1', '0'],
      ['DETNAME#minhang-kss#三', '三三#dt_1', '1'],
      ['DETNAME#minhang-kss#三', '三#dt_1', '2'],
    ]);
  });

  it('answers a query with exactly one item per detainee: where the query first occurs', () => {
    const items = nameIndexItems(d);
    const hits = (q: string) => items.filter((i) => i.SK.startsWith(q) && firstMatch(i, q)).map((i) => i.offset);
    expect(hits('三')).toEqual(['1']);
    expect(hits('三三')).toEqual(['1']);
    expect(hits('李三')).toEqual(['0']);
    expect(hits('四')).toEqual([]);
  });

  it('normalizes width, case and spaces the same way for names and queries', () => {
    expect(normalizeName(' Ａｂｄｕ  Ｒａｈｍａｎ ')).toBe('abdurahman');
    expect(nameIndexItems({ ...d, name: 'Ａｂ' }).map((i) => i.SK)).toEqual(['ab#dt_1', 'b#dt_1']);
  });

  it('keeps characters outside the BMP whole', () => {
    const items = nameIndexItems({ ...d, name: '𠀋一' });
    expect(items.map((i) => i.PK)).toEqual(['DETNAME#minhang-kss#𠀋', 'DETNAME#minhang-kss#一']);
    expect(items.map((i) => i.offset)).toEqual(['0', '2']);
  });

  it("sorts the center's lists by name, in custody or left", () => {
    expect(detaineeListIndex(d)).toEqual({ GSI1PK: 'DETAINEES#minhang-kss', GSI1SK: '李三三#dt_1', GSI2PK: 'DETAINEES#minhang-kss#active', GSI2SK: '李三三#dt_1' });
    expect(detaineeListIndex({ ...d, status: 'transferred' }).GSI2PK).toBe('DETAINEES#minhang-kss#left');
  });
});
