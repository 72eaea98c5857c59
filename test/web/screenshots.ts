// Takes the README's screenshots of the web client (docs/web-*.png): a lawyer booking on a phone,
// the front desk's queue and an administrator's report chart, against a running local platform
// with data made through the API. Not a test: run it by hand when the pages change —
//   LOCAL_DB=memory PORT=3999 npm start &   then   LMB_WEB_URL=http://127.0.0.1:3999 npx tsx test/web/screenshots.ts
import path from 'node:path';
import { ADMIN, WebApi } from './support/api';
import { DESK, launch, person, PHONE } from './support/browser';

const DOCS = path.join(__dirname, '..', '..', 'docs');
const MORNING = '2026-12-01T08:00:00+08:00';

async function main() {
  const api = new WebApi();
  await api.setClock(MORNING);
  const staff = await api.account('staff', { centerIds: ['minhang-kss'] });
  const names = ['张某', '李某', '王某', '赵某'];
  const lawyers = await Promise.all(['李律师', '周律师', '吴律师', '郑律师'].map((n) => api.lawyer('lawyer', n, '上海某律师事务所')));
  const detainees = await Promise.all(names.map((n) => api.detainee(staff.token, 'minhang-kss', n)));
  await Promise.all(lawyers.map((l, i) => api.bind(staff.token, 'minhang-kss', l.licenseNo, detainees[i])));
  const today = await Promise.all(lawyers.map((l, i) => api.book(l.token, 'minhang-kss', detainees[i], '2026-12-01.AM')));
  await Promise.all(lawyers.slice(1).map((l, i) => api.book(l.token, 'minhang-kss', detainees[i + 1], '2026-12-02.AM')));
  await api.setClock('2026-12-01T08:50:00+08:00');
  await api.ok(api.post(`/bookings/${today[0].bookingId}/check-in`, {}, staff.token), 'check in');
  await api.ok(api.post(`/bookings/${today[0].bookingId}/room`, { roomType: 'meeting', roomNo: 'M01' }, staff.token), 'room');
  await api.setClock('2026-12-01T09:20:00+08:00');
  await api.ok(api.post(`/bookings/${today[1].bookingId}/check-in`, {}, staff.token), 'check in');

  const browser = await launch();
  try {
    const signIn = async (page: import('playwright-core').Page, u: string, p: string) => {
      await page.goto(`${api.url}/login`);
      await page.getByLabel('用户名').fill(u);
      await page.getByLabel('密码').fill(p);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    };

    const phone = await person(browser, '2026-12-01T09:20:00+08:00', PHONE);
    await signIn(phone.page, lawyers[0].username, lawyers[0].password);
    await phone.page.goto(`${api.url}/lawyer/book/minhang-kss/${detainees[0]}`);
    await phone.page.getByRole('article', { name: '12月2日（周三）上午' }).getByRole('button', { name: '预约此时段' }).click();
    await phone.page.getByRole('heading', { name: '预约成功' }).waitFor();
    await phone.page.screenshot({ path: path.join(DOCS, 'web-lawyer-booking.png'), fullPage: false });

    const desk = await person(browser, '2026-12-01T09:20:00+08:00', DESK);
    await signIn(desk.page, staff.username, staff.password);
    await desk.page.getByRole('region', { name: /^上午场/ }).waitFor();
    await desk.page.screenshot({ path: path.join(DOCS, 'web-desk-queue.png'), fullPage: true });

    const admin = await person(browser, '2026-12-01T09:20:00+08:00', DESK);
    await signIn(admin.page, ADMIN.username, ADMIN.password);
    await admin.page.goto(`${api.url}/manage/reports`);
    await admin.page.getByLabel('区县').selectOption('minhang');
    await admin.page.getByRole('img', { name: /闵行区/ }).waitFor();
    await admin.page.getByRole('heading', { name: '各看守所' }).scrollIntoViewIfNeeded();
    await admin.page.screenshot({ path: path.join(DOCS, 'web-report-chart.png'), clip: { x: 0, y: 0, width: DESK.width, height: 720 } });
  } finally {
    await browser.close();
  }
  process.stdout.write(`screenshots written to ${DOCS}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
