// Debian's Chromium driven by playwright-core, the way a person uses the app: a fresh profile per
// browser, the page's clock set to the same instant as the platform's local clock, and an axe
// accessibility check that fails on any serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium reaches out to Google services at start, and
 * this closed network refuses those connections. playwright launches each browser with a fresh
 * temporary user-data-dir of its own.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const PHONE = { width: 390, height: 844 };
export const DESK = { width: 1440, height: 900 };

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A new person at a new browser profile, whose clock shows `now` (and runs on from there). */
export async function person(browser: Browser, now: string, viewport = DESK): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  const page = await context.newPage();
  await page.clock.install({ time: new Date(now) });
  return { context, page };
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Serious and critical accessibility violations of what the page shows now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Every page a test visits is checked; `expect(...).toEqual([])` names what failed. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  const found = await axeViolations(page);
  expect({ url: page.url(), violations: found }).toEqual({ url: page.url(), violations: [] });
}

/** Waits until the locator's text matches (what a person reads once the page has loaded). */
export async function expectText(locator: Locator, pattern: RegExp | string, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (
      (await locator
        .first()
        .textContent({ timeout: Math.max(1, deadline - Date.now()) })
        .catch(() => '')) ?? ''
    ).replace(/\s+/g, ' ');
    if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
    if (Date.now() > deadline) throw new Error(`expected ${String(pattern)} in ${locator.toString()}, saw "${last}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the locator is visible: the assertion that the person sees it. */
export const sees = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
