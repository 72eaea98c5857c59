// The check-in QR token and its short typed code (issue 20 item 2). Pure: the district's secret and
// the clock come in. The token names only the booking id and when it expires — no name, licence,
// phone or detainee — and its HMAC-SHA256 (per-district secret) binds both, so nobody can make one
// for another booking or stretch its validity. It is valid from an hour before the session starts
// to the session's last admission (the time after which the sweeper marks a no-show anyway).
//
// The short code is what a lawyer reads out when the camera fails: `<session><queue number>-<6
// characters>`, e.g. `AM12-7KQ4MX`. The front desk's center and today's date complete it to exactly
// one booking (its day-queue key); the 6 characters are 30 bits of the HMAC of that booking, so a
// guess is hopeless within a session even before API Gateway's throttle.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_VERSION = 'ci1';
export const VALID_BEFORE_START_MS = 60 * 60_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN = /^ci1\.(bk\.[A-Za-z0-9-]{1,40}\.[0-9A-Z]{26})\.(\d{9,11})\.([A-Za-z0-9_-]{22})$/;
const CODE = /^([A-Za-z0-9_-]{1,20}?)(\d{1,4})-([0-9A-Z]{6})$/;

export interface TokenBooking {
  bookingId: string;
  centerId: string;
  slotId: string;
  sessionStart: string;
  lastAdmission: string;
}

export const validFrom = (b: Pick<TokenBooking, 'sessionStart'>): Date => new Date(new Date(b.sessionStart).getTime() - VALID_BEFORE_START_MS);
export const validUntil = (b: Pick<TokenBooking, 'lastAdmission'>): Date => new Date(b.lastAdmission);

const mac = (secret: Buffer, text: string): Buffer => createHmac('sha256', secret).update(text).digest();

function base32(bytes: Buffer, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= chars) break;
  }
  return out;
}

const tokenMac = (secret: Buffer, b: TokenBooking, exp: number) => mac(secret, `${TOKEN_VERSION}|${b.bookingId}|${b.centerId}|${b.slotId}|${exp}`).subarray(0, 16);
const codeMac = (secret: Buffer, b: TokenBooking) => base32(mac(secret, `code|${b.bookingId}|${b.centerId}|${b.slotId}`), 6);
const sessionName = (slotId: string) => slotId.slice(slotId.indexOf('.') + 1);

export function signToken(secret: Buffer, b: TokenBooking & { queueNumber: number }) {
  const exp = Math.floor(validUntil(b).getTime() / 1000);
  return {
    token: `${TOKEN_VERSION}.${b.bookingId}.${exp}.${tokenMac(secret, b, exp).toString('base64url')}`,
    code: `${sessionName(b.slotId)}${b.queueNumber}-${codeMac(secret, b)}`,
    validFrom: validFrom(b),
    validUntil: validUntil(b),
  };
}

/** The booking a token names, before anything is trusted: undefined for what is not a token at all. */
export function parseToken(token: string): { bookingId: string; exp: number; mac: string } | undefined {
  const m = TOKEN.exec(token.trim());
  return m ? { bookingId: m[1], exp: Number(m[2]), mac: m[3] } : undefined;
}

export function parseCode(code: string): { sessionName: string; queueNumber: number; mac: string } | undefined {
  const m = CODE.exec(code.trim().toUpperCase().replace(/\s+/g, ''));
  return m ? { sessionName: m[1], queueNumber: Number(m[2]), mac: m[3] } : undefined;
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/** The token's signature holds for this booking and its expiry is the booking's own. */
export function tokenSignatureHolds(secret: Buffer, b: TokenBooking, parsed: { exp: number; mac: string }): boolean {
  if (parsed.exp !== Math.floor(validUntil(b).getTime() / 1000)) return false;
  return sameBytes(Buffer.from(parsed.mac, 'base64url'), tokenMac(secret, b, parsed.exp));
}

export const codeHolds = (secret: Buffer, b: TokenBooking, parsedMac: string): boolean => sameBytes(Buffer.from(parsedMac), Buffer.from(codeMac(secret, b)));

/** Why a genuine token cannot be used now, or undefined while it is valid. */
export function outsideValidity(b: TokenBooking, now: Date): 'not_yet' | 'expired' | undefined {
  if (now.getTime() < validFrom(b).getTime()) return 'not_yet';
  if (now.getTime() > validUntil(b).getTime()) return 'expired';
  return undefined;
}
