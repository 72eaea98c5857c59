// RFC 4180 CSV, as the bar association's registry export comes (R1a): read by the import script
// (scripts/import-registry.ts) and by the admin page's preview (web/src/admin/registry-file.ts), so
// both see the same rows. Pure: text in, rows out.

/** Rows of fields: quoted fields may hold commas, doubled quotes and line breaks; CRLF, a BOM and blank rows are fine. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

export type TextEncoding = 'utf-8' | 'gb18030';

/**
 * The text of an export file, whichever of the two encodings it was saved in: UTF-8 (with or without
 * a BOM) when its bytes are valid UTF-8, else GB18030 — what Excel on a Chinese Windows writes for
 * "CSV" (GBK is its subset). GBK bytes of Chinese text are almost never valid UTF-8, so the strict
 * UTF-8 attempt tells them apart. `readable` is false when even GB18030 gave replacement characters
 * (not a text file of either kind). Uses the WHATWG TextDecoder (browsers; Node 20 with its full ICU).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding; readable: boolean } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8', readable: true };
  } catch {
    const text = new TextDecoder('gb18030').decode(bytes);
    return { text, encoding: 'gb18030', readable: !text.includes('\uFFFD') && !text.includes('\u0000') };
  }
}
