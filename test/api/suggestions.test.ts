// The suggestion register over HTTP (R10): lawyers and interns file, staff of the center reply once
// (the lawyer is told by SMS), the district's committee and admins read, overdue ones are flagged —
// still open past the reply deadline, or answered after it. Dates: the week of 2027-09-06 only
// (the overdue read moves the clock eight days on, to 2027-09-14, and writes one late reply there).
import { Api, startApi } from './harness';

let api: Api;
let staff: { userId: string; token: string };
let otherStaff: { token: string };
let committee: { token: string };
let otherCommittee: { token: string };
let admin: string;
let lawyer: Awaited<ReturnType<Api['lawyer']>>;

const C = 'minhang-kss';
const setClock = (now: string) => api.post('/_local/clock', { now });
const file = (text: string, token = lawyer.token, centerId = C) => api.post(`/centers/${centerId}/suggestions`, { text }, token);
const reply = (id: string, text: string, token = staff.token) => api.post(`/centers/${C}/suggestions/${id}/reply`, { text }, token);
const list = async (token: string, status = 'all') => api.get(`/centers/${C}/suggestions?status=${status}`, token);
const mine = (body: { suggestions: { suggestionId: string }[] }, ids: string[]) => body.suggestions.filter((s) => ids.includes(s.suggestionId));

const messages = (phone: string, kind: string, count: number) => api.messages(phone, kind, count);

beforeAll(async () => {
  api = await startApi({ notifier: true });
  await setClock('2027-09-06T09:00:00+08:00');
  staff = await api.account('staff', { centerIds: [C] });
  otherStaff = await api.account('staff', { centerIds: ['changning-kss'] });
  committee = await api.account('committee', { district: 'minhang' });
  otherCommittee = await api.account('committee', { district: 'changning' });
  admin = await api.adminToken();
  lawyer = await api.lawyer();
}, 30_000);
afterAll(() => api.platform.close());

// R10: filing, the register's reply deadline and who may file where.
describe('filing a suggestion', () => {
  it('records it open with a reply deadline of suggestionReplyDays (7) days', async () => {
    await setClock('2027-09-06T09:00:00+08:00');
    const r = await file('建议增加周六会见时段');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      centerId: C,
      lawyerId: lawyer.lawyerId,
      text: '建议增加周六会见时段',
      status: 'open',
      overdue: false,
      reply: null,
      repliedAt: null,
      repliedBy: null,
    });
    expect(r.body.suggestionId).toMatch(/^sg_[0-9A-Z]{26}$/);
    expect(r.body.createdAt).toMatch(/^2027-09-06T09:00:.*\+08:00$/);
    expect(Date.parse(r.body.replyDueBy) - Date.parse(r.body.createdAt)).toBe(7 * 86_400_000);
  });

  it('takes an intern too, any existing center; an unknown center is 404 and an empty text 400', async () => {
    const intern = await api.lawyer('intern');
    expect((await file('实习人员的建议', intern.token, 'changning-kss')).status).toBe(201);
    // A center that is not online still keeps a register.
    expect((await file('尚未开通网上预约的看守所', lawyer.token, 'jiading-kss2')).status).toBe(201);
    const unknown = await file('不存在的看守所', lawyer.token, 'nowhere-kss');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await file('   ')).status).toBe(400);
    expect((await api.post(`/centers/${C}/suggestions`, { text: '建议', extra: 1 }, lawyer.token)).status).toBe(400);
    expect((await file('员工不能提出', staff.token)).status).toBe(403);
  });
});

// R10: the register — staff of the center, the district's committee, admins; overdue flagged both ways.
describe('the register, replies and overdue flags', () => {
  it('lists oldest first, replies once with an SMS, flags open-past-deadline and late replies as overdue', async () => {
    await setClock('2027-09-06T10:00:00+08:00');
    const first = (await file('会见室空调需要维修')).body.suggestionId as string;
    await setClock('2027-09-06T10:05:00+08:00');
    const second = (await file('希望公布每日剩余名额')).body.suggestionId as string;
    await setClock('2027-09-06T10:10:00+08:00');
    const third = (await file('候补通知请再提前一些')).body.suggestionId as string;
    const ids = [first, second, third];

    const initial = await list(staff.token);
    expect(initial.status).toBe(200);
    expect(mine(initial.body, ids).map((s: any) => [s.suggestionId, s.status, s.overdue])).toEqual([
      [first, 'open', false],
      [second, 'open', false],
      [third, 'open', false],
    ]);

    // Scope: staff of another center, the committee of another district, a lawyer.
    expect((await list(otherStaff.token)).status).toBe(403);
    const foreign = await list(otherCommittee.token);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN');
    expect((await list(lawyer.token)).status).toBe(403);
    expect((await api.get('/centers/nowhere-kss/suggestions', admin)).status).toBe(404);
    expect((await api.get(`/centers/${C}/suggestions?status=maybe`, staff.token)).status).toBe(400);
    // The committee of the district and admins read.
    expect(mine((await list(committee.token)).body, ids)).toHaveLength(3);
    expect(mine((await list(admin)).body, ids)).toHaveLength(3);

    // Replies: staff of the center only; the committee only reads.
    await setClock('2027-09-07T09:00:00+08:00');
    const byCommittee = await reply(third, '委员会不能答复', committee.token);
    expect(byCommittee.status).toBe(403);
    expect((await reply(third, '其他看守所不能答复', otherStaff.token)).status).toBe(403);
    expect((await reply('sg_01ZZZZZZZZZZZZZZZZZZZZZZZZ', '不存在')).status).toBe(404);
    const answer = '已通知相关部门，候补通知将提前至前一日下午发送。感谢您的建议，我们会继续改进网上预约服务，欢迎继续提出宝贵意见，也欢迎到所当面交流。';
    const replied = await reply(third, answer);
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ suggestionId: third, status: 'replied', reply: answer, repliedBy: staff.userId, overdue: false });
    expect(replied.body.repliedAt).toMatch(/^2027-09-07T09:00/);
    const again = await reply(third, '再次答复');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATE');

    // The lawyer is told by SMS, the reply cut to fit.
    const [sms] = await messages(lawyer.phone, 'suggestion-replied', 1);
    expect(sms.body).toContain('上海市闵行区看守所已答复您提出的意见建议：已通知相关部门');
    expect(sms.body).toContain('…');
    expect(sms.body).not.toContain('也欢迎到所当面交流');

    // Eight days on: the two still open are past their deadline; the one answered in time is not.
    await setClock('2027-09-14T10:30:00+08:00');
    const later = mine((await list(staff.token)).body, ids);
    expect(later.map((s: any) => [s.suggestionId, s.status, s.overdue])).toEqual([
      [first, 'open', true],
      [second, 'open', true],
      [third, 'replied', false],
    ]);
    // A reply after the deadline leaves the flag on: the missed deadline stays on record.
    const late = await reply(second, '已研究，将在服务大厅公布每日剩余名额。');
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'replied', overdue: true });
    const open = mine((await list(committee.token, 'open')).body, ids);
    expect(open.map((s: any) => [s.suggestionId, s.overdue])).toEqual([[first, true]]);
    const answered = mine((await list(staff.token, 'replied')).body, ids);
    expect(answered.map((s: any) => [s.suggestionId, s.overdue])).toEqual([
      [second, true],
      [third, false],
    ]);

    // R14: the reply's audit record says what changed.
    const audit = await api.get(`/centers/${C}/audit?from=2027-09-07&to=2027-09-07`, staff.token);
    // Exactly one: the refused second reply (409) wrote none.
    expect(audit.body.records.filter((r: any) => r.target === third)).toEqual([
      expect.objectContaining({
        action: 'POST /centers/{centerId}/suggestions/{suggestionId}/reply',
        actorId: staff.userId,
        actorRole: 'staff',
        centerId: C,
        before: { status: 'open' },
        after: { status: 'replied' },
      }),
    ]);
  });
});
