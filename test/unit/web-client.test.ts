// The web client's pure parts: how the contract's errors read (Retry-After as a wait time, API
// Gateway's own answers), the registry file check that runs before an import is sent, the report
// chart's per-day figures, and the Shanghai date arithmetic the pages use.
import { apiErrorOf, errorText, waitText } from '../../web/src/api/errors';
import { chartDays } from '../../web/src/admin/report-figures';
import { parseCsv, parseRegistryFile } from '../../web/src/admin/registry-file';
import { addDays, dayLabel, shanghaiToday } from '../../web/src/ui/format';

describe('contract errors in the web client', () => {
  test("the server's message is shown as it is, with the wait of a Retry-After", () => {
    const e = apiErrorOf(429, '900', { error: { code: 'RATE_LIMITED', message: '登录失败次数过多' } });
    expect(e).toMatchObject({ status: 429, code: 'RATE_LIMITED', details: { retryAfterSeconds: 900 } });
    expect(errorText(e)).toBe('登录失败次数过多。请在 15 分钟后重试。');
    expect(errorText(apiErrorOf(409, null, { error: { code: 'SLOT_FULL', message: '该时段已约满' } }))).toBe('该时段已约满');
  });

  test('waits read in seconds, minutes or hours, never zero', () => {
    expect([0, 1, 59, 60, 61, 3599, 3600, 7201].map(waitText)).toEqual(['1 秒', '1 秒', '59 秒', '1 分钟', '2 分钟', '1 小时', '1 小时', '3 小时']);
  });

  test("API Gateway's own 401 body means UNAUTHENTICATED; a bad Retry-After is ignored", () => {
    const e = apiErrorOf(401, 'soon', { message: 'Unauthorized' });
    expect(e).toMatchObject({ code: 'UNAUTHENTICATED', details: { retryAfterSeconds: undefined } });
    expect(errorText(e)).toBe('未登录或登录已失效，请重新登录。');
  });

  test('field problems of a VALIDATION_FAILED are kept', () => {
    const e = apiErrorOf(400, null, {
      error: { code: 'VALIDATION_FAILED', message: '请求参数有误', issues: [{ field: 'body.phone', message: '须为有效的中国大陆手机号' }, 'junk'] },
    });
    expect(e.details.issues).toEqual([{ field: 'body.phone', message: '须为有效的中国大陆手机号' }]);
  });
});

describe('registry file check before import', () => {
  const header = 'licenseNo,name,lawFirm,phone,role,status';

  test('CSV fields with quotes, commas and doubled quotes', () => {
    expect(parseCsv('a,"b, c","d ""e"""\r\n1,2,3\n')).toEqual([
      ['a', 'b, c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });

  test('a valid CSV (Chinese headers and values too) gives entries to send', () => {
    const parsed = parseRegistryFile(
      'r.csv',
      `执业证号,姓名,律师事务所,手机号,身份,状态\n13101201510123456,李律师,"上海某律师事务所",13800000001,执业律师,执业\nSX123456,王实习,上海某律师事务所,13800000002,intern,suspended\n`,
    );
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.entries).toEqual([
      { licenseNo: '13101201510123456', name: '李律师', lawFirm: '上海某律师事务所', phone: '13800000001', role: 'lawyer', status: 'practising' },
      { licenseNo: 'SX123456', name: '王实习', lawFirm: '上海某律师事务所', phone: '13800000002', role: 'intern', status: 'suspended' },
    ]);
  });

  test('every bad row is named and nothing is offered for sending', () => {
    const parsed = parseRegistryFile(
      'r.csv',
      `${header}\n123,李律师,所,13800000001,lawyer,practising\n13101201510123456,,所,999,judge,gone\n13101201510123456,张律师,所,13800000003,lawyer,practising\n`,
    );
    expect(parsed.entries).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.problems])).toEqual([
      [1, ['执业证号须为 17 位数字']],
      [2, ['身份须为 lawyer（执业律师）或 intern（实习人员）', '状态须为 practising（执业）或 suspended（暂停）', '姓名须为 1–50 个字', '手机号须为有效的中国大陆手机号']],
      [3, ['证号与第 2 行重复']],
    ]);
  });

  test('JSON arrays or {entries}; a missing column, bad JSON and more than 1,000 entries refused', () => {
    const entry = { licenseNo: '13101201510123456', name: '李律师', lawFirm: '所', phone: '13800000001', role: 'lawyer', status: 'practising' };
    expect(parseRegistryFile('r.json', JSON.stringify({ entries: [entry] })).entries).toEqual([entry]);
    expect(parseRegistryFile('r.json', JSON.stringify([entry])).entries).toEqual([entry]);
    expect(parseRegistryFile('r.json', '{').fileProblems).toEqual(['JSON 格式不正确']);
    expect(parseRegistryFile('r.csv', 'licenseNo,name\n1,2').fileProblems[0]).toMatch(/缺少列：lawFirm、phone、role、status/);
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...entry, licenseNo: String(13101201510000000 + i) }));
    const big = parseRegistryFile('r.json', JSON.stringify(many));
    expect(big.fileProblems).toEqual(['一次最多导入 1000 条，文件中有 1001 条']);
    expect(big.entries).toEqual([]);
  });
});

describe('report chart figures', () => {
  const day = (centerId: string, date: string, over: Partial<Record<string, number>>) => ({
    centerId,
    date,
    booked: 0,
    attended: 0,
    late: 0,
    noShow: 0,
    cancelledByLawyer: 0,
    cancelledByCenter: 0,
    interrogations: 0,
    places: 12,
    utilisation: 0,
    urgentDue: 0,
    urgentPlacedOnTime: 0,
    urgentCompliance: null,
    ...over,
  });

  test('per day across centers: places taken ÷ places, attended ÷ attended and no-shows; days without places left out', () => {
    const report = {
      district: 'x',
      from: '2026-12-01',
      to: '2026-12-02',
      centers: [],
      days: [
        day('a', '2026-12-01', { booked: 6, cancelledByLawyer: 1, cancelledByCenter: 1, attended: 3, noShow: 1 }),
        day('b', '2026-12-01', { booked: 2, attended: 0, noShow: 0 }),
        day('a', '2026-12-02', { booked: 0 }),
        day('a', '2026-12-05', { places: 0 }),
      ],
    };
    expect(chartDays(report)).toEqual([
      { date: '2026-12-01', utilisation: 6 / 24, attendance: 3 / 4 },
      { date: '2026-12-02', utilisation: 0, attendance: null },
    ]);
  });
});

describe('Shanghai dates', () => {
  test("today in Shanghai from an instant, whatever the machine's zone", () => {
    expect(shanghaiToday(Date.parse('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
    expect(shanghaiToday(Date.parse('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
  });
  test('adding days across a month and a year; the weekday label', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayLabel('2026-12-02')).toBe('12月2日（周三）');
  });
});
