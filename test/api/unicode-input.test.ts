// Issue 23 F4: names are normalised (NFKC) before they are bounded, so no accepted name grows past
// the limit once stored and indexed; invisible characters (controls, NUL, zero-width, bidi
// overrides) are refused with a 400 in Chinese. Before: 50 × `Ǆ` or 25 × `㌀` passed validation
// (50 UTF-16 units), grew under NFKC and failed the detainee's transaction in DynamoDB → 500.
import { Api, newLicense, newPhone, startApi, uniqueName } from './harness';

let api: Api;
let staff: { token: string };
beforeAll(async () => {
  api = await startApi();
  staff = await api.account('staff', { centerIds: ['minhang-kss'] });
});
afterAll(() => api.platform.close());

const createDetainee = (name: string, extra: Record<string, unknown> = {}) => api.post('/centers/minhang-kss/detainees', { name, sex: 'M', ...extra }, staff.token);

function expectRefused(r: { status: number; body: any }, field: string, message: RegExp) {
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION_FAILED');
  expect(r.body.error.issues).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
}

describe('names grow under NFKC: counted after normalising (F4)', () => {
  it.each([
    ['50 × Ǆ (NFKC: DŽ, 100)', 'Ǆ'.repeat(50)],
    ['25 × ㌀ (NFKC: アパート, 100)', '㌀'.repeat(25)],
    ['3 × ﷺ (NFKC: 18 letters each)', 'ﷺ'.repeat(3)],
  ])('%s is a 400, not a 500', async (_what, name) => {
    expectRefused(await createDetainee(name), 'body.name', /最多 50 个字符/);
  });

  it('a name whose lower case grows (50 × İ → 100 in the search index) is a 400', async () => {
    expectRefused(await createDetainee('İ'.repeat(50)), 'body.name', /规范化后最多 50 个字符/);
  });

  it('the longest name that fits is accepted, stored in NFKC and found by search', async () => {
    const name = `${'Ａ'.repeat(24)}${'张'.repeat(26)}`; // full-width A: 50 units, NFKC 'A'
    const r = await createDetainee(name);
    expect(r.status).toBe(201);
    const detail = await api.get(`/centers/minhang-kss/detainees/${r.body.detaineeId}`, staff.token);
    expect(detail.body.name).toBe(`${'A'.repeat(24)}${'张'.repeat(26)}`);
    const found = await api.get(`/centers/minhang-kss/detainees?q=${encodeURIComponent('ａａ张')}`, staff.token);
    expect(found.status).toBe(200);
    expect(found.body.detainees.map((d: { detaineeId: string }) => d.detaineeId)).toContain(r.body.detaineeId);
  });

  it('a search that grows under NFKC is bounded too (20 × ﷺ would pass 1 KB of key)', async () => {
    const r = await api.get(`/centers/minhang-kss/detainees?q=${encodeURIComponent('ﷺ'.repeat(20))}`, staff.token);
    expectRefused(r, 'query.q', /最多 20 个字/);
  });

  it('a case unit is a name: normalised and bounded', async () => {
    expectRefused(await createDetainee('钱某', { caseUnit: '㌀'.repeat(26) }), 'body.caseUnit', /最多 100 个字符/);
  });
});

describe('invisible characters are refused (F4)', () => {
  it.each([
    ['NUL', '张\u0000三', /控制字符（U\+0000）/],
    ['a bell', '张\u0007三', /控制字符（U\+0007）/],
    ['a line break', '张\n三', /控制字符（U\+000A）/],
    ['a right-to-left override', '张三\u202E某', /文字方向控制符（U\+202E）/],
    ['a right-to-left isolate', '张\u2067三', /文字方向控制符（U\+2067）/],
    ['a zero-width space', '张\u200B三', /零宽字符（U\+200B）/],
    ['a zero-width joiner', '张\u200D三', /零宽字符（U\+200D）/],
    ['a byte order mark', '张\uFEFF三', /零宽字符（U\+FEFF）/],
    ['a lone surrogate', '张\uD800三', /孤立的代理项/],
  ])('in a detainee name: %s', async (_what, name, message) => {
    const r = await createDetainee(name);
    expectRefused(r, 'body.name', message);
    expect(r.body.error.message).toMatch(/^请求参数有误/);
  });

  it('in the names of a registry entry and a registration', async () => {
    const admin = await api.adminToken();
    const entry = { licenseNo: newLicense(), name: '李\u200B律师', lawFirm: '测试律师事务所', phone: newPhone(), role: 'lawyer', status: 'practising' };
    expectRefused(await api.post('/admin/lawyer-registry', { entries: [entry] }, admin), 'body.entries.0.name', /零宽字符/);
    const reg = await api.post('/auth/register', {
      username: uniqueName('lawyer'),
      password: 'Lawyer-Pass-1',
      name: '李律师',
      phone: newPhone(),
      licenseNo: newLicense(),
      lawFirm: '测试\u202E律师事务所',
      role: 'lawyer',
    });
    expectRefused(reg, 'body.lawFirm', /文字方向控制符/);
  });

  it('free text keeps its line breaks and full-width punctuation, but refuses NUL and overrides', async () => {
    const lawyer = await api.lawyer();
    const text = '建议：\n1，增加周六会见；\t谢谢（急）';
    const ok = await api.post('/centers/minhang-kss/suggestions', { text }, lawyer.token);
    expect(ok.status).toBe(201);
    const book = await api.get('/centers/minhang-kss/suggestions', staff.token);
    expect(book.body.suggestions.map((s: { text: string }) => s.text)).toContain(text);
    expectRefused(await api.post('/centers/minhang-kss/suggestions', { text: '意见\u0000' }, lawyer.token), 'body.text', /控制字符（U\+0000）/);
    expectRefused(await api.post('/centers/minhang-kss/suggestions', { text: '意见\u202D' }, lawyer.token), 'body.text', /文字方向控制符/);
  });
});
