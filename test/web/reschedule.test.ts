// Reschedule from the booking page (issue 20 part 3), on a 390×844 phone: the lead opens the
// booking, presses 改期, picks another open session of the same center, confirms — the answer stands
// beside the control with the new session and queue number, the page shows the moved booking, the
// server holds it in the new session with the old place freed, and the co-counsel was told. A
// refusal (the client booked by another lawyer in the target meanwhile) is answered beside the control and changes nothing. axe on
// every state.
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { WebApi } from './support/api';
import { expectAccessible, expectText, launch, person, PHONE, sees } from './support/browser';

const api = new WebApi();
const CENTER = 'minhang-kss';
// Days no other web test books (API tests use other months).
const DAY = '2029-07-10'; // a Tuesday
const NEXT = '2029-07-11';
const NOW = '2029-07-09T09:00:00+08:00';
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

test('the lead reschedules from the booking page on a phone: answer beside the control, moved on the server, co-counsel told; the client busy in the target is refused and nothing changes', async () => {
  await api.setClock(NOW);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const lead = await api.lawyer('lawyer', '周律师', '闵行改期律师事务所');
  const co = await api.lawyer('lawyer', '吴律师', '闵行改期律师事务所');
  const detaineeId = await api.detainee(staff.token, CENTER, '郑某');
  await api.bind(staff.token, CENTER, lead.licenseNo, detaineeId);
  await api.bind(staff.token, CENTER, co.licenseNo, detaineeId);
  const booking = await api.book(lead.token, CENTER, detaineeId, `${DAY}.AM`, { coCounselLawyerIds: [co.lawyerId] });
  // Someone is already booked in the afternoon: the moved booking gets number 2 there.
  const other = await api.lawyer('lawyer', '冯律师', '另一律师事务所');
  const otherDetainee = await api.detainee(staff.token, CENTER, '王某');
  await api.bind(staff.token, CENTER, other.licenseNo, otherDetainee);
  await api.book(other.token, CENTER, otherDetainee, `${DAY}.PM`);

  const { page } = await person(browser, NOW, PHONE);
  await signIn(page, lead.username, lead.password);
  await page.goto(`${api.url}/lawyer/bookings/${CENTER}/${booking.bookingId}`);
  await page.getByRole('heading', { name: '预约详情' }).waitFor();
  const section = page.getByRole('region', { name: '改期' });
  await sees(section);
  await expectAccessible(page);
  await section.getByRole('button', { name: '改期', exact: true }).click();

  const picker = section.getByLabel('改到');
  await picker.waitFor();
  // The other open sessions are offered, never the booking's own.
  const offered = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
  expect(offered).toContain(`${DAY}.PM`);
  expect(offered).not.toContain(`${DAY}.AM`);
  await expectAccessible(page);
  await picker.selectOption(`${DAY}.PM`);
  await section.getByRole('button', { name: '确认改期' }).click();

  const answer = section.getByRole('status');
  await expectText(answer, /已改期至 .*下午 13:30，新的排队号 2。原时段的名额已释放。同行人员已随预约改期并收到通知。/);
  await sees(answer);
  // The page shows the booking in its new session.
  await expectText(page.locator('dl.facts'), /下午 13:30/);
  await expectText(page.locator('dl.facts'), /排队号\s*2/);
  await expectAccessible(page);

  // On the server: moved, the morning place freed, the co-counsel told.
  const moved = await api.ok(api.get(`/bookings/${booking.bookingId}`, co.token), 'booking');
  expect([moved.slotId, moved.queueNumber, moved.status]).toEqual([`${DAY}.PM`, 2, 'booked']);
  const slots = (await api.ok(api.get(`/centers/${CENTER}/slots?from=${DAY}&to=${DAY}`, lead.token), 'slots')).slots as { slotId: string; available: number }[];
  expect(slots.find((s) => s.slotId === `${DAY}.AM`)?.available).toBe(6);
  expect(slots.find((s) => s.slotId === `${DAY}.PM`)?.available).toBe(4);

  // A refusal: another lawyer of the client books the next morning after the picker was loaded; the answer says so beside the control.
  await section.getByRole('button', { name: '改期', exact: true }).click();
  await section.getByLabel('改到').selectOption(`${NEXT}.AM`);
  await api.bind(staff.token, CENTER, other.licenseNo, detaineeId);
  await api.book(other.token, CENTER, detaineeId, `${NEXT}.AM`);
  await section.getByRole('button', { name: '确认改期' }).click();
  const refusal = section.getByRole('alert');
  await expectText(refusal, /该在押人员在此时段已有会见或提讯安排/);
  await sees(refusal);
  await expectAccessible(page);
  const still = await api.ok(api.get(`/bookings/${booking.bookingId}`, lead.token), 'booking');
  expect([still.slotId, still.queueNumber]).toEqual([`${DAY}.PM`, 2]);
}, 300_000);
