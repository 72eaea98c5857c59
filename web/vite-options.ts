// The Vite configuration of the web client, as a function the build script and the dev server
// both call (no vite.config file to load, so the config stays plain CommonJS TypeScript like the
// rest of the repo). The dev server proxies every API path of the route table and /config.json to
// a running `npm start`, so `npm run dev:web` hot-reloads the app against the real local API.
import path from 'node:path';
import type { InlineConfig } from 'vite';
import { API_PREFIXES } from './api-paths';

export function viteOptions(options: { apiUrl?: string; port?: number } = {}): InlineConfig {
  const target = options.apiUrl ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const proxied = [...API_PREFIXES.map((p) => `^/${p}(/|$|\\?)`), '^/config\\.json$'];
  return {
    configFile: false,
    root: __dirname,
    base: '/',
    publicDir: 'public',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      manifest: true,
      target: 'es2022',
      sourcemap: false,
      // Nothing inline: the CSP (script-src 'self') forbids inline scripts.
      assetsInlineLimit: 0,
    },
    server: {
      port: options.port ?? 5173,
      strictPort: false,
      proxy: Object.fromEntries(proxied.map((p) => [p, { target, changeOrigin: false }])),
      // The app imports the consent notice text from shared/domain, outside web/.
      fs: { allow: [path.join(__dirname, '..')] },
    },
  };
}
