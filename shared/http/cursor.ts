// Opaque, tamper-safe page cursors (SPEC §7.3 `nextCursor`): the position to continue from,
// encrypted with AES-256-GCM under a key derived (HKDF) from the platform's cursor secret
// (shared/adapters/cursor-key.ts), with the list it belongs to as additional authenticated data.
// A client can hand a cursor back but can neither read a key out of it (issue 23: they were
// readable base64 JSON, `USER#…`) nor forge one (another partition, another list, another filter):
// any change fails the authentication tag and is a 400 VALIDATION_FAILED, never a query.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ValidationFailed } from '../errors';

/** What a cursor carries: which list (and filter) it pages, and where that list stopped. */
export interface CursorPayload {
  /** The list and its filters, e.g. `users:staff`: a cursor of one list is refused by another. */
  list: string;
  key: Record<string, string>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const keys = new WeakMap<Buffer, Buffer>();
/** The encryption key of a secret: its own derivation, so the stored secret is never used as is. */
function keyOf(secret: Buffer): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'page-cursor/aes-256-gcm/v2', 32));
    keys.set(secret, key);
  }
  return key;
}

/** `<iv>.<ciphertext and tag>`, both base64url (the shape shared/api/schemas.ts `pageCursor` accepts). */
export function encodeCursor(payload: CursorPayload, secret: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv).setAAD(Buffer.from(payload.list, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify({ key: payload.key }), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

const refused = () => new ValidationFailed('cursor 无效或已被篡改，请从第一页重新查询', { issues: [{ field: 'query.cursor', message: '无效的分页游标' }] });

/** The key to continue after, when `cursor` was issued by us for exactly `list`; otherwise 400. */
export function decodeCursor(cursor: string, list: string, secret: Buffer): Record<string, string> {
  const [ivText, sealedText, extra] = cursor.split('.');
  if (!ivText || !sealedText || extra !== undefined) throw refused();
  const iv = Buffer.from(ivText, 'base64url');
  const sealed = Buffer.from(sealedText, 'base64url');
  if (iv.length !== IV_BYTES || sealed.length <= TAG_BYTES) throw refused();
  let payload: { key?: unknown };
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), iv).setAAD(Buffer.from(list, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    payload = JSON.parse(plain.toString('utf8')) as { key?: unknown };
  } catch {
    throw refused();
  }
  const key = payload?.key;
  const wellFormed = key !== null && typeof key === 'object' && !Array.isArray(key) && Object.values(key).every((v) => typeof v === 'string');
  if (!wellFormed) throw refused();
  return key as Record<string, string>;
}
