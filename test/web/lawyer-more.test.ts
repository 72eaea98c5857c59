// The rest of a lawyer's journeys on a phone-sized screen: cancelling (warned when it will count
// as a violation), appealing a violation, the waitlist (joined, promoted, left), an urgent request
// and its deadline, signing the interrogation-room notice (its full text shown), the notification
// preference and a suggestion. The server's state is checked through the API after each.
import type { Browser, Page } from 'playwright-core';
import { uniqueName, WebApi } from './support/api';
import { expectAccessible, expectText, launch, person, PHONE, sees } from './support/browser';

const api = new WebApi();
const CENTER = 'minhang-kss';
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
  await page.getByRole('heading', { name: '我的委托与预约' }).waitFor();
}

async function boundLawyer(staffToken: string, name: string, email?: string) {
  const lawyer = await api.lawyer('lawyer', name, '闵行某律师事务所', email);
  const detaineeName = `何${uniqueName('x').slice(-4)}`;
  const detaineeId = await api.detainee(staffToken, CENTER, detaineeName);
  await api.bind(staffToken, CENTER, lawyer.licenseNo, detaineeId);
  return { ...lawyer, detaineeId, detaineeName };
}

const menu = (page: Page, name: string) => page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true }).click();

test('cancel before the session is free; after its start the lawyer is warned and it counts; the violation appealed', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const lawyer = await boundLawyer(staff.token, '钟律师');
  const early = await api.book(lawyer.token, CENTER, lawyer.detaineeId, '2026-12-03.AM');
  const today = await api.book(lawyer.token, CENTER, lawyer.detaineeId, '2026-12-01.PM');
  const { page, context } = await person(browser, MORNING, PHONE);
  await signIn(page, lawyer.username, lawyer.password);

  await page.goto(`${api.url}/lawyer/bookings/${CENTER}/${early.bookingId}`);
  await page.getByRole('heading', { name: '预约详情' }).waitFor();
  await expectText(page.getByText(/^排队号$/).locator('xpath=following-sibling::dd[1]'), String(early.queueNumber));
  await page.getByRole('button', { name: '撤销预约' }).click();
  const free = page.getByRole('alertdialog');
  await expectText(free, '会见开始前撤销不记违约');
  await expectAccessible(page);
  await free.getByRole('button', { name: '确认撤销' }).click();
  await expectText(page.getByRole('status'), '预约已撤销。本次撤销未记违约。');
  await expect(api.ok(api.get(`/bookings/${early.bookingId}`, lawyer.token), 'booking')).resolves.toMatchObject({ status: 'cancelled' });
  await expect(api.ok(api.get('/me/violations', lawyer.token), 'violations')).resolves.toMatchObject({ violations: [] });

  // 13:40: the afternoon session started at 13:30, the center's free-cancel cut-off (the default).
  await api.setClock('2026-12-01T13:40:00+08:00');
  await page.clock.setSystemTime(new Date('2026-12-01T13:40:00+08:00'));
  await page.goto(`${api.url}/lawyer/bookings/${CENTER}/${today.bookingId}`);
  await page.getByRole('button', { name: '撤销预约' }).click();
  const warned = page.getByRole('alertdialog');
  await expectText(warned, '已过免费撤销时间（会见开始时），现在撤销将记违约一次。');
  await expectAccessible(page);
  await warned.getByRole('button', { name: '确认撤销' }).click();
  await expectText(page.getByRole('status'), '已记违约一次');
  const { violations } = await api.ok(api.get('/me/violations', lawyer.token), 'violations');
  expect(violations).toEqual([expect.objectContaining({ reason: 'late_cancel', status: 'counted', bookingId: today.bookingId })]);

  await menu(page, '违约记录');
  await page.getByRole('heading', { name: '违约记录' }).waitFor();
  await expectText(page.getByRole('main'), /当前计入的违约 1 次/);
  const card = page.getByRole('article', { name: '违约：超过免费撤销时间撤销' });
  await expectText(card, '已计入');
  await expectAccessible(page);
  await card.getByLabel('申诉理由').fill('会见前突发急病，已提交医院证明');
  await card.getByRole('button', { name: '提交申诉' }).click();
  await expectText(card, '申诉中');
  const appealed = await api.ok(api.get('/me/violations', lawyer.token), 'violations');
  expect(appealed.violations[0]).toMatchObject({ violationId: violations[0].violationId, status: 'appealed' });
  await context.close();
});

test('waitlist: joined when full and promoted by a cancellation; joined and left; an urgent request and its deadline', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  // Six other lawyers fill the morning and the afternoon of 4 December.
  const others = await Promise.all(Array.from({ length: 6 }, (_, i) => boundLawyer(staff.token, `满员律师${i}`)));
  const morning = await Promise.all(others.map((o) => api.book(o.token, CENTER, o.detaineeId, '2026-12-04.AM')));
  await Promise.all(others.map((o) => api.book(o.token, CENTER, o.detaineeId, '2026-12-04.PM')));
  const lawyer = await boundLawyer(staff.token, '候补律师');
  const { page, context } = await person(browser, MORNING, PHONE);
  await signIn(page, lawyer.username, lawyer.password);

  await page
    .getByRole('article', { name: new RegExp(`委托：(${lawyer.detaineeName}|${lawyer.detaineeId})`) })
    .getByRole('link', { name: '预约会见' })
    .click();
  await page.getByRole('heading', { name: '可预约时段' }).waitFor();
  const am = page.getByRole('article', { name: '12月4日（周五）上午' });
  await expectText(am, '剩余 0 / 6 个名额');
  await expectAccessible(page);
  await am.getByRole('button', { name: '加入候补' }).click();
  const waiting = page.getByRole('status').filter({ has: page.getByRole('heading', { name: '已加入候补' }) });
  await expectText(waiting, '当前排第 1 位');
  await expectAccessible(page);

  // A place frees up: the first in line is booked automatically (B3).
  await api.ok(api.post(`/bookings/${morning[0].bookingId}/cancel`, undefined, others[0].token, { 'Idempotency-Key': `web-test-${uniqueName('c')}` }), 'cancel');
  const promoted = await api.ok(api.get('/bookings', lawyer.token), 'bookings');
  expect(promoted.bookings).toEqual([expect.objectContaining({ slotId: '2026-12-04.AM', detaineeId: lawyer.detaineeId, status: 'booked' })]);

  // Join the afternoon's list, then leave it: a later cancellation no longer books this lawyer.
  await page.reload();
  const pm = page.getByRole('article', { name: '12月4日（周五）下午' });
  await pm.getByRole('button', { name: '加入候补' }).click();
  await expectText(page.getByRole('status').filter({ has: page.getByRole('heading', { name: '已加入候补' }) }), '当前排第 1 位');
  await page.getByRole('button', { name: '退出候补' }).click();
  await sees(page.getByText('已退出候补。'));
  const afternoon = (await api.ok(api.get('/bookings', others[1].token), 'bookings')).bookings.find((b: { slotId: string }) => b.slotId === '2026-12-04.PM');
  await api.ok(api.post(`/bookings/${afternoon.bookingId}/cancel`, undefined, others[1].token, { 'Idempotency-Key': `web-test-${uniqueName('c')}` }), 'cancel');
  const after = await api.ok(api.get('/bookings', lawyer.token), 'bookings');
  expect(after.bookings.map((b: { slotId: string }) => b.slotId)).toEqual(['2026-12-04.AM']);

  // No place within 48 hours: an urgent request, due 48 hours from now.
  await page.getByRole('button', { name: '提出紧急会见申请' }).click();
  await expectText(page.getByRole('status').filter({ hasText: '紧急会见申请已提交' }), '看守所须在 2026-12-03 08:0');
  await expectAccessible(page);
  const open = await api.ok(api.get(`/centers/${CENTER}/urgent-requests?status=open`, staff.token), 'urgent requests');
  const mine = open.requests.filter((r: { detaineeId: string }) => r.detaineeId === lawyer.detaineeId);
  expect(mine).toEqual([expect.objectContaining({ lawyerId: lawyer.lawyerId, status: 'open' })]);
  expect(mine[0].deadline.slice(0, 13)).toBe('2026-12-03T08');
  await context.close();
});

test('the interrogation-room notice read in full and signed; notification preference; a suggestion filed', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const email = `${uniqueName('feng')}@example.cn`;
  const lawyer = await boundLawyer(staff.token, '冯律师', email);
  const booking = await api.book(lawyer.token, CENTER, lawyer.detaineeId, '2026-12-07.AM');
  const { page, context } = await person(browser, MORNING, PHONE);
  await signIn(page, lawyer.username, lawyer.password);

  await page
    .getByRole('article', { name: /12月7日（周一）上午/ })
    .getByRole('link', { name: '查看预约详情' })
    .click();
  await page.getByRole('heading', { name: '讯问室会见告知书' }).waitFor();
  const text = page.getByRole('blockquote', { name: '告知书全文' });
  await expectText(text, '关于律师使用看守所提讯（审）室进行会见告知书');
  await expectText(text, '律师不得开启、使用提讯（审）室内的同步录音录像、电脑、打印机等设备');
  await expectText(text, '看守所将严格执行“律师会见被监管人员，不被监听”的法律规定。');
  await expect(page.getByRole('button', { name: '签署告知书' }).isDisabled()).resolves.toBe(true);
  await expectAccessible(page);
  await page.getByLabel('我已阅读上述告知书，承诺遵守').check();
  await page.getByRole('button', { name: '签署告知书' }).click();
  await expectText(page.getByRole('status'), '签署（文本版本 sh-2012-annex/v1）');
  const signed = await api.ok(api.get(`/bookings/${booking.bookingId}`, lawyer.token), 'booking');
  expect(signed.consent).toMatchObject({ kind: 'interrogation-room', textVersion: 'sh-2012-annex/v1', signedBy: lawyer.lawyerId });

  await menu(page, '通知设置');
  await page.getByRole('heading', { name: '通知设置' }).waitFor();
  await page.getByLabel('短信和电子邮件').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: '保存通知设置' }).click();
  await expectText(page.getByRole('status'), `已保存：通知将通过短信和电子邮件发送。邮件发送至 ${email}。`);

  await menu(page, '意见建议');
  await page.getByLabel('看守所').selectOption(CENTER);
  await page.getByLabel('意见建议内容').fill('建议在候补递补时同时发送邮件提醒');
  await expectAccessible(page);
  await page.getByRole('button', { name: '提交意见建议' }).click();
  await expectText(page.getByRole('status'), '已提交，看守所将在');
  const register = await api.ok(api.get(`/centers/${CENTER}/suggestions?status=open`, staff.token), 'suggestions');
  expect(register.suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ lawyerId: lawyer.lawyerId, text: '建议在候补递补时同时发送邮件提醒' })]));
  await context.close();
});
