// Opaque, tamper-safe page cursors (SPEC §7.3 `nextCursor`): the position to continue from and the
// list it belongs to, as base64url JSON plus an HMAC-SHA256 over it. A client can hand a cursor back
// but can neither read a meaningful key out of it nor forge one (another partition, another list,
// another filter): any change fails the MAC and is a 400 VALIDATION_FAILED, never a query.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationFailed } from '../errors';

/** What a cursor carries: which list (and filter) it pages, and where that list stopped. */
export interface CursorPayload {
  /** The list and its filters, e.g. `users:staff`: a cursor of one list is refused by another. */
  list: string;
  key: Record<string, string>;
}

const mac = (secret: Buffer, data: string) => createHmac('sha256', secret).update(data).digest();

export function encodeCursor(payload: CursorPayload, secret: Buffer): string {
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${data}.${mac(secret, data).toString('base64url')}`;
}

const refused = () => new ValidationFailed('cursor 无效或已被篡改，请从第一页重新查询', { issues: [{ field: 'query.cursor', message: '无效的分页游标' }] });

/** The key to continue after, when `cursor` was issued by us for exactly `list`; otherwise 400. */
export function decodeCursor(cursor: string, list: string, secret: Buffer): Record<string, string> {
  const [data, signature, extra] = cursor.split('.');
  if (!data || !signature || extra !== undefined) throw refused();
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, data);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw refused();
  }
  const key = payload?.key;
  const wellFormed = key !== null && typeof key === 'object' && Object.values(key).every((v) => typeof v === 'string');
  if (payload?.list !== list || !wellFormed) throw refused();
  return key;
}
