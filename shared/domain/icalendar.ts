// iCalendar (RFC 5545) text of a lawyer's meetings: one VCALENDAR with the Asia/Shanghai VTIMEZONE
// and one VEVENT per booking. Pure: the caller gives the events and the clock.
//  - Lines end in CRLF and are folded at 75 octets (3.1), never inside a UTF-8 character: names and
//    addresses are Chinese, three octets per character, so folding by characters would overflow.
//  - Times are local wall-clock times with TZID=Asia/Shanghai (3.2.19) and the VTIMEZONE that
//    defines it (3.6.5) — China has kept +08:00 without daylight saving since 1991, so one STANDARD
//    component is the whole zone.
//  - UID is the booking's id (stable across changes, a reschedule keeps it); SEQUENCE counts the
//    changes an attendee must see (3.8.7.4), so calendar applications replace the event they hold.

export interface CalendarEvent {
  bookingId: string;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  cancelled: boolean;
  sequence: number;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** TEXT value escaping (3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds one content line into CRLF-joined pieces of at most 75 octets, continuations led by a space. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > MAX_OCTETS) {
      pieces.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(CRLF);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDDTHHMMSS` of the instant as read on a wall clock `offsetMs` ahead of UTC. */
function basicDateTime(at: Date, offsetMs: number): string {
  const d = new Date(at.getTime() + offsetMs);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

export const utcStamp = (at: Date): string => `${basicDateTime(at, 0)}Z`;
export const shanghaiLocal = (at: Date): string => basicDateTime(at, SHANGHAI_OFFSET_MS);

export const TZID = 'Asia/Shanghai';

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TZID}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0800',
  'TZNAME:CST',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Host part of every UID: bookings are unique across the platform, the domain only namespaces them. */
const UID_DOMAIN = 'lawyer-meetings.lmb';

function eventLines(e: CalendarEvent, stamp: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${e.bookingId}@${UID_DOMAIN}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;TZID=${TZID}:${shanghaiLocal(e.start)}`,
    `DTEND;TZID=${TZID}:${shanghaiLocal(e.end)}`,
    `SEQUENCE:${e.sequence}`,
    `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(e.summary)}`,
    `LOCATION:${escapeText(e.location)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** The whole feed; `now` is the DTSTAMP of every event (when this copy of the calendar was made). */
export function renderCalendar(events: readonly CalendarEvent[], now: Date, name: string): string {
  const stamp = utcStamp(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Lawyer Meeting Booking Platform//Calendar Feed//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    `X-WR-TIMEZONE:${TZID}`,
    // RFC 7986 and its common predecessor: how often subscribers should fetch the feed again.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...VTIMEZONE,
    ...events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
