// A lawyer's first day, in the browser as a person does it: register, confirm with the SMS code,
// sign in, find the binding the center made, book a session, read the queue number and the
// conduct rules — and the server holds exactly that booking. Run on a phone-sized screen and on a
// desk screen; every page is checked for accessibility.
import type { Browser } from 'playwright-core';
import { newLicense, newPhone, uniqueName, WebApi } from './support/api';
import { DESK, expectAccessible, expectText, launch, person, PHONE, sees } from './support/browser';

const api = new WebApi();
const NOW = '2026-12-01T08:00:00+08:00';
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  ['phone', PHONE, 'minhang-kss', '2026-12-02.AM'],
  ['desk', DESK, 'changning-kss', '2026-12-02.PM'],
] as const)('lawyer registers and books (%s screen)', (_label, viewport, centerId, slotId) => {
  test('register → confirm → sign in → book; the queue number and rules shown; the booking on the server', async () => {
    await api.setClock(NOW);
    const staff = await api.account('staff', { centerIds: [centerId] });
    const detaineeName = `赵${uniqueName('d').slice(-4)}`;
    const detaineeId = await api.detainee(staff.token, centerId, detaineeName);
    const licenseNo = newLicense();
    const phone = newPhone();
    const username = uniqueName('li');
    await api.registry({ licenseNo, name: '李律师', lawFirm: '上海某律师事务所', phone, role: 'lawyer' });
    // The center binds the licence before the lawyer registered (R1).
    await api.bind(staff.token, centerId, licenseNo, detaineeId);

    const { context, page } = await person(browser, NOW, viewport);
    await page.goto(`${api.url}/`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: '注册账号' }).click();

    await page.getByRole('heading', { name: '律师注册' }).waitFor();
    await page.getByLabel('执业证号（17 位数字）').fill(licenseNo);
    await page.getByLabel('姓名').fill('李律师');
    await page.getByLabel('手机号（律师协会登记的号码）').fill(phone);
    await page.getByLabel('律师事务所').fill('上海某律师事务所');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('Lawyer-2026');
    await expectAccessible(page);
    await page.getByRole('button', { name: '注册' }).click();

    await page.getByRole('heading', { name: '确认注册' }).waitFor();
    await expect(page.getByLabel('用户名').inputValue()).resolves.toBe(username);
    await page.getByLabel('短信验证码（6 位数字）').fill(await api.smsCode(phone));
    await expectAccessible(page);
    await page.getByRole('button', { name: '确认注册' }).click();

    await page.getByText('注册已确认，请登录。').waitFor();
    await page.getByLabel('密码').fill('Lawyer-2026');
    await page.getByRole('button', { name: '登录' }).click();

    await page.getByRole('heading', { name: '我的委托与预约' }).waitFor();
    const binding = page.getByRole('article', { name: new RegExp(`委托：(${detaineeName}|${detaineeId})`) });
    await binding.waitFor();
    await expectAccessible(page);
    await binding.getByRole('link', { name: '预约会见' }).click();

    await page.getByRole('heading', { name: '预约会见' }).waitFor();
    const day = slotId.slice(0, 10);
    const sessionLabel = `12月2日（周三）${slotId.endsWith('AM') ? '上午' : '下午'}`;
    const slot = page.getByRole('article', { name: sessionLabel });
    await expectText(slot, '剩余 6 / 6 个名额');
    await expectAccessible(page);
    await slot.getByRole('button', { name: '预约此时段' }).click();

    const confirmation = page.getByRole('status').filter({ has: page.getByRole('heading', { name: '预约成功' }) });
    await confirmation.waitFor();
    await expectText(confirmation.getByText(/^排队号/), /^排队号 1$/);
    await sees(confirmation.getByRole('heading', { name: '会见须知' }));
    const rules = await confirmation.getByRole('listitem').allTextContents();
    expect(rules.join('')).toMatch(/手机|录音|吸烟/);
    await expectAccessible(page);

    // What the server holds: one booking, queue number 1, in that session, for this detainee.
    const token = await api.login(username, 'Lawyer-2026');
    const { bookings } = await api.ok(api.get('/bookings', token), 'my bookings');
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ centerId, detaineeId, slotId, queueNumber: 1, status: 'booked' });
    expect(day).toBe(bookings[0].date);

    await confirmation.getByRole('link', { name: '查看预约详情' }).click();
    await page.getByRole('heading', { name: '预约详情' }).waitFor();
    await sees(page.getByText('已预约', { exact: true }));
    await expectAccessible(page);
    await context.close();
  });
});
