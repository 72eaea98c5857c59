// What a person sees when things go wrong: the contract's Chinese message as the server wrote it,
// a Retry-After turned into a wait time, an expired session that sends them to sign in again and
// back to the page they were on, and a registration refused by the licence registry explained.
import type { Browser } from 'playwright-core';
import { newLicense, newPhone, uniqueName, WebApi } from './support/api';
import { expectAccessible, expectText, launch, person, PHONE } from './support/browser';

const api = new WebApi();
const MORNING = '2026-12-01T08:00:00+08:00';
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('a wrong password: the server’s own message; an expired session: sign in again and come back', async () => {
  await api.setClock(MORNING);
  const lawyer = await api.lawyer('lawyer', '方律师');
  const { page, context } = await person(browser, MORNING, PHONE);
  await page.goto(`${api.url}/login`);
  await page.getByLabel('用户名').fill(lawyer.username);
  await page.getByLabel('密码').fill('Wrong-Password-1');
  await page.getByRole('button', { name: '登录' }).click();
  const refused = await api.post('/auth/login', { username: uniqueName('nobody'), password: 'Wrong-Password-1' });
  await expectText(page.getByRole('alert'), refused.body.error.message);

  await page.getByLabel('密码').fill(lawyer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '我的委托与预约' }).waitFor();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '违约记录' }).click();
  await page.getByRole('heading', { name: '违约记录' }).waitFor();

  // The token stops being accepted (as when it expires): the next call answers 401.
  await page.evaluate(() => {
    // Runs in the page (the root tsconfig has no DOM lib, hence the cast).
    const storage = (globalThis as unknown as { sessionStorage: { getItem(k: string): string; setItem(k: string, v: string): void } }).sessionStorage;
    const s = JSON.parse(storage.getItem('lmb.session')) as { token: string };
    s.token = `${s.token.split('.').slice(0, 2).join('.')}.invalid-signature`;
    storage.setItem('lmb.session', JSON.stringify(s));
  });
  await page.reload();
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await expectText(page.getByRole('status'), '登录已失效，请重新登录');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/lawyer/violations');
  await expectAccessible(page);
  await page.getByLabel('用户名').fill(lawyer.username);
  await page.getByLabel('密码').fill(lawyer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '违约记录' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/lawyer/violations');
  await context.close();
});

test('five failed logins: 429 with Retry-After, shown as a wait time (B11)', async () => {
  const { page, context } = await person(browser, MORNING, PHONE);
  const lawyer = await api.lawyer('lawyer', '陆律师');
  await page.goto(`${api.url}/login`);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('用户名').fill(lawyer.username);
    await page.getByLabel('密码').fill(`Wrong-Password-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').waitFor();
  }
  // Now even the right password is refused for a while, and the server says how long.
  await page.getByLabel('密码').fill(lawyer.password);
  await page.getByRole('button', { name: '登录' }).click();
  const sixth = await api.post('/auth/login', { username: lawyer.username, password: lawyer.password });
  expect(sixth.status).toBe(429);
  const seconds = Number(sixth.headers.get('retry-after'));
  expect(seconds).toBeGreaterThan(0);
  await expectText(page.getByRole('alert'), new RegExp(`请在 (${Math.ceil(seconds / 60)}|${Math.ceil(seconds / 60) + 1}) 分钟后重试。`));
  await expectAccessible(page);
  await context.close();
});

test('forgot password: a code to the phone on record, a new password, signed in with it', async () => {
  const { page, context } = await person(browser, MORNING, PHONE);
  const lawyer = await api.lawyer('lawyer', '江律师');
  await page.goto(`${api.url}/login`);
  await page.getByRole('link', { name: '忘记密码' }).click();
  await page.getByRole('heading', { name: '找回密码' }).waitFor();
  await page.getByLabel('用户名').fill(lawyer.username);
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expectText(page.getByRole('status'), '验证码已发送到登记的手机号');
  await page.getByLabel('短信验证码').fill(await api.smsCode(lawyer.phone, 1));
  await page.getByLabel('新密码').fill('New-Lawyer-2027');
  await expectAccessible(page);
  await page.getByRole('button', { name: '重设密码' }).click();
  await expectText(page.getByRole('status'), '密码已重设，请用新密码登录。');
  await page.getByLabel('密码').fill('New-Lawyer-2027');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { name: '我的委托与预约' }).waitFor();
  expect((await api.post('/auth/login', { username: lawyer.username, password: lawyer.password })).status).toBe(401);
  await context.close();
});

test('registration refused by the licence registry (NOT_IN_REGISTRY) is explained', async () => {
  const { page, context } = await person(browser, MORNING, PHONE);
  const licenseNo = newLicense();
  const phone = newPhone();
  const username = uniqueName('nr');
  await page.goto(`${api.url}/account/register`);
  await page.getByLabel('执业证号（17 位数字）').fill(licenseNo);
  await page.getByLabel('姓名').fill('不在册');
  await page.getByLabel('手机号（律师协会登记的号码）').fill(phone);
  await page.getByLabel('律师事务所').fill('某律师事务所');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Lawyer-2026');
  await page.getByRole('button', { name: '注册' }).click();
  const alert = page.getByRole('alert');
  await expectText(alert, '未能通过律师协会登记信息核验');
  await expectText(alert, '证号、姓名和手机号三项须与律师协会');
  // The server's own words, as the API gives them for the same registration.
  const refused = await api.post('/auth/register', {
    username: uniqueName('nr'),
    password: 'Lawyer-2026',
    name: '不在册',
    phone,
    licenseNo,
    lawFirm: '某律师事务所',
    role: 'lawyer',
  });
  expect([refused.status, refused.body.error.code]).toEqual([422, 'NOT_IN_REGISTRY']);
  await expectText(alert, refused.body.error.message);
  await expectAccessible(page);
  await context.close();
});
