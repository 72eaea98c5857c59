// Serves the built web client (web/dist) from the local gateway at `/`, the way CloudFront serves
// it in the cloud: correct content types, immutable caching of hashed assets and none of
// index.html, the same security headers, a generated /config.json (every district is this origin),
// and index.html for client routes — never for an API path, which stays the gateway's. Requests
// that resolve outside web/dist are refused.
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { isApiPath } from '../web/api-paths';
import { cityConfig } from '../shared/config';

export const WEB_DIST = path.join(__dirname, '..', 'web', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The policy CloudFront's ResponseHeadersPolicy sets too (infra/web-hosting.ts), locally same-origin. */
export const LOCAL_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

export interface WebSiteOptions {
  distDir?: string;
}

/** `/config.json` for local mode: every district's API is this origin (SPEC §5: one gateway). */
export function localWebConfig(): { cityName: string; districts: { districtId: string; name: string; apiUrl: string }[] } {
  const city = cityConfig();
  return { cityName: city.platform.cityName, districts: city.districts.map((d) => ({ districtId: d.districtId, name: d.name, apiUrl: '' })) };
}

/** The file a URL path names inside the dist directory, or undefined when it would leave it. */
export function resolveInside(distDir: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const root = path.resolve(distDir);
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  // Dot-files (the build stamp, .vite/manifest.json) are build bookkeeping, not part of the site.
  if (
    path
      .relative(root, file)
      .split(path.sep)
      .some((s) => s.startsWith('.'))
  )
    return undefined;
  return file;
}

async function fileStat(file: string): Promise<Stats | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request handler for the gateway: answers with the status it sent, or undefined for requests
 * that are not the site's (API paths, methods other than GET/HEAD).
 */
export function createWebSite(options: WebSiteOptions = {}) {
  const distDir = options.distDir ?? WEB_DIST;
  const config = JSON.stringify(localWebConfig());

  return async function serveWebSite(req: http.IncomingMessage, res: http.ServerResponse): Promise<number | undefined> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (isApiPath(pathname)) return undefined;

    const send = (status: number, headers: Record<string, string>, body?: string) => {
      res.writeHead(status, { 'x-content-type-options': 'nosniff', ...headers });
      res.end(method === 'HEAD' ? undefined : body);
      return status;
    };

    if (pathname === '/config.json') {
      return send(200, { 'content-type': CONTENT_TYPES['.json'], 'cache-control': 'no-cache' }, config);
    }

    const file = resolveInside(distDir, pathname);
    if (!file) return send(404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');
    let target = file;
    let info = await fileStat(file);
    // Client routes (/lawyer/…, /desk, ids with dots) are the app's: index.html answers them. A
    // missing file of a static type (a stale /assets/x.js) stays a 404.
    if (!info && !(path.extname(pathname).toLowerCase() in CONTENT_TYPES)) {
      target = path.join(distDir, 'index.html');
      info = await fileStat(target);
      if (!info) {
        return send(
          503,
          { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
          'The web client is not built (web/dist is missing): run `npm run build:web`, or restart `npm start`.\n',
        );
      }
    }
    if (!info) return send(404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');

    const ext = path.extname(target);
    const hashed = path.relative(distDir, target).startsWith(`assets${path.sep}`);
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      // Hashed asset names change with their content; everything else must be revalidated.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      ...LOCAL_SECURITY_HEADERS,
    };
    if (req.headers['if-none-match'] === etag) return send(304, headers);
    headers['content-length'] = String(info.size);
    res.writeHead(200, headers);
    if (method === 'HEAD') {
      res.end();
      return 200;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(target).on('error', reject).on('end', resolve).pipe(res);
    });
    return 200;
  };
}

export type WebSiteHandler = ReturnType<typeof createWebSite>;
