// The local gateway's one-line-per-request access log. Request targets carry personal data — a
// detainee's name in `q`, the phone or e-mail in `/_local/outbox?to=` — and log lines travel much
// further than the database (terminals, CI output, pasted bug reports), so the values of known
// personal parameters, and anything that looks like a mobile number, an e-mail address or a
// resident ID number wherever it appears in the target, and a licence number in a route's path
// (`/admin/lawyer-registry/{licenseNo}`), are masked before the line is written.

import { routes } from '../shared/routes';

export const MASK = '***';

/** Path parameters that are personal: a lawyer's licence number (`GET /admin/lawyer-registry/{licenseNo}`). */
const PERSONAL_PATH_PARAMS = new Set(['licenseNo']);

/** Per route with a personal path parameter: its pattern and which segments to mask. */
const PERSONAL_PATHS = routes
  .map((route) => {
    const segments = route.path.split('/');
    const masked = segments.flatMap((s, i) => (PERSONAL_PATH_PARAMS.has(/^\{(.+)\}$/.exec(s)?.[1] ?? '') ? [i] : []));
    return { segments, masked };
  })
  .filter((r) => r.masked.length > 0);

/** The raw path with its personal parameters masked, when it is one of those routes. */
function maskPersonalSegments(rawPath: string): string[] {
  const parts = rawPath.split('/');
  for (const route of PERSONAL_PATHS) {
    if (route.segments.length !== parts.length) continue;
    if (!route.segments.every((s, i) => s.startsWith('{') || s === parts[i])) continue;
    return parts.map((part, i) => (route.masked.includes(i) && part !== '' ? MASK : part));
  }
  return parts;
}

/** Query parameters whose value is personal on every route. */
const PERSONAL_PARAMS = new Set(['q', 'name', 'phone', 'mobile', 'email', 'username', 'licenseno', 'idnumber']);

/** Parameters that are personal on one route only (`to` is a date on the slot and report routes). */
const PERSONAL_PARAMS_BY_PATH: Record<string, readonly string[]> = {
  '/_local/outbox': ['to'],
};

const PATTERNS: readonly RegExp[] = [
  // E-mail addresses.
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g,
  // Resident ID numbers (18 characters, the last may be X); before the phone pattern, which would
  // otherwise match inside one.
  /(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/g,
  // Mainland mobile numbers, with or without +86 / 0086, even glued to letters (`tel13800000001`):
  // a rare false hit inside a generated id costs less than a leaked number.
  /(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])/g,
];

/** Masks every phone-, e-mail- or ID-looking part of a decoded text. */
export function maskPersonalText(text: string): string {
  return PATTERNS.reduce((masked, pattern) => masked.replace(pattern, MASK), text);
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Masks inside a still-encoded piece of the target; an untouched piece keeps its exact spelling. */
function maskEncoded(raw: string): string {
  const decoded = decode(raw);
  const masked = maskPersonalText(decoded);
  return masked === decoded ? raw : encodeURIComponent(masked).replace(/%2A/gi, '*');
}

/** The request target (`req.url`: path and query) as it may be logged. */
export function maskRequestTarget(target: string): string {
  const at = target.indexOf('?');
  const rawPath = at === -1 ? target : target.slice(0, at);
  const path = maskPersonalSegments(rawPath)
    .map((part) => (part === MASK ? part : maskEncoded(part)))
    .join('/');
  if (at === -1) return path;
  const personal = new Set([...PERSONAL_PARAMS, ...(PERSONAL_PARAMS_BY_PATH[decode(rawPath)] ?? [])]);
  const query = target
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return maskEncoded(pair);
      const rawKey = pair.slice(0, eq);
      const rawValue = pair.slice(eq + 1);
      if (personal.has(decode(rawKey).toLowerCase()) && rawValue !== '') return `${rawKey}=${MASK}`;
      return `${maskEncoded(rawKey)}=${maskEncoded(rawValue)}`;
    })
    .join('&');
  return `${path}?${query}`;
}

/** One access log line. */
export function accessLogLine(method: string | undefined, target: string | undefined, status: number, ms: number): string {
  return `${method ?? '-'} ${maskRequestTarget(target ?? '/')} ${status} ${ms.toFixed(1)}ms`;
}
