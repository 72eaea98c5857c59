// Time formats of the contract: instants as ISO-8601 with the Asia/Shanghai offset (+08:00; China
// keeps no daylight saving, so the offset is fixed and these strings sort chronologically), dates
// as YYYY-MM-DD in Shanghai.

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** 2026-11-27T19:40:00.000+08:00 */
export function shanghaiIso(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a Shanghai wall-clock time on a date. */
export function shanghaiInstant(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}
