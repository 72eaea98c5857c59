// defineHandler (shared/http/define-handler.ts) through real handlers of functions/: claims → role
// and scope, zod validation of path and body, AppError → contract body, anything else → a bare 500.
import './support/unit-env';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler as registerDetainee } from '../../functions/register-detainee';
import { handler as getMe } from '../../functions/get-me';
import { handler as bindLawyer } from '../../functions/bind-lawyer';
import { handler as login } from '../../functions/login';
import { handler as health } from '../../functions/health';
import { useIdentityProvider, type IdentityProvider } from '../../shared/adapters/identity';
import { Unauthenticated } from '../../shared/errors';
import { context, httpEvent, lawyerClaims, parse, staffClaims, type Claims, type EventInput } from './support/lambda';

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

/** `claims` null = no authorizer context; omitted = staff of minhang-kss. */
const detaineeRoute = (centerId: string, body: EventInput['body'], claims: Claims | null = staffClaims(['minhang-kss'])) =>
  httpEvent({ method: 'POST', route: '/centers/{centerId}/detainees', pathParameters: { centerId }, body, claims: claims ?? undefined });

const postDetainee = async (input: Parameters<typeof detaineeRoute>) => parse(await registerDetainee(detaineeRoute(...input), context));

describe('a valid request', () => {
  it('reaches the handler, writes the detainee and its one audit record in one transaction, and answers 201', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    const res = await postDetainee(['minhang-kss', { name: '张三', sex: 'M', caseUnit: '闵行分局' }]);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ detaineeId: expect.stringMatching(/^dt_[0-9A-Z]{26}$/) });
    expect(ddbMock).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const [detainee, ...more] = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    const audit = more.pop()!;
    expect(detainee.Put).toMatchObject({
      TableName: 'unit-minhang-district',
      Item: expect.objectContaining({ detaineeId: res.body.detaineeId, centerId: 'minhang-kss', name: '张三', sex: 'M', status: 'active' }),
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    // The name-search items (shared/adapters/detainee-index.ts): one per suffix of 张三, in the same transaction.
    expect(more.map((i) => [i.Put?.Item?.PK, i.Put?.Item?.SK])).toEqual([
      ['DETNAME#minhang-kss#张', `张三#${String(res.body.detaineeId)}`],
      ['DETNAME#minhang-kss#三', `三#${String(res.body.detaineeId)}`],
    ]);
    // R14: who, in which role, what, where, when — in the same transaction, once per request.
    expect(audit.Put).toMatchObject({
      TableName: 'unit-minhang-district',
      Item: expect.objectContaining({
        PK: expect.stringMatching(/^AUDIT#minhang-kss#\d{4}-\d{2}$/),
        actorRole: 'staff',
        action: 'POST /centers/{centerId}/detainees',
        centerId: 'minhang-kss',
        changes: [expect.stringMatching(/^Put DETAINEE#dt_/), expect.stringMatching(/^Put DETNAME#/), expect.stringMatching(/^Put DETNAME#/)],
        expiresAt: expect.any(Number),
      }),
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    const item = audit.Put!.Item!;
    // Kept at least 6 months (R14): the TTL lies at least 183 days after the record.
    expect(item.expiresAt * 1000 - Date.parse(item.at)).toBeGreaterThanOrEqual(183 * 86_400_000);
  });

  it('sends JSON with no-store', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    const result = await registerDetainee(detaineeRoute('minhang-kss', { name: '张三', sex: 'F' }), context);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });

  it('accepts a base64-encoded body', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    const event = { ...detaineeRoute('minhang-kss', undefined), body: Buffer.from(JSON.stringify({ name: '李四', sex: 'F' })).toString('base64'), isBase64Encoded: true };
    expect(parse(await registerDetainee(event, context)).status).toBe(201);
    const [detainee] = ddbMock.commandCalls(TransactWriteCommand)[0].args[0].input.TransactItems!;
    expect(detainee.Put?.Item).toEqual(expect.objectContaining({ name: '李四' }));
  });

  it('refuses a body that is not UTF-8 as API Gateway hands it over (issue 23 F6): base64 bytes, or text already decoded with U+FFFD', async () => {
    const base64 = { ...detaineeRoute('minhang-kss', undefined), body: Buffer.from('{"name":"\xd5\xc5","sex":"F"}', 'latin1').toString('base64'), isBase64Encoded: true };
    const lossy = detaineeRoute('minhang-kss', '{"name":"张\uFFFD","sex":"F"}');
    for (const event of [base64, lossy]) {
      const res = parse(await registerDetainee(event, context));
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/UTF-8/) } } });
    }
    const gbk = { ...detaineeRoute('minhang-kss', { name: '李四', sex: 'F' }), headers: { 'Content-Type': 'application/json; charset=GBK' } };
    expect(parse(await registerDetainee(gbk, context))).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    expect(ddbMock).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });

  it('a public route needs no claims', async () => {
    const res = parse(await health(httpEvent({ method: 'GET', route: '/health' }), context));
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('400 VALIDATION_FAILED', () => {
  it.each([
    ['bad JSON', '{"name": "张三", "sex": '],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['a JSON string', '"张三"'],
    ['an unknown field', { name: '张三', sex: 'M', nationality: 'CN' }],
    ['a wrongly typed field', { name: 123, sex: 'M' }],
    ['an enum value out of range', { name: '张三', sex: 'X' }],
    ['a missing field', { name: '张三' }],
    ['a blank name', { name: '   ', sex: 'M' }],
  ])('%s', async (_label, body) => {
    const res = await postDetainee(['minhang-kss', body]);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.any(String) }));
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('names the offending fields', async () => {
    const res = await postDetainee(['minhang-kss', { name: 123, sex: 'X' }]);
    const issues = res.body.error?.issues as { field: string; message: string }[];
    expect(issues.map((i) => i.field).sort()).toEqual(['body.name', 'body.sex']);
  });

  it('names an unknown field', async () => {
    const res = await postDetainee(['minhang-kss', { name: '张三', sex: 'M', nationality: 'CN' }]);
    expect(res.body.error?.message).toContain('nationality');
  });

  it('rejects a path parameter outside the contract', async () => {
    const res = await postDetainee(['Minhang KSS', { name: '张三', sex: 'M' }, staffClaims(['Minhang KSS'])]);
    expect(res.status).toBe(400);
    expect((res.body.error?.issues as { field: string }[]).map((i) => i.field)).toEqual(['path.centerId']);
  });

  it('rejects a bindable-licence violation in bind-lawyer', async () => {
    const res = parse(
      await bindLawyer(
        httpEvent({
          method: 'POST',
          route: '/centers/{centerId}/bindings',
          pathParameters: { centerId: 'minhang-kss' },
          body: { licenseNo: 'abc', detaineeId: 'dt_1', verification: 'documents' },
          claims: staffClaims(['minhang-kss']),
        }),
        context,
      ),
    );
    expect(res.status).toBe(400);
    expect((res.body.error?.issues as { field: string }[]).map((i) => i.field)).toEqual(['body.licenseNo']);
  });
});

describe('401 / 403 / 404 before any data is touched', () => {
  it.each([
    ['no authorizer context', null],
    ['no role group', { 'custom:userId': 'us_1', 'cognito:username': 'x' }],
    ['an unknown group', { 'custom:userId': 'us_1', 'cognito:username': 'x', 'cognito:groups': '[root]' }],
    ['no userId', { 'cognito:username': 'x', 'cognito:groups': '[staff]', 'custom:centerIds': 'minhang-kss' }],
  ])('401 UNAUTHENTICATED with %s', async (_label, claims) => {
    const res = await postDetainee(['minhang-kss', { name: '张三', sex: 'M' }, claims]);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('UNAUTHENTICATED');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('401 comes before validation: an anonymous bad body is still 401', async () => {
    const res = await postDetainee(['minhang-kss', '{bad json', null]);
    expect(res.status).toBe(401);
  });

  it.each([
    ['a lawyer', lawyerClaims()],
    ['an intern', { ...lawyerClaims(), 'cognito:groups': '[intern]' }],
    ['an investigator of the center', { ...staffClaims(['minhang-kss']), 'cognito:groups': '[investigator]' }],
    ['an admin', { 'custom:userId': 'us_a', 'cognito:username': 'admin', 'cognito:groups': ['admin'] }],
  ])('403 FORBIDDEN for %s on a staff route', async (_label, claims) => {
    const res = await postDetainee(['minhang-kss', { name: '张三', sex: 'M' }, claims]);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('403 FORBIDDEN for staff on a lawyer route', async () => {
    const res = parse(await getMe(httpEvent({ method: 'GET', route: '/me', claims: staffClaims(['minhang-kss']) }), context));
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
  });

  it('403 FORBIDDEN for staff of another center', async () => {
    const res = await postDetainee(['minhang-kss', { name: '张三', sex: 'M' }, staffClaims(['changning-kss', 'jiading-kss'])]);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('403 for staff of another center even when the center is in the same district', async () => {
    const res = await postDetainee(['jiading-kss2', { name: '张三', sex: 'M' }, staffClaims(['jiading-kss'])]);
    expect(res.status).toBe(403);
  });

  it('403 FORBIDDEN for an unknown center to staff of another center: not theirs, before anything else (B13)', async () => {
    const res = await postDetainee(['xuhui-kss', { name: '张三', sex: 'M' }, staffClaims(['minhang-kss'])]);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('404 NOT_FOUND for an unknown center to staff claiming it', async () => {
    const res = await postDetainee(['xuhui-kss', { name: '张三', sex: 'M' }, staffClaims(['xuhui-kss'])]);
    expect(res.status).toBe(404);
    expect(res.body.error?.code).toBe('NOT_FOUND');
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('403 for staff of another center even with an invalid body (B13)', async () => {
    const res = await postDetainee(['jiading-kss2', { name: 42, unknown: true }, staffClaims(['jiading-kss'])]);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('FORBIDDEN');
  });

  it('the flattened "[staff]" claim and a real array are the same role', async () => {
    ddbMock.on(TransactWriteCommand).resolves({});
    const asArray = { ...staffClaims(['minhang-kss']), 'cognito:groups': ['staff'] };
    expect((await postDetainee(['minhang-kss', { name: '张三', sex: 'M' }, asArray])).status).toBe(201);
    expect((await postDetainee(['minhang-kss', { name: '张三', sex: 'M' }, staffClaims(['minhang-kss'])])).status).toBe(201);
  });
});

describe('errors from the use case', () => {
  it('an AppError keeps its status and body', async () => {
    ddbMock.on(GetCommand).resolves({});
    const res = parse(await getMe(httpEvent({ method: 'GET', route: '/me', claims: lawyerClaims() }), context));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('a cancelled binding transaction becomes 409 ALREADY_EXISTS', async () => {
    ddbMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const res = parse(
      await bindLawyer(
        httpEvent({
          method: 'POST',
          route: '/centers/{centerId}/bindings',
          pathParameters: { centerId: 'minhang-kss' },
          body: { licenseNo: '13101202011000001', detaineeId: 'dt_1', verification: 'documents' },
          claims: staffClaims(['minhang-kss']),
        }),
        context,
      ),
    );
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('ALREADY_EXISTS');
  });

  it('a lawyer gets their own profile', async () => {
    ddbMock.on(GetCommand, { Key: { PK: 'USER#lw_unit1', SK: 'PROFILE' } }).resolves({
      Item: {
        userId: 'lw_unit1',
        username: 'l',
        role: 'lawyer',
        status: 'confirmed',
        name: '赵律师',
        licenseNo: '13101202011000001',
        violationCount: 0,
        lockedUntil: '2000-01-01T00:00:00.000+08:00',
        discipline: {
          version: 4,
          openViolationIds: ['vi_after'],
          lock: { lockId: 'lk_1', from: '1999-12-02T00:00:00.000+08:00', until: '2000-01-01T00:00:00.000+08:00', violationIds: ['vi_1', 'vi_2', 'vi_3'] },
        },
      },
    });
    const res = parse(await getMe(httpEvent({ method: 'GET', route: '/me', claims: lawyerClaims() }), context));
    expect(res.status).toBe(200);
    // A lock in the past shows as none, and its violations no longer count (B1a); the one since does.
    expect(res.body).toEqual({ lawyerId: 'lw_unit1', name: '赵律师', licenseNo: '13101202011000001', role: 'lawyer', violationCount: 1, lockedUntil: null });
  });

  it.each([
    ['an Error', () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443 at Socket.x'), { stack: 'Error: boom\n    at Object.<anonymous> (/var/task/index.js:1:1)' })],
    ['a TypeError', () => new TypeError("Cannot read properties of undefined (reading 'Item')")],
    [
      'a DynamoDB exception without AppError mapping',
      () => Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }),
    ],
  ])('500 INTERNAL without a stack trace for %s', async (_label, makeError) => {
    const error = makeError();
    ddbMock.on(TransactWriteCommand).rejects(error);
    const result = await registerDetainee(detaineeRoute('minhang-kss', { name: '张三', sex: 'M' }), context);
    const res = parse(result);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(res.raw).not.toMatch(/stack|at |\.js:|\.ts:/);
    expect(res.raw).not.toContain(error.message);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
  });

  it('a rejection with a non-Error value is a 500 too', async () => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the non-Error rejection is what this test is about
    ddbMock.on(GetCommand).callsFake(() => Promise.reject('plain string'));
    const res = parse(await getMe(httpEvent({ method: 'GET', route: '/me', claims: lawyerClaims() }), context));
    expect(res.status).toBe(500);
    expect(res.body.error?.code).toBe('INTERNAL');
  });

  it('a public handler maps its identity errors (login → 401)', async () => {
    const fake: IdentityProvider = {
      signUp: jest.fn(),
      confirmSignUp: jest.fn(),
      addToGroup: jest.fn(),
      setAttributes: jest.fn(),
      login: jest.fn().mockRejectedValue(new Unauthenticated('用户名或密码错误')),
      adminCreateUser: jest.fn(),
      deleteUser: jest.fn(),
      resendConfirmationCode: jest.fn(),
      forgotPassword: jest.fn(),
      confirmForgotPassword: jest.fn(),
      disableUser: jest.fn(),
      enableUser: jest.fn(),
    };
    useIdentityProvider(fake);
    // No failure streak yet (B11); the refusal is counted for the username.
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(UpdateCommand).resolves({});
    const res = parse(await login(httpEvent({ method: 'POST', route: '/auth/login', body: { username: 'Zhao', password: 'wrong' } }), context));
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误' } } });
    expect(fake.login).toHaveBeenCalledWith('Zhao', 'wrong');
    expect(ddbMock).toHaveReceivedCommandWith(UpdateCommand, { Key: { PK: 'LOGINFAIL#zhao', SK: 'LOGINFAIL' } });
  });
});
