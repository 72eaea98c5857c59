// Writes shared/domain/provisional-holidays.json: the statutory holidays of the national rules
// (scripts/lib/statutory-holiday-rules.ts, computed with tyme4ts) for every year from the first one
// without an official config/calendar/<year>.json through LAST_YEAR (or --last <year>). The handlers
// read that file instead of bundling the lunar-calendar library (SPEC B12); the unit test
// test/unit/statutory-holidays.test.ts recomputes it and fails when it is out of date.
//
//   npx tsx scripts/generate-provisional-calendar.ts [--last 2060]
//
// Rerun it after adding an official year file (the data then starts a year later) or to extend the
// range before the coverage warning says the data runs out.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadCityConfig } from '../shared/config';
import type { ProvisionalHolidayData } from '../shared/domain/statutory-holidays';
import { computeStatutoryHolidays } from './lib/statutory-holiday-rules';

/** The default last year of the data: at least 20 years ahead of 2026. */
export const LAST_YEAR = 2050;

const ROOT = path.resolve(__dirname, '..');
export const DATA_FILE = path.join(ROOT, 'shared', 'domain', 'provisional-holidays.json');

/** The first year after the official files (or this year when there is none). */
export function firstProvisionalYear(configDir = path.join(ROOT, 'config'), today = new Date()): number {
  const official = loadCityConfig(configDir).calendar.map((y) => y.year);
  return official.length ? Math.max(...official) + 1 : today.getUTCFullYear();
}

export function provisionalHolidayData(firstYear: number, lastYear: number): ProvisionalHolidayData {
  const years: ProvisionalHolidayData['years'] = {};
  for (let year = firstYear; year <= lastYear; year++) {
    const festivals: Record<string, string[]> = {};
    for (const h of computeStatutoryHolidays(year)) (festivals[h.name] ??= []).push(h.date.slice(5));
    years[String(year)] = festivals;
  }
  return { firstYear, lastYear, years };
}

/** The file's text exactly as committed: one festival a line, laid out as Prettier would (`prettier --check` passes). */
export function provisionalHolidayFile(data: ProvisionalHolidayData): string {
  const year = (y: string) =>
    `    ${JSON.stringify(y)}: {\n${Object.entries(data.years[y])
      .map(([name, days]) => `      ${JSON.stringify(name)}: [${days.map((d) => JSON.stringify(d)).join(', ')}]`)
      .join(',\n')}\n    }`;
  const years = Object.keys(data.years).map(year).join(',\n');
  return `{\n  "firstYear": ${data.firstYear},\n  "lastYear": ${data.lastYear},\n  "years": {\n${years}\n  }\n}\n`;
}

function main() {
  const i = process.argv.indexOf('--last');
  const last = i > 0 ? Number(process.argv[i + 1]) : LAST_YEAR;
  const first = firstProvisionalYear();
  if (!Number.isInteger(last) || last < first) throw new Error(`--last must be a year from ${first} on`);
  writeFileSync(DATA_FILE, provisionalHolidayFile(provisionalHolidayData(first, last)));
  process.stdout.write(`wrote ${path.relative(ROOT, DATA_FILE)}: ${first}–${last}\n`);
}

if (require.main === module) main();
