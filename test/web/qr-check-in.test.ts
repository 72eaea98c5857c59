// Check-in by QR code in the browser (issue 20 item 2): the lawyer's phone (390×844) shows the
// booking's QR code and its short code in large type; the test turns that very QR image into a
// fake camera stream (a .y4m file), starts a second Chromium whose camera is that file
// (--use-file-for-fake-video-capture), and the front desk's scan panel reads it (jsQR: Debian's
// Chromium has no BarcodeDetector) and checks the booking in. A second lawyer's short code is
// typed at the same desk. Every page passes axe. Books 2028-06-20 AM at minhang-kss: no other file uses it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { WebApi } from './support/api';
import { CHROMIUM, CHROMIUM_ARGS, DESK, expectAccessible, expectText, launch, person, PHONE, sees } from './support/browser';

const api = new WebApi();
const CENTER = 'minhang-kss';
const DAY = '2028-06-20';
const NOW = `${DAY}T08:12:00+08:00`;
/** LMB_SAVE_SCREENSHOTS=1 also saves the pages as docs/web-qr-checkin-*.png (the README's pictures). */
const SAVE = process.env.LMB_SAVE_SCREENSHOTS === '1';
const DOCS = path.join(__dirname, '..', '..', 'docs');
const FRAME = { width: 640, height: 480 };
let browser: Browser;
let camera: Browser | undefined;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await camera?.close();
});

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${api.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

// Browser globals used inside page.evaluate (the tests' tsconfig has no DOM library).
interface Canvas2D {
  fillStyle: string;
  imageSmoothingEnabled: boolean;
  fillRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasElement, x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface CanvasElement {
  width: number;
  height: number;
  getContext(kind: '2d'): Canvas2D | null;
}
declare const document: { createElement(tag: 'canvas'): CanvasElement };
declare function getComputedStyle(element: unknown): { fontSize: string };

/**
 * The QR code exactly as the phone drew it, placed on a white 640×480 camera frame, as the luma
 * plane of that frame (the phone's canvas read back pixel by pixel, nothing re-encoded).
 */
async function cameraFrameOf(phone: Page): Promise<Buffer> {
  const luma = await phone.locator('canvas.checkin-qr').evaluate((qr: CanvasElement, frame: { width: number; height: number }) => {
    const canvas = document.createElement('canvas');
    canvas.width = frame.width;
    canvas.height = frame.height;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, frame.width, frame.height);
    ctx.imageSmoothingEnabled = false;
    const side = 400;
    ctx.drawImage(qr, (frame.width - side) / 2, (frame.height - side) / 2, side, side);
    const { data } = ctx.getImageData(0, 0, frame.width, frame.height);
    let out = '';
    for (let i = 0; i < data.length; i += 4) out += String.fromCharCode(Math.round(16 + (65.481 * data[i] + 128.553 * data[i + 1] + 24.966 * data[i + 2]) / 255));
    return btoa(out);
  }, FRAME);
  return Buffer.from(luma, 'base64');
}

/** A 4:2:0 YUV4MPEG2 file of `frames` identical frames (neutral chroma): what Chromium's fake camera plays in a loop. */
function y4m(luma: Buffer, frames = 10): Buffer {
  const chroma = Buffer.alloc((FRAME.width / 2) * (FRAME.height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${FRAME.width} H${FRAME.height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]);
}

test('the lawyer’s phone shows the QR code → the desk’s camera reads it and checks the booking in; a typed short code too', async () => {
  await api.setClock(`2028-06-19T09:00:00+08:00`);
  const staff = await api.account('staff', { centerIds: [CENTER] });
  const scanned = await api.lawyer('lawyer', '钱律师', '闵行某律师事务所');
  const typed = await api.lawyer('lawyer', '孙律师', '闵行某律师事务所');
  const bookings = [];
  for (const [l, name] of [
    [scanned, '丙某'],
    [typed, '丁某'],
  ] as const) {
    const detaineeId = await api.detainee(staff.token, CENTER, name);
    await api.bind(staff.token, CENTER, l.licenseNo, detaineeId);
    bookings.push(await api.book(l.token, CENTER, detaineeId, `${DAY}.AM`));
  }
  await api.setClock(NOW);

  // The lawyer's phone: the QR code and the short code in large type.
  const phone = await person(browser, NOW, PHONE);
  await signIn(phone.page, scanned.username, scanned.password);
  await phone.page.goto(`${api.url}/lawyer/bookings/${CENTER}/${bookings[0].bookingId}`);
  const checkIn = phone.page.getByRole('region', { name: '到所签到' });
  await sees(checkIn.getByRole('img', { name: '签到二维码' }));
  const code = await expectText(checkIn.locator('.checkin-code-text'), new RegExp(`^AM${bookings[0].queueNumber}-[0-9A-Z]{6}$`));
  await expectText(checkIn, '11:00 前有效');
  // Large enough to read across the counter, and the QR code fits the phone's width.
  const box = (await checkIn.getByRole('img', { name: '签到二维码' }).boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(200);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(await checkIn.locator('.checkin-code-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(28);
  await expectAccessible(phone.page);
  if (SAVE) await phone.page.screenshot({ path: path.join(DOCS, 'web-qr-checkin-lawyer.png'), fullPage: true });

  // That QR image becomes the desk's camera.
  const dir = mkdtempSync(path.join(tmpdir(), 'lmb-qr-'));
  const video = path.join(dir, 'qr.y4m');
  writeFileSync(video, y4m(await cameraFrameOf(phone.page)));
  camera = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  const desk = await person(camera, NOW, DESK);
  await desk.context.grantPermissions(['camera'], { origin: api.url });
  await signIn(desk.page, staff.username, staff.password);
  await desk.page.getByRole('link', { name: '扫码签到' }).click();
  await desk.page.getByRole('heading', { name: '扫码签到' }).waitFor();
  await expectAccessible(desk.page);
  const cameraPanel = desk.page.getByRole('region', { name: '扫描签到二维码' });
  await cameraPanel.getByRole('button', { name: '打开摄像头扫码' }).click();
  await expectText(cameraPanel, '正在识别（jsQR 识别）');
  const result = await expectText(cameraPanel.getByRole('status'), `排队号 ${bookings[0].queueNumber}（上午场）已签到。`, 30_000);
  expect(result).toContain('在押人员：丙某');
  expect(result).toContain(`钱律师（主办律师，证号 ${scanned.licenseNo}）`);
  expect(result).not.toContain('迟到');
  await expectAccessible(desk.page);
  if (SAVE) await desk.page.screenshot({ path: path.join(DOCS, 'web-qr-checkin-desk.png') });
  // The server holds the check-in (in time: no violation).
  const first = await api.ok(api.get(`/bookings/${bookings[0].bookingId}`, scanned.token), 'booking');
  expect(first.status).toBe('checked_in');
  expect((await api.ok(api.get('/me/violations', scanned.token), 'violations')).violations).toEqual([]);
  await cameraPanel.getByRole('button', { name: '关闭摄像头' }).click();

  // The second lawyer reads out the short code; the desk types it (lower case, as heard).
  const second = await api.ok(api.get(`/bookings/${bookings[1].bookingId}/check-in-token`, typed.token), 'token');
  const codePanel = desk.page.getByRole('region', { name: '输入签到短码' });
  await codePanel.getByLabel(/签到短码/).fill('AM1-XXXXXX');
  await codePanel.getByRole('button', { name: '签到' }).click();
  await expectText(codePanel.getByRole('alert'), '签到短码无效');
  await codePanel.getByLabel(/签到短码/).fill(second.code.toLowerCase());
  await codePanel.getByRole('button', { name: '签到' }).click();
  await expectText(codePanel.getByRole('status'), `排队号 ${bookings[1].queueNumber}（上午场）已签到。`);
  expect((await api.ok(api.get(`/bookings/${bookings[1].bookingId}`, typed.token), 'booking')).status).toBe('checked_in');
  await expectAccessible(desk.page);

  // The phone now says the lawyer is checked in.
  await phone.page.reload();
  await expectText(phone.page.getByRole('region', { name: '到所签到' }), '您已签到');
  expect(code).toBe((await api.ok(api.get(`/bookings/${bookings[0].bookingId}/check-in-token`, scanned.token), 'token')).code);
  await Promise.all([phone.context.close(), desk.context.close()]);
}, 120_000);
