// Administration in the browser: an admin creates a staff account, finds it in the list, disables
// and enables it, previews a registry file with its errors before
// anything is sent and imports a corrected one, reads a district's report with its chart and
// table (the same figures the API gives), reads the dead letters and an audit trail; a committee
// member sees their own district's report only. An investigator sees a detainee's booked times
// without lawyer identities and books an interrogation around them.
import type { Browser, Page } from 'playwright-core';
import { ADMIN, newLicense, newPhone, uniqueName, WebApi } from './support/api';
import { DESK, expectAccessible, expectText, launch, person, sees } from './support/browser';

const api = new WebApi();
const MORNING = '2026-12-01T08:00:00+08:00';
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${api.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true }).click();

test('accounts: a staff account created, found in the list, disabled and enabled again', async () => {
  await api.setClock(MORNING);
  const { page, context } = await person(browser, MORNING, DESK);
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.getByRole('heading', { name: '账号管理' }).waitFor();
  await expectAccessible(page);
  const username = uniqueName('mh-officer');
  await page.getByRole('combobox', { name: /^角色/ }).selectOption('staff');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('初始密码').fill('Officer-2026');
  await page.getByLabel('上海市闵行区看守所').check();
  await page.getByRole('button', { name: '创建账号' }).click();
  await expectText(page.getByRole('status'), `已创建看守所民警账号 ${username}`);
  const token = await api.login(username, 'Officer-2026');
  const queue = await api.get('/centers/minhang-kss/bookings?date=2026-12-01', token);
  expect(queue.status).toBe(200);
  const elsewhere = await api.get('/centers/changning-kss/bookings?date=2026-12-01', token);
  expect(elsewhere.status).toBe(403);

  // The list (SPEC §7.2), newest accounts included; disabling one stops its sign-in.
  await page.getByRole('combobox', { name: /^按角色筛选/ }).selectOption('staff');
  const row = page.getByRole('row').filter({ hasText: username });
  await row.getByRole('button', { name: `停用账号 ${username}` }).click();
  await expectText(row, '已停用');
  const refused = await api.post('/auth/login', { username, password: 'Officer-2026' });
  expect([401, 403]).toContain(refused.status);
  await row.getByRole('button', { name: `启用账号 ${username}` }).click();
  await expectText(row, '正常');
  await expect(api.login(username, 'Officer-2026')).resolves.toMatch(/\./);
  await context.close();
});

test('registry import: errors previewed before sending, a corrected file imported', async () => {
  const { page, context } = await person(browser, MORNING, DESK);
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.getByRole('heading', { name: '账号管理' }).waitFor();
  await nav(page, '律师登记信息');
  await page.getByRole('heading', { name: '律师登记信息导入' }).waitFor();
  const good = newLicense();
  const phone = newPhone();
  const csv = (second: string) => `licenseNo,name,lawFirm,phone,role,status\n${good},林律师,上海某律师事务所,${phone},lawyer,practising\n${second}\n`;
  await page.getByLabel('选择文件').setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('1234,黄律师,上海某律师事务所,12345,lawyer,practising')) });
  await expectText(page.getByRole('status'), '共 2 条，1 条有误');
  const badRow = page.getByRole('row').filter({ hasText: '黄律师' });
  await expectText(badRow, '执业证号须为 17 位数字');
  await expectText(badRow, '手机号须为有效的中国大陆手机号');
  await expect(page.getByRole('button', { name: /^导入/ }).isDisabled()).resolves.toBe(true);
  await expectAccessible(page);

  const second = newLicense();
  await page
    .getByLabel('选择文件')
    .setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(`${second},黄律师,上海某律师事务所,${newPhone()},lawyer,suspended`)) });
  await expectText(page.getByRole('status'), '共 2 条，全部有效');
  await page.getByRole('button', { name: '导入 2 条' }).click();
  await expectText(page.getByRole('status').last(), '导入完成：新增 2 条，更新 0 条。');
  const entry = await api.ok(api.get(`/admin/lawyer-registry/${second}`, await api.adminToken()), 'registry entry');
  expect(entry).toMatchObject({ licenseNo: second, name: '黄律师', status: 'suspended', accountId: null });
  await page.getByRole('region', { name: '查询登记信息' }).getByLabel('证号').fill(good);
  await page.getByRole('button', { name: '查询' }).click();
  await expectText(page.getByRole('definition').filter({ hasText: '林律师' }), '林律师');
  await expectAccessible(page);
  await context.close();
});

test('a district report: chart and table of the API figures; a committee member sees only their district', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: ['changning-kss'] });
  const lawyer = await api.lawyer('lawyer', '潘律师');
  const detainee = await api.detainee(staff.token, 'changning-kss', '许某');
  await api.bind(staff.token, 'changning-kss', lawyer.licenseNo, detainee);
  const booking = await api.book(lawyer.token, 'changning-kss', detainee, '2026-12-01.AM');
  await api.setClock('2026-12-01T08:45:00+08:00');
  await api.ok(api.post(`/bookings/${booking.bookingId}/check-in`, {}, staff.token), 'check in');

  const { page, context } = await person(browser, '2026-12-01T08:45:00+08:00', DESK);
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.getByRole('heading', { name: '账号管理' }).waitFor();
  await nav(page, '统计报表');
  await page.getByRole('heading', { name: '统计报表' }).waitFor();
  await page.getByLabel('区县').selectOption('changning');
  const chart = page.getByRole('img', { name: /长宁区 .* 每日利用率与到场率/ });
  await chart.waitFor();
  const report = await api.ok(api.get(`/reports?district=changning&from=2026-11-18&to=2026-12-01`, await api.adminToken()), 'report');
  const today = report.days.find((d: { centerId: string; date: string }) => d.centerId === 'changning-kss' && d.date === '2026-12-01');
  expect(today.attended).toBeGreaterThanOrEqual(1);
  // Today's bars: utilisation = places taken ÷ places; attendance = 100% (nobody missed yet).
  await expect(chart.locator('[data-date="2026-12-01"] rect.bar-attendance title').textContent()).resolves.toBe('2026-12-01 到场率 100%');
  const taken = today.booked - today.cancelledByLawyer - today.cancelledByCenter;
  await expect(chart.locator('[data-date="2026-12-01"] rect.bar-utilisation title').textContent()).resolves.toBe(`2026-12-01 利用率 ${Math.round((taken / today.places) * 100)}%`);
  const row = page.getByRole('row').filter({ hasText: '2026-12-01' }).filter({ hasText: '上海市长宁区看守所' });
  await expectText(row, `${Math.round(today.utilisation * 100)}%`);
  await expectAccessible(page);

  await nav(page, '通知投递');
  await page.getByRole('heading', { name: '通知投递' }).waitFor();
  await sees(page.getByText(/没有死信通知|重新投递/));
  await expectAccessible(page);
  await nav(page, '操作审计');
  await page.getByLabel('看守所').selectOption('changning-kss');
  await sees(page.getByRole('cell', { name: 'POST /bookings/{bookingId}/check-in' }));
  await expectAccessible(page);
  await context.close();

  const committee = await api.account('committee', { district: 'changning' });
  const second = await person(browser, '2026-12-01T08:45:00+08:00', DESK);
  await signIn(second.page, committee.username, committee.password);
  await second.page.getByRole('heading', { name: '统计报表' }).waitFor();
  await sees(second.page.getByText('长宁区', { exact: true }));
  await expect(second.page.getByLabel('区县').count()).resolves.toBe(0);
  await expect(second.page.getByRole('navigation', { name: '主导航' }).getByRole('link').allTextContents()).resolves.toEqual(['律师会见预约平台', '统计报表']);
  await second.page.getByRole('img', { name: /长宁区/ }).waitFor();
  await expectAccessible(second.page);
  await second.context.close();
});

test("investigator: a detainee's booked times without identities; an interrogation around the lawyer's meeting", async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: ['changning-kss'] });
  const investigator = await api.account('investigator', { centerIds: ['changning-kss'] });
  const lawyer = await api.lawyer('lawyer', '严律师', '长宁某律师事务所');
  const detaineeName = `岳${uniqueName('x').slice(-4)}`;
  const detainee = await api.detainee(staff.token, 'changning-kss', detaineeName);
  await api.bind(staff.token, 'changning-kss', lawyer.licenseNo, detainee);
  await api.book(lawyer.token, 'changning-kss', detainee, '2026-12-03.AM');

  const { page, context } = await person(browser, MORNING, DESK);
  await signIn(page, investigator.username, investigator.password);
  await page.getByRole('heading', { name: '提讯安排' }).waitFor();
  // Found by name (issue 18), never by the internal id.
  await page.getByLabel('在押人员姓名').fill(detaineeName);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: detaineeName, exact: true }).click();
  const booked = page.getByRole('row').filter({ hasText: '12月3日（周四）' });
  await expectText(booked, '律师会见');
  const main = (await page.getByRole('main').textContent()) ?? '';
  expect(main).not.toContain('严律师');
  expect(main).not.toContain(lawyer.licenseNo);
  expect(main).not.toContain(lawyer.lawyerId);
  await expectAccessible(page);

  // The period the lawyer booked is marked and cannot be chosen (before: refused only after submitting);
  // the server refuses it all the same.
  const takenOption = page.getByRole('combobox', { name: /^时段/ }).locator('option', { hasText: '12月3日（周四） 上午 08:30' });
  await expectText(takenOption, '已有律师会见，不可预约');
  await expect(takenOption.isDisabled()).resolves.toBe(true);
  const busy = await api.post('/centers/changning-kss/interrogations', { detaineeId: detainee, slotId: '2026-12-03.AM' }, investigator.token);
  expect(busy.status).toBe(409);
  expect(busy.body.error.code).toBe('DETAINEE_BUSY');

  await page.getByRole('combobox', { name: /^时段/ }).selectOption({ label: '12月3日（周四） 下午 13:30' });
  await page.getByRole('button', { name: '预约提讯' }).click();
  await expectText(page.getByRole('status'), /已预约提讯：12月3日（周四）下午，排队号 \d+，讯问室 \S+。/);
  const schedule = await api.ok(api.get(`/centers/changning-kss/detainees/${detainee}/schedule?from=2026-12-03&to=2026-12-03`, investigator.token), 'schedule');
  expect(schedule.appointments.map((a: { slotId: string; kind: string }) => `${a.slotId} ${a.kind}`).sort()).toEqual([
    '2026-12-03.AM lawyer-meeting',
    '2026-12-03.PM interrogation',
  ]);
  await expectText(page.getByRole('row').filter({ hasText: '12月3日（周四）' }).filter({ hasText: '下午' }), '提讯');
  await expectAccessible(page);
  await context.close();
});
