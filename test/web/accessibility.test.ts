// Every page of every role, checked with axe in Chromium: no serious or critical violation. The
// journeys check the pages they pass through in their states; this sweep makes sure no page is
// left out (including those that wait for a release-2 route and say so).
import type { Browser, Page } from 'playwright-core';
import { ADMIN, WebApi } from './support/api';
import { DESK, expectAccessible, launch, person, PHONE } from './support/browser';

const api = new WebApi();
const MORNING = '2026-12-01T08:00:00+08:00';
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function visitAll(page: Page, username: string, password: string, paths: string[]) {
  await page.goto(`${api.url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  for (const path of paths) {
    await page.goto(`${api.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // A function, not a string: the app's CSP forbids evaluating strings. No DOM lib here, hence the cast.
    await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[aria-busy="true"]'));
    await expectAccessible(page);
  }
}

test('public pages', async () => {
  const { page, context } = await person(browser, MORNING, PHONE);
  for (const path of ['/login', '/account/register', '/account/confirm', '/account/forgot', '/nowhere']) {
    await page.goto(`${api.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page);
  }
  await context.close();
});

test('every lawyer page (phone)', async () => {
  await api.setClock(MORNING);
  const lawyer = await api.lawyer('lawyer', '柳律师');
  const { page, context } = await person(browser, MORNING, PHONE);
  await visitAll(page, lawyer.username, lawyer.password, [
    '/lawyer',
    '/lawyer/violations',
    '/lawyer/waitlist',
    '/lawyer/urgent',
    '/lawyer/suggestions',
    '/lawyer/settings',
    '/desk',
  ]);
  await context.close();
});

test('every front-desk page, the investigator page and every administration page (desk)', async () => {
  const staff = await api.account('staff', { centerIds: ['minhang-kss', 'changning-kss'] });
  const investigator = await api.account('investigator', { centerIds: ['minhang-kss'] });
  const desk = await person(browser, MORNING, DESK);
  await visitAll(desk.page, staff.username, staff.password, [
    '/desk',
    '/desk/detainees',
    '/desk/detainees/dt_unknown',
    '/desk/bindings',
    '/desk/closures',
    '/desk/urgent',
    '/desk/suggestions',
    '/desk/appeals',
    '/desk/audit',
  ]);
  await desk.context.close();
  const inv = await person(browser, MORNING, DESK);
  await visitAll(inv.page, investigator.username, investigator.password, ['/investigator']);
  await inv.context.close();
  const admin = await person(browser, MORNING, DESK);
  await visitAll(admin.page, ADMIN.username, ADMIN.password, ['/manage/users', '/manage/registry', '/manage/reports', '/manage/audit', '/manage/notifications']);
  await admin.context.close();
});
