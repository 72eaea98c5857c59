// `npm run dev:web`: Vite's hot-reloading dev server for the web client, proxying the API to a
// local platform already running (`npm start`, PORT or LMB_API selects it).
import { generateApiTypes } from './gen-api';
import { viteOptions } from '../vite-options';

async function main() {
  await generateApiTypes();
  const { createServer } = await import('vite');
  const server = await createServer(viteOptions({ apiUrl: process.env.LMB_API, port: Number(process.env.WEB_PORT ?? 5173) }));
  await server.listen();
  server.printUrls();
  process.stdout.write(`web: API requests go to ${process.env.LMB_API ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`} (start it with npm start)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`web: dev server failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
