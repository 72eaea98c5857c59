// What text the platform accepts in names and free-text fields (issue 23 F4).
//
// Names (of detainees, lawyers, law firms, case units, rooms) are stored in Unicode NFKC: one
// spelling per name, the form the registry already compares (./registry.ts) and the detainee search
// indexes. NFKC can make a string much longer (`Ǆ` → `DŽ`, `㌀` → `アパート`, `ﷺ` → 18 letters), so
// schemas normalise first and bound the length after (shared/api/schemas.ts): what is stored and
// indexed is what was counted. Free text (reasons, suggestions, messages) keeps its spelling —
// NFKC would turn Chinese full-width punctuation into ASCII — and never grows, so its length is
// counted as sent.
//
// Invisible characters are refused with a 400 rather than stripped: a control character (NUL
// included), a zero-width character or a bidi override in a name makes two names look alike, or
// one name look like another (`张三\u202E…`), on every page and paper that shows it. Free text may
// carry line breaks and tabs, and the joiners emoji are built with; nothing else of the kind.

/** Unicode NFKC, the one spelling a name is stored in. */
export const nfkc = (s: string): string => s.normalize('NFKC');

/** How names are indexed and searched: NFKC (full-width letters and digits as ASCII), lower case, no spaces. */
export const searchForm = (name: string): string => nfkc(name).toLowerCase().replace(/\s+/g, '');

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u180E\u200B-\u200D\u2060-\u2064\uFEFF]/u;
const LINE_BREAKS = /[\t\n\r]/u;
/** Everything else invisible that has no place in a name: soft hyphen, tags, line/paragraph separators, … */
const OTHER_FORMAT = /[\p{Cf}\u2028\u2029]/u;

const hex = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `text` cannot be accepted, in Chinese, or undefined. `multiline` (free text) allows tabs and
 * line breaks, and the zero-width joiners (U+200C, U+200D) of emoji and some scripts.
 */
export function characterProblem(text: string, options: { multiline?: boolean } = {}): string | undefined {
  for (const c of text) {
    if (/\p{Cs}/u.test(c)) return `含有无效的字符（孤立的代理项 ${hex(c)}）`;
    if (/\p{Cc}/u.test(c)) {
      if (options.multiline && LINE_BREAKS.test(c)) continue;
      return `不能包含控制字符（${hex(c)}）${options.multiline ? '' : '，也不能换行'}`;
    }
    if (BIDI.test(c)) return `不能包含文字方向控制符（${hex(c)}）`;
    if (ZERO_WIDTH.test(c)) {
      if (options.multiline && (c === '\u200C' || c === '\u200D')) continue;
      return `不能包含零宽字符（${hex(c)}）`;
    }
    if (OTHER_FORMAT.test(c)) {
      if (options.multiline && (c === '\u2028' || c === '\u2029')) continue;
      return `不能包含不可见的格式字符（${hex(c)}）`;
    }
  }
  return undefined;
}
