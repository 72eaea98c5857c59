// How staff find a detainee without a scan (SPEC 7.2 `GET /centers/{c}/detainees?q=&status=`).
//
// Listing: the detainee's record carries two index keys, sorted by name — GSI1 `DETAINEES#<center>`
// (everyone) and GSI2 `DETAINEES#<center>#<active|left>` (in custody, or released or transferred:
// the release moves it in the same update that changes the status).
//
// Searching by any part of a name: Chinese names are short (2–4 characters, rarely more), so the
// record is written with one small item per suffix of its normalized name, in the same transaction:
// `DETNAME#<center>#<first character of the suffix>` / `<suffix>#<detaineeId>`. Every substring of
// a name is a prefix of one of its suffixes, so `begins_with(SK, q)` in the partition of q's first
// character finds exactly the names containing q, reading only the matches (the partition key
// spreads one center's names over their characters). A name containing q twice matches two
// suffixes; only the suffix where q first occurs counts, so every detainee is listed once and a
// page cursor never repeats one. Names are not editable, so the items are never rewritten.
import type { Key } from './transaction';
import { detaineeIndexKeys, nameSearchKey } from './district-keys';
import { searchForm } from '../domain/text';

/** NFKC (full-width letters and digits as ASCII), lower case, no spaces: how names are indexed and queried (shared/domain/text.ts). */
export const normalizeName = searchForm;

/** The first character (code point) of a string. */
const firstChar = (s: string): string => String.fromCodePoint(s.codePointAt(0) ?? 0);

/** The index keys a detainee's record carries (see the top of this file). */
export function detaineeListIndex(d: { centerId: string; detaineeId: string; name: string; status: 'active' | 'released' | 'transferred' }) {
  const sort = `${normalizeName(d.name)}#${d.detaineeId}`;
  return detaineeIndexKeys(d.centerId, d.status, sort);
}

export interface NameIndexItem extends Key {
  detaineeId: string;
  /** The normalized name and where (UTF-16 index) this suffix starts in it. */
  name: string;
  offset: string;
}

/** One item per distinct suffix of the normalized name (a 50-character name writes 50). */
export function nameIndexItems(d: { centerId: string; detaineeId: string; name: string }): NameIndexItem[] {
  const name = normalizeName(d.name);
  const items: NameIndexItem[] = [];
  for (let i = 0; i < name.length;) {
    const suffix = name.slice(i);
    items.push({ ...nameSearchKey(d.centerId, suffix, d.detaineeId), detaineeId: d.detaineeId, name, offset: String(i) });
    i += firstChar(suffix).length;
  }
  return items;
}

/** True for the one index item of a detainee that answers `query`: the suffix where it first occurs. */
export const firstMatch = (item: Record<string, unknown>, normalizedQuery: string): boolean =>
  typeof item.name === 'string' && item.name.indexOf(normalizedQuery) === Number(item.offset);
