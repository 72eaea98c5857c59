// Queue calling in the browser (issue 20 item 1): the waiting hall's screen and a lawyer's phone
// are open while the front desk calls — the desk presses 叫号, the screen (polling every 5 s with
// If-None-Match) shows the number and the room, and the lawyer's booking page shows "前面还有 N
// 位" and then the call itself; 过号 takes the number off the screen. Every page passes axe.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { WebApi } from './support/api';
import { DESK, expectAccessible, expectText, launch, person, PHONE, sees } from './support/browser';

const api = new WebApi();
const CENTER = 'minhang-kss';
// A day no other web test books.
const DAY = '2027-11-18';
const NOW = `${DAY}T08:40:00+08:00`;
/** LMB_SAVE_SCREENSHOTS=1 also saves the pages as docs/web-queue-*.png (the README's pictures). */
const SAVE = process.env.LMB_SAVE_SCREENSHOTS === '1';
const DOCS = path.join(__dirname, '..', '..', 'docs');
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
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

test('staff call → the hall screen shows the number and room → the lawyer’s page shows the call; skip takes it off', async () => {
  await api.setClock(`2027-11-17T09:00:00+08:00`);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const first = await api.lawyer('lawyer', '秦律师', '闵行某律师事务所');
  const second = await api.lawyer('lawyer', '韩律师', '闵行某律师事务所');
  const bookings = [];
  for (const [l, name] of [
    [first, '甲某'],
    [second, '乙某'],
  ] as const) {
    const detaineeId = await api.detainee(staff.token, CENTER, name);
    await api.bind(staff.token, CENTER, l.licenseNo, detaineeId);
    bookings.push(await api.book(l.token, CENTER, detaineeId, `${DAY}.AM`));
  }
  await api.ok(api.post(`/bookings/${bookings[1].bookingId}/room`, { roomType: 'meeting', roomNo: 'M04' }, staff.token), 'room');
  await api.setClock(NOW);

  // The hall screen: nobody called yet, two waiting. No sign-in.
  const hall = await person(browser, NOW, DESK);
  await hall.page.goto(`${api.url}/display/${CENTER}`);
  await hall.page.getByRole('heading', { name: '上海市闵行区看守所 律师会见叫号' }).waitFor();
  const morning = hall.page.getByRole('region', { name: /上午场/ });
  await expectText(morning, '等待叫号 2 人');
  await expectText(morning, /正在叫号\s*—/);
  await expectAccessible(hall.page);
  // What the screen shows names nobody.
  for (const secret of ['秦律师', '韩律师', '甲某', '乙某', bookings[0].bookingId]) expect(await hall.page.content()).not.toContain(secret);

  // The second lawyer's phone: one ahead.
  const phone = await person(browser, NOW, PHONE);
  await signIn(phone.page, second.username, second.password);
  await phone.page.goto(`${api.url}/lawyer/bookings/${CENTER}/${bookings[1].bookingId}`);
  const queue = phone.page.getByRole('region', { name: '当日排队' });
  await expectText(queue, '前面还有 1 位');
  await expectText(queue, '尚未开始叫号');
  await expectAccessible(phone.page);

  // The desk calls twice: the first lawyer, then the second (with the room).
  const desk = await person(browser, NOW, DESK);
  await signIn(desk.page, staff.username, staff.password);
  await desk.page.getByRole('heading', { name: '当日会见排队' }).waitFor();
  const call = desk.page.getByRole('button', { name: /^叫号：上午场/ });
  await call.click();
  await expectText(desk.page.getByRole('status'), `已叫号：排队号 ${bookings[0].queueNumber}。`);
  await expectText(morning, new RegExp(`正在叫号\\s*${bookings[0].queueNumber} 号`));
  await expectText(queue, '前面还有 0 位');
  await expectText(queue, `当前叫号：${bookings[0].queueNumber} 号`);

  await call.click();
  await expectText(desk.page.getByRole('status'), `已叫号：排队号 ${bookings[1].queueNumber}，请到 M04。`);
  await expectText(morning, new RegExp(`正在叫号\\s*${bookings[1].queueNumber} 号\\s*请到 M04 室`));
  await expectText(morning, '等待叫号 0 人');
  await expectText(queue, `已叫到您（排队号 ${bookings[1].queueNumber}），请到 M04 室`);
  await expectAccessible(phone.page);
  await expectAccessible(hall.page);

  // 过号 of the first: off the screen's called list; 重呼 stays offered.
  await desk.page.getByRole('button', { name: `过号：排队号 ${bookings[0].queueNumber}` }).click();
  await desk.page.getByLabel('过号原因').fill('叫号三次未到');
  await expectAccessible(desk.page);
  await desk.page.getByRole('button', { name: '确认过号' }).click();
  await expectText(desk.page.getByRole('status'), `排队号 ${bookings[0].queueNumber} 已过号。`);
  await sees(desk.page.getByText('已过号（叫号三次未到）'));
  await sees(desk.page.getByRole('button', { name: `重呼：排队号 ${bookings[0].queueNumber}` }));
  const called = hall.page.getByRole('list', { name: '上午场已叫号' });
  await expectText(called, new RegExp(`^\\s*${bookings[1].queueNumber} 号 请到 M04 室\\s*$`));
  await expectAccessible(desk.page);

  if (SAVE) {
    await hall.page.screenshot({ path: path.join(DOCS, 'web-queue-display.png') });
    await phone.page.screenshot({ path: path.join(DOCS, 'web-queue-lawyer.png'), fullPage: true });
    await desk.page.screenshot({ path: path.join(DOCS, 'web-queue-desk.png') });
  }
  // What the server holds: the first skipped with its reason, the second called.
  const day = await api.ok(api.get(`/centers/${CENTER}/bookings?date=${DAY}`, staff.token), 'day queue');
  const byId = new Map(day.bookings.map((b: { bookingId: string; call: unknown }) => [b.bookingId, b.call]));
  expect(byId.get(bookings[0].bookingId)).toMatchObject({ state: 'skipped', skipReason: '叫号三次未到' });
  expect(byId.get(bookings[1].bookingId)).toMatchObject({ state: 'called', callCount: 1 });
  await Promise.all([hall.context.close(), phone.context.close(), desk.context.close()]);
});
