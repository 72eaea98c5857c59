// Loads the bar association's licence registry (R1a) from a CSV or JSON export into a running
// platform, through POST /admin/lawyer-registry — the same route, validation and audit as any
// admin import, never a direct write to the table. Files larger than one request (1,000 entries)
// are sent in chunks; a refused chunk prints each bad row with its line number and stops.
//
//   npm run registry:import -- registry.csv [--url https://<district API>] (ADMIN_TOKEN=<id token> or
//   ADMIN_USERNAME/ADMIN_PASSWORD in the environment; locally the seeded admin is the default)
//
// CSV: a header row naming the columns licenseNo,name,lawFirm,phone,role,status (any order; UTF-8 or GBK/GB18030 as Excel saves it,
// with or without BOM; fields with commas or quotes in double quotes). JSON: an array of entries or
// `{ "entries": [...] }`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeText, parseCsv } from '../shared/domain/csv';

export { parseCsv };

export const REGISTRY_COLUMNS = ['licenseNo', 'name', 'lawFirm', 'phone', 'role', 'status'] as const;
export type RegistryRow = Record<(typeof REGISTRY_COLUMNS)[number], string>;
const CHUNK = 1000;

/** The entries of a CSV or JSON export; throws with a line-numbered message on a malformed file. */
export function readRegistryFile(name: string, text: string): RegistryRow[] {
  if (name.toLowerCase().endsWith('.json')) {
    const data = JSON.parse(text) as unknown;
    const entries = Array.isArray(data) ? data : (data as { entries?: unknown }).entries;
    if (!Array.isArray(entries)) throw new Error(`${name}: expected an array of entries or {"entries": [...]}`);
    return entries as RegistryRow[];
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error(`${name}: the file is empty`);
  const columns = header.map((h) => h.trim());
  const missing = REGISTRY_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`${name}: the header lacks ${missing.join(', ')} (it must name ${REGISTRY_COLUMNS.join(',')})`);
  return rows.map((fields, i) => {
    if (fields.length !== columns.length) throw new Error(`${name}, line ${i + 2}: ${fields.length} fields where the header has ${columns.length}`);
    return Object.fromEntries(REGISTRY_COLUMNS.map((c) => [c, fields[columns.indexOf(c)].trim()])) as RegistryRow;
  });
}

/** The file line of entry `index` of the chunk starting at `offset` (the header is line 1). */
export const lineOf = (offset: number, index: number) => offset + index + 2;

async function token(url: string): Promise<string> {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const username = process.env.ADMIN_USERNAME ?? 'admin';
  const password = process.env.ADMIN_PASSWORD ?? process.env.LOCAL_ADMIN_PASSWORD ?? 'Local-Admin-2013';
  const r = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`login as ${username} failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const urlFlag = args.indexOf('--url');
  const url = (urlFlag >= 0 ? args[urlFlag + 1] : undefined) ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  if (!file) throw new Error('usage: npm run registry:import -- <registry.csv|registry.json> [--url <API URL>]');
  const entries = readRegistryFile(file, decodeText(readFileSync(path.resolve(file))).text);
  const bearer = await token(url);
  let created = 0;
  let updated = 0;
  for (let offset = 0; offset < entries.length; offset += CHUNK) {
    const chunk = entries.slice(offset, offset + CHUNK);
    const r = await fetch(`${url}/admin/lawyer-registry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ entries: chunk }),
    });
    const body = (await r.json()) as { created: number; updated: number; error?: { message: string; issues?: { field: string; message: string }[] } };
    if (!r.ok) {
      for (const issue of body.error?.issues ?? []) {
        const index = Number(/entries\.(\d+)/.exec(issue.field)?.[1] ?? -1);
        process.stderr.write(`line ${index >= 0 ? lineOf(offset, index) : '?'}: ${issue.field.replace(/^body\.entries\.\d+\.?/, '') || '(entry)'}: ${issue.message}\n`);
      }
      throw new Error(`entries ${offset + 1}–${offset + chunk.length} refused (${r.status}): ${body.error?.message ?? ''}; earlier chunks were imported`);
    }
    created += body.created;
    updated += body.updated;
  }
  process.stdout.write(`imported ${entries.length} entries from ${file}: ${created} created, ${updated} updated\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
