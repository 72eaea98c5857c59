// Names, never codes (issue 18): every SMS and e-mail template, rendered with the parameters the
// platform captures (ids included, as they are stored), reads without an internal id (dt_, lw_,
// us_, bk., vi_, …), a slot id ("2026-12-10.AM"), a center's code ("minhang-kss") or an English
// field name — also for a message stored before names were captured. And a validation answer
// names a field in Chinese, once.
import { render, RENDERED_KINDS } from '../../shared/notifications/templates';
import { issueText, validationSentence } from '../../shared/api/field-labels';

const CODES = [
  /\b(dt|lw|us|bk|vi|mr|ur|nt|wl|ia|ua)[_.][A-Za-z0-9]/,
  /\d{4}-\d{2}-\d{2}\.(AM|PM)/,
  /\b[a-z]+-kss\d*\b/,
  /\b[a-z]+[A-Z][A-Za-z]*\b/, // camelCase field names: detaineeId, queueNumber…
  /\bbody\./,
  /undefined|null|NaN|\[object/,
];

const STORED = {
  centerId: 'minhang-kss',
  date: '2026-12-10',
  start: '2026-12-10T09:00:00.000+08:00',
  slotId: '2026-12-10.AM',
  queueNumber: 3,
  detaineeId: 'dt_01M97YCKXXAB8327RH41A2C0F8',
  requestId: 'ur.minhang.01M97YCKXXAB8327RH41A2C0F8',
  bookingId: 'bk.minhang.01M97YCKXXAB8327RH41A2C0F8',
  violationId: 'vi_noshow_bk.minhang.01M97YCKXXAB8327RH41A2C0F8',
  lawyerId: 'lw_01M97YCKXXAB8327RH41A2C0F8',
  reason: '开庭',
  role: 'intern',
  leadName: '李明',
  withdrawnName: '王芳',
  until: '2027-01-09T09:00:00.000+08:00',
  decision: 'voided',
  message: '想见律师',
  requestedAt: '2026-12-08T10:00:00.000+08:00',
  deadline: '2026-12-10T10:00:00.000+08:00',
  roomType: 'interrogation',
  roomNo: 'T01',
  reply: '已增加下午的会见室',
  lateCancel: 1,
};
const NAMED = { ...STORED, detaineeName: '张三', lawyerName: '李明' };

describe('every notification template', () => {
  it('covers the kinds', () => {
    expect(RENDERED_KINDS.length).toBeGreaterThanOrEqual(18);
  });

  describe.each(RENDERED_KINDS)('%s', (kind) => {
    it.each([
      ['with names', NAMED],
      ['stored before names were captured', STORED],
    ])('reads without codes (%s)', (_label, params) => {
      const out = render({ kind, params });
      for (const text of [out.sms, out.subject, out.email]) {
        for (const code of CODES) expect({ kind, text, code: code.test(text) ? String(code) : null }).toEqual({ kind, text, code: null });
      }
    });
  });

  it('names the client, the center and the session as people say them', () => {
    expect(render({ kind: 'meeting-request', params: NAMED }).sms).toContain('上海市闵行区看守所转达：您的委托人张三要求会见律师');
    expect(render({ kind: 'meeting-request-reminder', params: NAMED }).sms).toContain('您的委托人张三于 2026-12-08 10:00');
    expect(render({ kind: 'urgent-request-alert', params: NAMED }).sms).toContain('（在押人员张三，李明律师提出）');
    expect(render({ kind: 'booking-cancelled-by-center', params: NAMED }).sms).toContain('因“开庭”，看守所已撤销您预约的 上海市闵行区看守所 12月10日上午 09:00 的会见');
    expect(render({ kind: 'booking-named', params: NAMED }).sms).toContain('将您列为实习律师');
    expect(render({ kind: 'booking-named', params: { ...NAMED, role: 'lawyer' } }).sms).toContain('将您列为协办律师');
  });
});

describe('validation answers', () => {
  it('name the field in Chinese, once', () => {
    expect(issueText({ field: 'body.password', message: '密码至少 8 位，须含大写字母' })).toBe('密码至少 8 位，须含大写字母');
    expect(issueText({ field: 'body.licenseNo', message: '须为 17 位数字' })).toBe('执业证号须为 17 位数字');
    expect(issueText({ field: 'body.username', message: '缺少此项（必填）' })).toBe('请填写用户名');
    expect(issueText({ field: 'body.entries.2.phone', message: '须为有效的中国大陆手机号' })).toBe('第 3 项手机号须为有效的中国大陆手机号');
    expect(issueText({ field: 'body.somethingNew', message: '格式不正确' })).toBe('格式不正确');
    const twice = validationSentence([
      { field: 'body.password', message: '密码须含数字' },
      { field: 'body.password', message: '密码须含数字' },
    ]);
    expect(twice).toBe('请求参数有误：密码须含数字');
    expect(twice).not.toMatch(/body\.|password/);
  });
});
