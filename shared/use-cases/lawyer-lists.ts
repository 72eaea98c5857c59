// A lawyer's own lists across every district this API serves (SPEC 7.2, 7.3): bookings, bindings,
// waitlist entries and urgent requests. Each is read through a key the lawyer owns — pointer items
// under `LAWYER#<id>` or the licence index — never by scanning a district, and the lists that grow
// page through shared/adapters/paging.ts with a cursor bound to the caller.
import { batchGetAll, itemKey } from '../adapters/batch-read';
import {
  bookingKey,
  urgentRequestKey,
  waitlistIdKey,
  LAWYER_BOOKING_PREFIX,
  LAWYER_URGENT_PREFIX,
  LAWYER_WAIT_PREFIX,
  bindingLicensePartition,
  lawyerPartition,
} from '../adapters/district-keys';
import { getBooking, toBooking } from '../adapters/booking-repository';
import { districtOfId } from '../ids';
import { districtTableName, queryAll, servedDistricts } from '../adapters/dynamo';
import { readPage, type PageQuery, type PageSource } from '../adapters/paging';
import { detaineeNames } from '../adapters/people-directory';
import { positionOf } from '../adapters/waitlist-repository';
import { findCenter } from '../config';
import { licenseOf, type Principal } from '../principal';
import { lawyerBookingView, namesFor } from './read-bookings';
import { type Booking } from '../domain/booking';
import { type WaitlistEntry } from '../domain/waitlist';

type Item = Record<string, unknown>;

/** Hydrates pointer items (`{ <idField> }`) into the records they point at, in one BatchGet. */
function pointersTo(table: string, idField: string, keyOf: (id: string) => Record<string, string>) {
  return async (pointers: Item[]): Promise<(Item | undefined)[]> => {
    const found = await batchGetAll(
      table,
      pointers.map((p) => keyOf(String(p[idField]))),
    );
    return pointers.map((p) => found.get(itemKey(keyOf(String(p[idField])))));
  };
}

const ownPartition = (lawyerId: string, prefix: string, table: string) => ({
  TableName: table,
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  ExpressionAttributeValues: { ':pk': lawyerPartition(lawyerId), ':prefix': prefix },
  ConsistentRead: true,
});

const bySortKey = (item: Item) => String(item.SK);

/** GET /bookings: every booking naming the caller, oldest first (pointer SK = `BOOKING#<createdAt>#<id>`). */
export async function listMyBookings(principal: Principal, page: PageQuery) {
  const sources: PageSource<{ table: string; booking: Booking }>[] = servedDistricts().map((district) => {
    const table = districtTableName(district);
    const hydrate = pointersTo(table, 'bookingId', bookingKey);
    return {
      id: district,
      query: ownPartition(principal.userId, LAWYER_BOOKING_PREFIX, table),
      keyAttributes: ['PK', 'SK'],
      select: async (pointers) => (await hydrate(pointers)).map((item) => (item ? { table, booking: toBooking(item) } : undefined)),
    };
  });
  const { items, nextCursor } = await readPage({ list: `GET /bookings|${principal.userId}`, sources, limit: page.limit, cursor: page.cursor, orderBy: bySortKey });
  const names = await namesFor(items);
  return { bookings: items.map(({ booking }) => lawyerBookingView(booking, names)), nextCursor };
}

/** GET /me/bindings: by licence (GSI1 `LICENSE#<no>`, sorted `<createdAt>#<bindingId>`), with names. */
export async function listMyBindings(principal: Principal, page: PageQuery) {
  const licenseNo = licenseOf(principal);
  const sources: PageSource<Item>[] = servedDistricts().map((district) => {
    const table = districtTableName(district);
    return {
      id: district,
      query: { TableName: table, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': bindingLicensePartition(licenseNo) } },
      keyAttributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
      select: async (bindings) => {
        const names = await detaineeNames(
          table,
          bindings.map((b) => String(b.detaineeId)),
        );
        return bindings.map((b) => ({ ...b, detaineeName: names.get(String(b.detaineeId)) ?? '' }));
      },
    };
  });
  const { items, nextCursor } = await readPage({
    list: `GET /me/bindings|${principal.userId}`,
    sources,
    limit: page.limit,
    cursor: page.cursor,
    orderBy: (item) => String(item.GSI1SK),
  });
  return {
    bindings: items.map((b) => ({
      bindingId: String(b.bindingId),
      centerId: String(b.centerId),
      detaineeId: String(b.detaineeId),
      status: b.status as 'active' | 'revoked' | 'ended',
      detaineeName: String(b.detaineeName),
      centerName: findCenter(String(b.centerId))?.name ?? String(b.centerId),
    })),
    nextCursor,
  };
}

/**
 * GET /me/waitlist: the caller's entries still waiting, with their place in line. Only live entries
 * exist (a promotion or a leave deletes them, at most one per session), so the list stays short
 * and is not paged.
 */
export async function listMyWaitlist(principal: Principal) {
  const perDistrict = await Promise.all(
    servedDistricts().map(async (district) => {
      const table = districtTableName(district);
      const guards = await queryAll<{ waitlistId: string }>(ownPartition(principal.userId, LAWYER_WAIT_PREFIX, table));
      const found = await batchGetAll(
        table,
        guards.map((g) => waitlistIdKey(g.waitlistId)),
      );
      const entries = guards.map((g) => found.get(itemKey(waitlistIdKey(g.waitlistId))) as WaitlistEntry | undefined).filter((e): e is WaitlistEntry => Boolean(e));
      const names = await detaineeNames(
        table,
        entries.map((e) => e.detaineeId),
      );
      return Promise.all(entries.map(async (e) => ({ entry: e, position: await positionOf(table, e), detaineeName: names.get(e.detaineeId) ?? '' })));
    }),
  );
  const entries = perDistrict
    .flat()
    .sort((a, b) => a.entry.slotId.localeCompare(b.entry.slotId) || a.entry.centerId.localeCompare(b.entry.centerId))
    .map(({ entry, position, detaineeName }) => ({
      waitlistId: entry.waitlistId,
      centerId: entry.centerId,
      detaineeId: entry.detaineeId,
      slotId: entry.slotId,
      position,
      detaineeName,
      centerName: findCenter(entry.centerId)?.name ?? '',
    }));
  return { entries };
}

/** GET /me/urgent-requests: every request the caller filed, oldest first (pointer SK = `URGREQ#<createdAt>#<id>`). */
export async function listMyUrgentRequests(principal: Principal, page: PageQuery) {
  const sources: PageSource<Item>[] = servedDistricts().map((district) => {
    const table = districtTableName(district);
    return {
      id: district,
      query: ownPartition(principal.userId, LAWYER_URGENT_PREFIX, table),
      keyAttributes: ['PK', 'SK'],
      select: async (pointers) => {
        const requests = await pointersTo(table, 'requestId', urgentRequestKey)(pointers);
        const names = await detaineeNames(
          table,
          requests.filter((r): r is Item => Boolean(r)).map((r) => String(r.detaineeId)),
        );
        return requests.map((r) => (r ? { ...r, detaineeName: names.get(String(r.detaineeId)) ?? '' } : undefined));
      },
    };
  });
  const { items, nextCursor } = await readPage({
    list: `GET /me/urgent-requests|${principal.userId}`,
    sources,
    limit: page.limit,
    cursor: page.cursor,
    orderBy: bySortKey,
  });
  return {
    requests: items.map((r) => ({
      requestId: String(r.requestId),
      centerId: String(r.centerId),
      detaineeId: String(r.detaineeId),
      deadline: String(r.deadline),
      status: r.status as 'open' | 'placed' | 'closed',
      detaineeName: typeof r.detaineeName === 'string' ? r.detaineeName : '',
      centerName: findCenter(String(r.centerId))?.name ?? '',
    })),
    nextCursor,
  };
}

/**
 * GET /me/violations: each violation with the meeting it was recorded for — center, detainee and
 * session by name (issue 18: "a violation shows which meeting", not the sweep's time alone).
 */
export async function withMeetings<V extends { bookingId: string }>(violations: V[]) {
  const found = await Promise.all(
    violations.map(async (v) => {
      const district = districtOfId(v.bookingId, 'bk');
      if (!district || !servedDistricts().includes(district)) return undefined;
      const table = districtTableName(district);
      const booking = await getBooking(table, v.bookingId);
      return booking ? { table, booking } : undefined;
    }),
  );
  const names = await namesFor(found.filter((f): f is { table: string; booking: Booking } => Boolean(f)));
  return violations.map((v, i) => {
    const b = found[i]?.booking;
    return b
      ? { ...v, meeting: { centerName: findCenter(b.centerId)?.name ?? '', detaineeName: names.detainees.get(b.detaineeId) ?? '', date: b.date, start: b.sessionStart } }
      : v;
  });
}
