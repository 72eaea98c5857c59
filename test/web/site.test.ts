// The web client as `npm start` serves it (local/web-site.ts): content types, caching of hashed
// assets and none of index.html, the security headers, client routes answered by index.html,
// API paths left to the API, and no way out of web/dist.
import { request } from 'node:http';
import { WebApi } from './support/api';

const api = new WebApi();

/** A raw request: fetch would normalise `..` away before it leaves. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { connection: 'close', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('index.html: HTML, revalidated, with a CSP without inline script and frame-ancestors none', async () => {
  const r = await raw('GET', '/');
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(r.headers['cache-control']).toBe('no-cache');
  const csp = String(r.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  expect(r.body).toContain('<html lang="zh-CN">');
  expect(r.body).not.toMatch(/<script>(?!\s*<\/script>)/);
  const again = await raw('GET', '/', { 'if-none-match': String(r.headers.etag) });
  expect(again.status).toBe(304);
});

test('hashed assets: their type and a year of immutable caching; a missing asset is a 404', async () => {
  const html = (await raw('GET', '/')).body;
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
  const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1] as string;
  const a = await raw('GET', js);
  expect([a.status, a.headers['content-type'], a.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
  const c = await raw('HEAD', css);
  expect([c.status, c.headers['content-type'], c.body]).toEqual([200, 'text/css; charset=utf-8', '']);
  expect((await raw('GET', '/assets/missing-0000.js')).status).toBe(404);
  expect((await raw('GET', '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
});

test('client routes (ids with dots too) get index.html; API paths stay the API’s', async () => {
  for (const path of ['/lawyer', '/desk/detainees/dt_01ABC', '/lawyer/bookings/minhang-kss/bk.minhang.01ABC', '/manage/reports?district=minhang']) {
    const r = await raw('GET', path);
    expect([path, r.status, r.headers['content-type']]).toEqual([path, 200, 'text/html; charset=utf-8']);
    expect(r.body).toContain('<div id="app">');
  }
  const centers = await raw('GET', '/centers');
  expect(centers.headers['content-type']).toMatch(/^application\/json/);
  expect(JSON.parse(centers.body).centers.length).toBeGreaterThan(0);
  const unknownApi = await raw('GET', '/bookings/not-a-route/x/y');
  expect([unknownApi.status, JSON.parse(unknownApi.body).error.code]).toEqual([404, 'NOT_FOUND']);
  const post = await raw('POST', '/lawyer');
  expect(JSON.parse(post.body).error.code).toBe('NOT_FOUND');
  expect((await raw('GET', '/docs')).body).toContain('API');
});

test('config.json names every district (this origin locally)', async () => {
  const r = await raw('GET', '/config.json');
  expect(r.headers['cache-control']).toBe('no-cache');
  const body = JSON.parse(r.body);
  expect(body.districts.map((d: { districtId: string }) => d.districtId).sort()).toEqual(['changning', 'jiading', 'minhang']);
  expect(body.districts.every((d: { apiUrl: string }) => d.apiUrl === '')).toBe(true);
});

test('nothing outside web/dist, nor its bookkeeping files, is served', async () => {
  for (const path of [
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/..%5cpackage.json',
    '/.build-stamp',
    '/.vite/manifest.json',
    '/%00index.html',
  ]) {
    const r = await raw('GET', path);
    expect([path, r.status]).toEqual([path, 404]);
    expect(r.body).not.toContain('lawyer-meeting-booking');
  }
});
