// The front desk in the browser: a staff member registers a detainee, binds a registered lawyer by
// licence (and sees whose account it is), runs the day's queue — check-in on time and late, a room,
// the end of the meeting —, stops a session after reading which bookings it will cancel, places an
// urgent request, answers a suggestion, decides an appeal and reads the audit trail. What the
// person sees is asserted on the page; what changed, through the API.
import type { Browser, Page } from 'playwright-core';
import { uniqueName, WebApi } from './support/api';
import { DESK, expectAccessible, expectText, launch, person, sees } from './support/browser';

const api = new WebApi();
const CENTER = 'jiading-kss';
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

test('register a detainee, bind a lawyer by licence, run the queue: on-time and late check-in, room, end', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const onTime = await api.lawyer('lawyer', '周律师', '嘉定某律师事务所');
  const late = await api.lawyer('lawyer', '吴律师', '嘉定另一律师事务所');
  const { page, context } = await person(browser, MORNING, DESK);
  await signIn(page, staff.username, staff.password);

  await page.getByRole('heading', { name: '当日会见排队' }).waitFor();
  await expectAccessible(page);
  await nav(page, '在押人员');
  await page.getByRole('heading', { name: '登记在押人员' }).waitFor();
  const name = `钱${uniqueName('x').slice(-4)}`;
  await page.getByLabel('姓名', { exact: true }).fill(name);
  await page.getByLabel('女').check();
  await page.getByLabel('承办单位（可选）').fill('嘉定公安分局');
  await expectAccessible(page);
  await page.getByRole('button', { name: '登记', exact: true }).click();
  const registered = await expectText(page.getByRole('status'), `已登记 ${name}`);
  const detaineeId = /编号 (\S+?)。/.exec(registered)?.[1] as string;
  expect(detaineeId).toMatch(/^dt_/);

  await page.getByRole('link', { name: `打开 ${name} 的页面` }).click();
  await page.getByRole('heading', { name: '在押人员详情' }).waitFor();
  await expectAccessible(page);
  await page.getByRole('link', { name: '为该在押人员办理委托绑定' }).click();
  await page.getByRole('heading', { name: '办理委托绑定' }).waitFor();
  await expect(page.getByLabel('在押人员编号').inputValue()).resolves.toBe(detaineeId);
  for (const lawyer of [onTime, late]) {
    await page.getByLabel('律师执业证号或实习证号').fill(lawyer.licenseNo);
    await page.getByLabel('查验委托手续').check();
    await page.getByRole('button', { name: '办理绑定' }).click();
    // The attached account: its name to compare with the papers (R1a), or at least that one exists.
    await expectText(page.getByRole('status'), `证号 ${lawyer.licenseNo} 的注册账号：${lawyer.name}（${lawyer.lawFirm}）`);
  }
  await expectAccessible(page);
  const bindings = await api.ok(api.get('/me/bindings', onTime.token), 'bindings');
  expect(bindings.bindings).toEqual([expect.objectContaining({ centerId: CENTER, detaineeId, status: 'active' })]);

  // Both lawyers book today's morning session; co-counsel is not needed for the queue.
  const first = await api.book(onTime.token, CENTER, detaineeId, '2026-12-01.AM');
  const second = await api.book(late.token, CENTER, detaineeId, '2026-12-01.AM').catch(() => undefined);
  // One detainee, one session: the second lawyer meets another detainee of the center.
  let secondBooking = second;
  if (!secondBooking) {
    const other = await api.detainee(staff.token, CENTER, '孙某');
    await api.bind(staff.token, CENTER, late.licenseNo, other);
    secondBooking = await api.book(late.token, CENTER, other, '2026-12-01.AM');
  }

  await api.setClock('2026-12-01T08:40:00+08:00');
  await nav(page, '当日排队');
  const session = page.getByRole('region', { name: /^上午场/ });
  await session.waitFor();
  // Names and licence numbers where the day queue carries them (SPEC §7.3), else the ids.
  const row1 = session
    .getByRole('row')
    .filter({ hasText: new RegExp(`${name}|${detaineeId}`) })
    .filter({ hasText: new RegExp(`${onTime.name}|${onTime.lawyerId}`) });
  await expectText(row1, /已预约/);
  await expectAccessible(page);
  await row1.getByRole('button', { name: `签到：排队号 ${first.queueNumber}` }).click();
  await expectText(page.getByRole('status'), `排队号 ${first.queueNumber} 已签到。`);

  await api.setClock('2026-12-01T09:10:00+08:00');
  await session.getByRole('button', { name: `签到：排队号 ${secondBooking.queueNumber}` }).click();
  await expectText(page.getByRole('status'), `排队号 ${secondBooking.queueNumber} 已签到：迟到，已记违约一次。`);
  await sees(session.getByText('迟到', { exact: true }));

  const roomForm = page.getByRole('form', { name: `为排队号 ${first.queueNumber} 安排房间` });
  if (await roomForm.getByLabel('空闲房间').count()) {
    await roomForm.getByLabel('空闲房间').selectOption({ label: '会见室 M01' });
  } else {
    await roomForm.getByLabel('房间类型').selectOption('meeting');
    await roomForm.getByLabel('房间号').fill('M01');
  }
  await roomForm.getByRole('button', { name: '安排房间' }).click();
  await expectText(page.getByRole('status'), `排队号 ${first.queueNumber} 已安排会见室 M01`);
  await session.getByRole('button', { name: `会见结束：排队号 ${first.queueNumber}` }).click();
  await expectText(page.getByRole('status'), `排队号 ${first.queueNumber} 会见结束。`);
  await expectText(row1, /会见结束/);
  await expectAccessible(page);

  const done = await api.ok(api.get(`/bookings/${first.bookingId}`, onTime.token), 'booking');
  expect(done).toMatchObject({ status: 'completed', room: expect.objectContaining({ roomType: 'meeting', roomNo: 'M01' }) });
  const lateViolations = await api.ok(api.get('/me/violations', late.token), 'violations');
  expect(lateViolations.violations).toEqual([expect.objectContaining({ reason: 'late', status: 'counted', bookingId: secondBooking.bookingId })]);
  const onTimeViolations = await api.ok(api.get('/me/violations', onTime.token), 'violations');
  expect(onTimeViolations.violations).toEqual([]);

  // The appeal of the late lawyer, decided at the desk: voided.
  const violationId = lateViolations.violations[0].violationId as string;
  await api.ok(api.post(`/violations/${violationId}/appeal`, { reason: '路上交通事故，有交警证明' }, late.token), 'appeal');
  await nav(page, '违约申诉');
  await page.getByRole('heading', { name: '违约申诉' }).waitFor();
  // The appeal with its context (issue 18): the lawyer, the meeting, the reason and the lawyer's text, no codes.
  const appeal = page.getByRole('article', { name: new RegExp(`^申诉：${late.name}`) });
  await expectText(appeal, late.lawFirm);
  await expectText(appeal, '迟到');
  await expectText(appeal, '路上交通事故，有交警证明');
  await expectText(appeal, /12月1日（周二）上午/);
  expect((await appeal.textContent()) ?? '').not.toMatch(/\b(dt|lw|us|bk|vi)[_.]/);
  await appeal.getByRole('button', { name: /^撤销违约：/ }).click();
  await sees(page.getByText('已撤销违约'));
  await expectAccessible(page);
  const decided = await api.ok(api.get('/me/violations', late.token), 'violations');
  expect(decided.violations[0]).toMatchObject({ violationId, status: 'voided' });

  // The audit trail shows the check-ins and the decision.
  await nav(page, '操作审计');
  await page.getByRole('heading', { name: '操作审计' }).waitFor();
  await sees(page.getByRole('cell', { name: 'POST /bookings/{bookingId}/check-in' }));
  await sees(page.getByRole('cell', { name: 'POST /violations/{violationId}/decision' }));
  await expectAccessible(page);
  await context.close();
});

test('a closure lists the bookings it will cancel before it is sent; an urgent request placed; a suggestion answered', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const lawyer = await api.lawyer('lawyer', '郑律师', '嘉定某律师事务所');
  const detaineeName = `冯${uniqueName('x').slice(-4)}`;
  const detaineeId = await api.detainee(staff.token, CENTER, detaineeName);
  await api.bind(staff.token, CENTER, lawyer.licenseNo, detaineeId);
  const booking = await api.book(lawyer.token, CENTER, detaineeId, '2026-12-03.PM');
  const { page, context } = await person(browser, MORNING, DESK);
  await signIn(page, staff.username, staff.password);
  await page.getByRole('heading', { name: '当日会见排队' }).waitFor();

  await nav(page, '停止会见');
  await page.getByRole('heading', { name: '停止会见' }).waitFor();
  await page.getByLabel('日期').fill('2026-12-03');
  await page.getByLabel(/下午 13:30/).check();
  await page.getByLabel('原因').fill('设备检修');
  await expectAccessible(page);
  await page.getByRole('button', { name: '预览受影响的预约' }).click();
  const preview = page.getByRole('region', { name: '将撤销的预约' });
  await expectText(preview, '将撤销以下 1 个预约');
  await expectText(preview, new RegExp(`${detaineeName}|${detaineeId}`));
  await expectAccessible(page);
  // Nothing is cancelled by looking.
  await expect(api.ok(api.get(`/bookings/${booking.bookingId}`, lawyer.token), 'booking')).resolves.toMatchObject({ status: 'booked' });
  await preview.getByRole('button', { name: '确认停止会见并撤销 1 个预约' }).click();
  await expectText(page.getByRole('status'), '已停止 1 个时段的会见，撤销了 1 个预约');
  await expect(api.ok(api.get(`/bookings/${booking.bookingId}`, lawyer.token), 'booking')).resolves.toMatchObject({ status: 'cancelled_by_center' });

  // An urgent request, placed in a meeting room.
  const urgent = await api.ok(api.post('/urgent-requests', { centerId: CENTER, detaineeId }, lawyer.token), 'urgent request');
  await nav(page, '紧急会见');
  // Named by the detainee (and the lawyer), rooms picked from the center's list (issue 18).
  const card = page.getByRole('article', { name: `紧急会见申请：${detaineeName}` });
  await card.waitFor();
  await expectText(card, lawyer.name);
  expect((await card.textContent()) ?? '').not.toMatch(/\b(dt|lw|us|bk|vi|ur)[_.]/);
  await expectAccessible(page);
  await card.locator('select[name="roomNo"]').selectOption({ label: '会见室 M03' });
  await card.getByRole('button', { name: '安排会见' }).click();
  await expectText(page.getByRole('status'), /紧急会见申请已安排：\d+月\d+日（周.）[上下]午，会见室 M03，在期限内/);
  const listed = await api.ok(api.get(`/centers/${CENTER}/urgent-requests?status=placed`, staff.token), 'urgent requests');
  expect(listed.requests.find((r: { requestId: string }) => r.requestId === urgent.requestId)).toMatchObject({ status: 'placed', placedOnTime: true });

  // A suggestion, answered.
  const filed = await api.ok(api.post(`/centers/${CENTER}/suggestions`, { text: '希望增加下午的会见名额' }, lawyer.token), 'suggestion');
  await nav(page, '意见建议');
  const suggestion = page.getByRole('article').filter({ hasText: '希望增加下午的会见名额' });
  await suggestion.waitFor();
  await expectAccessible(page);
  await suggestion.getByLabel('答复').fill('已增加周三下午名额');
  await suggestion.getByRole('button', { name: '提交答复' }).click();
  await expectText(page.getByRole('article').filter({ hasText: '希望增加下午的会见名额' }), '已增加周三下午名额');
  const register = await api.ok(api.get(`/centers/${CENTER}/suggestions?status=replied`, staff.token), 'suggestions');
  expect(register.suggestions.find((s: { suggestionId: string }) => s.suggestionId === filed.suggestionId)).toMatchObject({ status: 'replied', reply: '已增加周三下午名额' });
  await context.close();
});

test('unavailability from the detainee page cancels what it listed; revoking a binding and a release', async () => {
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const lawyer = await api.lawyer('lawyer', '王律师', '嘉定某律师事务所');
  const detaineeName = `陈${uniqueName('x').slice(-4)}`;
  const detaineeId = await api.detainee(staff.token, CENTER, detaineeName);
  const bindingId = await api.bind(staff.token, CENTER, lawyer.licenseNo, detaineeId);
  const booking = await api.book(lawyer.token, CENTER, detaineeId, '2026-12-04.AM');
  const { page, context } = await person(browser, MORNING, DESK);
  await signIn(page, staff.username, staff.password);
  await page.getByRole('heading', { name: '当日会见排队' }).waitFor();
  await page.goto(`${api.url}/desk/detainees/${detaineeId}`);
  await page.getByRole('heading', { name: '登记不能会见的期间' }).waitFor();
  await page.getByLabel('开始日期').fill('2026-12-04');
  await page.getByLabel('结束日期').fill('2026-12-04');
  await page.getByLabel('原因').fill('开庭');
  await page.getByRole('button', { name: '预览受影响的预约' }).click();
  const preview = page.getByRole('region', { name: '将撤销的预约' });
  await expectText(preview, '将撤销以下 1 个预约');
  await expectAccessible(page);
  await preview.getByRole('button', { name: '确认登记并撤销 1 个预约' }).click();
  await expectText(page.getByRole('status'), '撤销了 1 个预约');
  await expect(api.ok(api.get(`/bookings/${booking.bookingId}`, lawyer.token), 'booking')).resolves.toMatchObject({ status: 'cancelled_by_center' });

  // Revoke the binding by its id at the bindings page.
  await nav(page, '委托绑定');
  await page.getByLabel('绑定编号').fill(bindingId);
  await page.getByRole('button', { name: '撤销绑定' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认撤销' }).click();
  await expectText(page.getByRole('status'), '绑定已撤销');
  await expectAccessible(page);
  const after = await api.ok(api.get('/me/bindings', lawyer.token), 'bindings');
  expect(after.bindings.find((b: { bindingId: string }) => b.bindingId === bindingId)).toMatchObject({ status: 'revoked' });

  // Release.
  await page.goto(`${api.url}/desk/detainees/${detaineeId}`);
  await page.getByRole('heading', { name: '释放或移送' }).waitFor();
  await page.getByRole('radio', { name: '移送' }).check();
  await page.getByRole('button', { name: '办理移送' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '确认移送' }).click();
  await expectText(page.getByRole('status').last(), '已办理');
  const again = await api.post(`/centers/${CENTER}/detainees/${detaineeId}/release`, { reason: 'released' }, staff.token);
  expect(again.status).toBe(409);
  await context.close();
});
