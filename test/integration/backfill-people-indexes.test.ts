// scripts/backfill-people-indexes.ts against DynamoDB Local, on a table of its own (it scans): records
// written before release 2, part 3 — a detainee without list keys or name items, a binding without
// the detainee's pointer, an urgent request without the lawyer's pointer — get exactly what the
// write paths now add, a second run changes nothing, and a record indexed since is left alone.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, LOCAL_AWS_ENV } from '../../local/dynamo-local';
import { backfillTable } from '../../scripts/backfill-people-indexes';
import { ddb } from '../../shared/adapters/dynamo';
import { districtTable } from '../../shared/tables';
import { uniqueName } from './support/fixtures';

const TABLE = uniqueName('lmb-backfill');

beforeAll(async () => {
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY } });
  await ensureTable(client, districtTable, TABLE);
  const legacy = [
    { PK: 'DETAINEE#dt_old', SK: 'PROFILE', detaineeId: 'dt_old', centerId: 'minhang-kss', name: '张三丰', sex: 'M', status: 'transferred', createdAt: '2026-11-01T09:00:00.000+08:00' },
    // Indexed already (created since the release): not touched.
    { PK: 'DETAINEE#dt_new', SK: 'PROFILE', detaineeId: 'dt_new', centerId: 'minhang-kss', name: '李四', sex: 'F', status: 'active', GSI1PK: 'DETAINEES#minhang-kss', GSI1SK: 'kept' },
    { PK: 'BINDING#bd_old', SK: 'BINDING', bindingId: 'bd_old', detaineeId: 'dt_old', centerId: 'minhang-kss', licenseNo: '13101201510123456', status: 'ended' },
    { PK: 'URGENT#ur.minhang.OLD', SK: 'URGENT', requestId: 'ur.minhang.OLD', lawyerId: 'lw_old', centerId: 'minhang-kss', detaineeId: 'dt_old', createdAt: '2026-11-01T10:00:00.000+08:00', status: 'placed' },
  ];
  await ddb.send(new BatchWriteCommand({ RequestItems: { [TABLE]: legacy.map((Item) => ({ PutRequest: { Item } })) } }));
});

const count = async () => (await ddb.send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }))).Count;

it('writes the index items of older records, once', async () => {
  const dry = await backfillTable(TABLE, true);
  expect(dry).toEqual({ table: TABLE, detaineesIndexed: 1, nameItems: 3, bindingPointers: 1, urgentPointers: 1 });
  expect(await count()).toBe(4);

  expect(await backfillTable(TABLE)).toEqual(dry);
  const profile = (await ddb.send(new GetCommand({ TableName: TABLE, Key: { PK: 'DETAINEE#dt_old', SK: 'PROFILE' } }))).Item;
  expect(profile).toMatchObject({ GSI1PK: 'DETAINEES#minhang-kss', GSI1SK: '张三丰#dt_old', GSI2PK: 'DETAINEES#minhang-kss#left', GSI2SK: '张三丰#dt_old' });
  const found = await ddb.send(
    new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :q)', ExpressionAttributeValues: { ':pk': 'DETNAME#minhang-kss#三', ':q': '三丰' } }),
  );
  expect(found.Items?.map((i) => i.detaineeId)).toEqual(['dt_old']);
  expect((await ddb.send(new GetCommand({ TableName: TABLE, Key: { PK: 'DETAINEE#dt_old', SK: 'BINDING#bd_old' } }))).Item).toEqual({ PK: 'DETAINEE#dt_old', SK: 'BINDING#bd_old', bindingId: 'bd_old' });
  expect((await ddb.send(new GetCommand({ TableName: TABLE, Key: { PK: 'LAWYER#lw_old', SK: 'URGREQ#2026-11-01T10:00:00.000+08:00#ur.minhang.OLD' } }))).Item?.requestId).toBe('ur.minhang.OLD');
  expect((await ddb.send(new GetCommand({ TableName: TABLE, Key: { PK: 'DETAINEE#dt_new', SK: 'PROFILE' } }))).Item?.GSI1SK).toBe('kept');
  expect(await count()).toBe(4 + 3 + 1 + 1);

  // A second run finds the detainee indexed and rewrites the same pointers: nothing new.
  expect(await backfillTable(TABLE)).toEqual({ table: TABLE, detaineesIndexed: 0, nameItems: 0, bindingPointers: 1, urgentPointers: 1 });
  expect(await count()).toBe(9);
});
