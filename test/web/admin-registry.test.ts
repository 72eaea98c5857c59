// The registry as an admin keeps it (issue 18): a CSV saved by Excel in GBK reads as well as UTF-8
// (its encoding named), a file that is not text is one clear problem — never "共 0 条，全部有效" —,
// and one entry is added and corrected through a form, no file needed.
import type { Browser, Page } from 'playwright-core';
import { ADMIN, newLicense, newPhone, WebApi } from './support/api';
import { DESK, expectAccessible, expectText, launch, person } from './support/browser';

const api = new WebApi();
const MORNING = '2026-12-01T08:00:00+08:00';
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function openRegistry(page: Page) {
  await page.goto(`${api.url}/login`);
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '账号管理' }).waitFor();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '律师登记信息', exact: true }).click();
  await page.getByRole('heading', { name: '律师登记信息导入' }).waitFor();
}

/** GBK bytes of the Chinese header and of one row's name, firm and role, as Excel writes them. */
const GBK_HEADER = Buffer.from('d6b4d2b5d6a4bac52cd0d5c3fb2cc2c9caa6cac2cef1cbf92ccad6bbfabac52cc9edb7dd2cd7b4ccac0a', 'hex'); // 执业证号,姓名,律师事务所,手机号,身份,状态\n
const GBK_NAME = Buffer.from('d5c5c8fd', 'hex'); // 张三
const GBK_FIRM = Buffer.from('c9cfbaa3c4b3c2c9caa6cac2cef1cbf9', 'hex'); // 上海某律师事务所
const GBK_ROLE_STATUS = Buffer.from('d6b4d2b5c2c9caa62cd6b4d2b5', 'hex'); // 执业律师,执业

test('a GBK CSV is read and imported; an unreadable file says so and offers nothing to import', async () => {
  await api.setClock(MORNING);
  const { page, context } = await person(browser, MORNING, DESK);
  await openRegistry(page);
  const licence = newLicense();
  const phone = newPhone();
  const gbk = Buffer.concat([GBK_HEADER, Buffer.from(`${licence},`), GBK_NAME, Buffer.from(','), GBK_FIRM, Buffer.from(`,${phone},`), GBK_ROLE_STATUS, Buffer.from('\n')]);
  await page.getByLabel('选择文件').setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: gbk });
  await expectText(page.getByRole('status'), /文件编码：GBK\/GB18030.*共 1 条，\s*全部有效/);
  await expectText(page.getByRole('row').filter({ hasText: licence }), '上海某律师事务所');
  await expectAccessible(page);
  await page.getByRole('button', { name: '导入 1 条' }).click();
  await expectText(page.getByRole('status').last(), '导入完成：新增 1 条，更新 0 条。');
  const entry = await api.ok(api.get(`/admin/lawyer-registry/${licence}`, await api.adminToken()), 'registry entry');
  expect(entry).toMatchObject({ licenseNo: licence, name: '张三', lawFirm: '上海某律师事务所', status: 'practising' });

  // An .xlsx chosen by mistake: one problem, no "共 0 条，全部有效", nothing to import.
  await page.getByLabel('选择文件').setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from('504b0304140006000800000021000000ffff', 'hex') });
  await expectText(page.getByRole('alert'), '无法读取该文件');
  const preview = (await page.getByRole('region', { name: /^导入预览：/ }).textContent()) ?? '';
  expect(preview).not.toContain('全部有效');
  expect(preview).not.toContain('共 0 条');
  await expect(page.getByRole('button', { name: /^导入/ }).isDisabled()).resolves.toBe(true);
  await context.close();
});

test('one entry added, then corrected, through the form', async () => {
  await api.setClock(MORNING);
  const { page, context } = await person(browser, MORNING, DESK);
  await openRegistry(page);
  const form = page.getByRole('region', { name: '新增或更正一条登记' });
  const licence = newLicense();
  await form.getByLabel('证号').fill(licence);
  await form.getByLabel('姓名').fill('吴表单');
  await form.getByLabel('律师事务所').fill('表单律师事务所');
  await form.getByLabel('手机号').fill(newPhone());
  await expectAccessible(page);
  await form.getByRole('button', { name: '保存登记' }).click();
  await expectText(form.getByRole('status'), `已新增登记：吴表单（证号 ${licence}）。`);
  await form.getByLabel('律师事务所').fill('更正律师事务所');
  await form.locator('select[name="entryStatus"]').selectOption('suspended');
  await form.getByRole('button', { name: '保存登记' }).click();
  await expectText(form.getByRole('status'), `已更新登记：吴表单（证号 ${licence}）。`);
  const entry = await api.ok(api.get(`/admin/lawyer-registry/${licence}`, await api.adminToken()), 'registry entry');
  expect(entry).toMatchObject({ name: '吴表单', lawFirm: '更正律师事务所', status: 'suspended' });

  // A bad phone: the error beside the button, the earlier success gone.
  await form.getByLabel('手机号').fill('123');
  await form.getByRole('button', { name: '保存登记' }).click();
  await expectText(form.getByRole('alert'), '手机号');
  await expect(form.getByRole('status').count()).resolves.toBe(0);
  await context.close();
});
