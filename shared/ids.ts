// Opaque, time-sortable identifiers (ULID layout: 10 chars of milliseconds, 16 of randomness,
// Crockford base32). Sortability only helps listings; no rule depends on an id's time part.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(nowMs = Date.now()): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i] % 32];
  return time + rand;
}

export const newId = (prefix: string): string => `${prefix}_${ulid()}`;

/**
 * Ids of district data that routes name without a center (bookings, waitlist entries) carry their
 * district, so a request finds its table without a look-up: `bk.minhang.01M8…`.
 */
export const newDistrictId = (prefix: string, districtId: string): string => `${prefix}.${districtId}.${ulid()}`;

export function districtOfId(id: string, prefix: string): string | undefined {
  const [p, district, rest] = id.split('.');
  return p === prefix && district && rest ? district : undefined;
}
