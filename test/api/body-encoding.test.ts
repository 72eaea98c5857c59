// Issue 23 F6: request bodies are JSON in UTF-8. Before: bytes that are not UTF-8 were decoded with
// U+FFFD in their place and stored so (201), and `charset=gbk` was ignored (GBK bytes stored as
// U+FFFD, or ASCII accepted as if it were UTF-8).
import { Api, startApi } from './harness';

let api: Api;
let staff: { token: string };
beforeAll(async () => {
  api = await startApi();
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
});
afterAll(() => api.platform.close());

/** 张三 in GBK. */
const GBK_ZHANG_SAN = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]);
const jsonWithName = (name: Buffer) => Buffer.concat([Buffer.from('{"name":"'), name, Buffer.from('","sex":"M"}')]);

async function postDetainee(body: Buffer, contentType = 'application/json') {
  const res = await fetch(`${api.url}/centers/minhang-kss/detainees`, {
    method: 'POST',
    headers: { authorization: `Bearer ${staff.token}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Detainees of the center whose name contains `q`. */
async function named(q: string): Promise<string[]> {
  const r = await api.get(`/centers/minhang-kss/detainees?q=${encodeURIComponent(q)}`, staff.token);
  expect(r.status).toBe(200);
  return r.body.detainees.map((d: { name: string }) => d.name);
}

describe('bodies must be valid UTF-8 JSON (F6)', () => {
  it('bytes that are not UTF-8 are a 400, and nothing is stored', async () => {
    const before = await named('\uFFFD');
    for (const bytes of [GBK_ZHANG_SAN, Buffer.from([0xe5, 0xbc]), Buffer.from([0xff]), Buffer.from([0xed, 0xa0, 0x80])]) {
      const r = await postDetainee(jsonWithName(Buffer.concat([Buffer.from('钱'), bytes])));
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/UTF-8/) });
    }
    expect(await named('\uFFFD')).toEqual(before);
  });

  it.each(['application/json; charset=gbk', 'application/json;charset="GB2312"', 'application/json; charset=iso-8859-1', 'text/plain; charset=utf-16'])(
    'a body declared as %s is a 415 UNSUPPORTED_MEDIA_TYPE, even when its bytes would pass as UTF-8',
    async (contentType) => {
      for (const body of [jsonWithName(GBK_ZHANG_SAN), jsonWithName(Buffer.from('Qian'))]) {
        const r = await postDetainee(body, contentType);
        expect(r.status).toBe(415);
        expect(r.body.error).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/UTF-8.*charset=/) });
      }
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8', 'application/json;charset="utf8"'])(
    'UTF-8 declared as %s is accepted',
    async (contentType) => {
      const r = await postDetainee(jsonWithName(Buffer.from('钱编码')), contentType);
      expect(r.status).toBe(201);
    },
  );

  it('the 415 is in the API reference of every operation with a body', async () => {
    const doc = (await api.get('/openapi.json')).body;
    const create = doc.paths['/centers/{centerId}/detainees'].post;
    expect(create.responses['415']).toBeDefined();
    expect(doc.paths['/centers/{centerId}/detainees'].get.responses['415']).toBeUndefined();
  });
});
