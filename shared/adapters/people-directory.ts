// Names of people for answers that would otherwise show only ids (SPEC 7.3): lawyers from their
// profiles in the platform table, detainees from their records in a district table. Read at answer
// time, in batches — never denormalized onto bookings: a name or phone corrected in the registry is
// right everywhere at once, bookings made before release 2 need no migration, and the booking
// transaction (the contended path) stays as lean as it was. A page of 100 bookings costs one
// BatchGet per 100 distinct people, sent in parallel (shared/adapters/batch-read.ts).
import type { Booking } from '../domain/booking';
import { logger } from '../observability';
import { batchGetAll, itemKey } from './batch-read';
import { profileKey } from './platform-keys';
import { platformTableName } from './dynamo';
import { detaineeKey } from './district-keys';

/** A string attribute of a stored item, or '' (the item may be missing, or predate the attribute). */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What the front desk checks at the window: the account's name, licence, firm and phone. */
export interface LawyerCard {
  lawyerId: string;
  name: string;
  licenseNo: string;
  lawFirm: string;
  phone: string;
}

/**
 * Lawyer cards by id. An id without a profile (never expected: bookings name confirmed accounts)
 * gets empty fields and a warning, so one bad row never fails a whole list.
 */
export async function lawyerCards(lawyerIds: Iterable<string>): Promise<Map<string, LawyerCard>> {
  const cards = new Map<string, LawyerCard>();
  const missing = [...new Set(lawyerIds)];
  if (missing.length === 0) return cards;
  const found = await batchGetAll(platformTableName(), missing.map(profileKey));
  for (const lawyerId of missing) {
    const item = found.get(itemKey(profileKey(lawyerId)));
    if (!item) logger.warn('lawyer profile missing for a named lawyer', { lawyerId });
    cards.set(lawyerId, {
      lawyerId,
      name: textOf(item?.name),
      licenseNo: textOf(item?.licenseNo),
      lawFirm: textOf(item?.lawFirm),
      phone: textOf(item?.phone),
    });
  }
  return cards;
}

/** Detainee names by id, from one district table (detainee records are never deleted). */
export async function detaineeNames(table: string, detaineeIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(detaineeIds)];
  if (ids.length === 0) return new Map();
  const found = await batchGetAll(table, ids.map(detaineeKey));
  return new Map(ids.map((id) => [id, textOf(found.get(itemKey(detaineeKey(id)))?.name)]));
}

/** The names every booking answer needs, read once for a whole list (one table per district). */
export interface BookingNames {
  lawyers: Map<string, LawyerCard>;
  detainees: Map<string, string>;
}

export async function namesFor(bookings: readonly { table: string; booking: Booking }[]): Promise<BookingNames> {
  const byTable = new Map<string, string[]>();
  for (const { table, booking } of bookings) byTable.set(table, [...(byTable.get(table) ?? []), booking.detaineeId]);
  const [lawyers, ...perTable] = await Promise.all([
    lawyerCards(bookings.flatMap(({ booking }) => booking.lawyerIds)),
    ...[...byTable].map(([table, ids]) => detaineeNames(table, ids)),
  ]);
  return { lawyers, detainees: new Map(perTable.flatMap((m) => [...m])) };
}
