// A small booking world for the engine's integration tests: confirmed lawyers and detainees of one
// center, every lawyer bound to every detainee, and a consistent-read snapshot of everything the
// booking engine keeps for a set of slots (sessions, bookings, guards, pair counters, waitlists).
// Every world has its own ids, so worlds never see each other's data.
import { BatchGetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { confirmAccount, reserveLawyer } from '../../../shared/adapters/account-repository';
import { bookingKey } from '../../../shared/adapters/district-keys';
import { createBinding } from '../../../shared/adapters/binding-repository';
import { createDetainee } from '../../../shared/adapters/custody-repository';
import { ddb } from '../../../shared/adapters/dynamo';
import { newId } from '../../../shared/ids';
import type { Principal } from '../../../shared/principal';
import { shanghaiIso } from '../../../shared/time';
import { districtTableOf, inBatches, newLicense, newPhone, uniqueName } from './fixtures';
import { type Booking } from '../../../shared/domain/booking';
import { type WaitlistEntry } from '../../../shared/domain/waitlist';

export const CENTER = 'minhang-kss';
export const TABLE = districtTableOf('minhang');

export interface WorldLawyer {
  userId: string;
  licenseNo: string;
  principal: Principal;
}

export interface World {
  lawyers: WorldLawyer[];
  detaineeIds: string[];
}

/** `lawyers` confirmed practising lawyers and `detainees` active detainees of minhang-kss, all bound to each other. */
export async function createWorld(lawyers: number, detainees: number, now = new Date()): Promise<World> {
  const createdAt = shanghaiIso(now);
  const people = await inBatches(
    Array.from({ length: lawyers }, (_, i) => i),
    10,
    async () => {
      const userId = newId('lw');
      const username = uniqueName('prop');
      const licenseNo = newLicense();
      await reserveLawyer({ userId, username, role: 'lawyer', status: 'unconfirmed', createdAt, name: '律师', phone: newPhone(), licenseNo, lawFirm: '测试律师事务所' }, now);
      await confirmAccount({ userId, username, licenseNo });
      const principal: Principal = { userId, username, role: 'lawyer', centerIds: [], licenseNo };
      return { userId, licenseNo, principal };
    },
  );
  const detaineeIds = await inBatches(
    Array.from({ length: detainees }, (_, i) => i),
    10,
    async () => {
      const detaineeId = newId('dt');
      await createDetainee(TABLE, { detaineeId, centerId: CENTER, name: '在押人员', sex: 'M', status: 'active', createdAt });
      return detaineeId;
    },
  );
  const pairs = people.flatMap((l) => detaineeIds.map((d) => ({ l, d })));
  await inBatches(pairs, 20, ({ l, d }) =>
    createBinding(TABLE, {
      bindingId: newId('bd'),
      centerId: CENTER,
      detaineeId: d,
      licenseNo: l.licenseNo,
      verification: 'documents',
      status: 'active',
      createdAt,
    }),
  );
  return { lawyers: people, detaineeIds };
}

type Item = Record<string, unknown>;

async function queryAll(pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await ddb.send(
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function batchGetBookings(ids: string[]): Promise<Booking[]> {
  const out: Booking[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Item[] | undefined = ids.slice(i, i + 100).map(bookingKey);
    while (keys?.length) {
      const res: BatchGetCommandOutput = await ddb.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } }));
      out.push(...((res.Responses?.[TABLE] ?? []) as unknown as Booking[]));
      keys = res.UnprocessedKeys?.[TABLE]?.Keys;
    }
  }
  return out;
}

export interface SessionItem {
  booked: number;
  lastQueue: number;
  capacity?: number;
}

export interface Snapshot {
  /** Session counters by slot id (missing = never booked). */
  sessions: Map<string, SessionItem>;
  /** Every booking naming a lawyer of the world, by id. */
  bookings: Map<string, Booking>;
  /** Detainee guards: `${detaineeId}|${slotId}` → bookingId. */
  detaineeGuards: Map<string, string>;
  /** Lawyer guards: `${lawyerId}|${slotId}` → bookingId. */
  lawyerGuards: Map<string, string>;
  /** Pair counters: `${lawyerId}|${detaineeId}` → slotId → session start, for `slotIds` only. */
  pairs: Map<string, Record<string, string>>;
  /** Lawyer wait guards: `${lawyerId}|${slotId}` → waitlistId. */
  waitGuards: Map<string, string>;
  /** Waiting entries by slot, in line order. */
  waitlists: Map<string, WaitlistEntry[]>;
  /** Waitlist id pointers that exist. */
  waitlistIds: Set<string>;
}

/**
 * Everything the engine stores for the world's lawyers and detainees in `slotIds`, read
 * consistently. With `createdAt` (the ISO instant bookings were made at) only bookings made then
 * are read, so a world reused for many sets of sessions stays cheap to read.
 */
export async function snapshot(world: World, slotIds: string[], createdAt?: string): Promise<Snapshot> {
  const inSlots = (sk: string, prefix: string) => slotIds.find((s) => sk === `${prefix}${s}`);
  const [sessionItems, lawyerItems, detaineeItems, waitItems] = await Promise.all([
    queryAll(`SESSIONS#${CENTER}`),
    Promise.all(world.lawyers.map((l) => queryAll(`LAWYER#${l.userId}`).then((items) => ({ l, items })))),
    Promise.all(world.detaineeIds.map((d) => queryAll(`DETAINEE#${d}`).then((items) => ({ d, items })))),
    Promise.all(slotIds.map((s) => queryAll(`WAITLIST#${CENTER}#${s}`).then((items) => ({ s, items })))),
  ]);

  const sessions = new Map<string, SessionItem>();
  for (const item of sessionItems) {
    const slotId = String(item.SK);
    if (slotIds.includes(slotId)) sessions.set(slotId, { booked: item.booked as number, lastQueue: item.lastQueue as number, capacity: item.capacity as number | undefined });
  }

  const bookingIds = new Set<string>();
  const lawyerGuards = new Map<string, string>();
  const pairs = new Map<string, Record<string, string>>();
  const waitGuards = new Map<string, string>();
  for (const { l, items } of lawyerItems) {
    for (const item of items) {
      const sk = String(item.SK);
      if (sk.startsWith(createdAt === undefined ? 'BOOKING#' : `BOOKING#${createdAt}#`)) bookingIds.add(item.bookingId as string);
      const guardSlot = inSlots(sk, `SLOT#${CENTER}#`);
      if (guardSlot) lawyerGuards.set(`${l.userId}|${guardSlot}`, item.bookingId as string);
      const waitSlot = inSlots(sk, `WAIT#${CENTER}#`);
      if (waitSlot) waitGuards.set(`${l.userId}|${waitSlot}`, item.waitlistId as string);
      if (sk.startsWith('PAIR#')) {
        const slots = Object.entries((item.slots as Record<string, string>) ?? {}).filter(([slotId]) => slotIds.includes(slotId));
        pairs.set(`${l.userId}|${sk.slice('PAIR#'.length)}`, Object.fromEntries(slots));
      }
    }
  }
  const detaineeGuards = new Map<string, string>();
  for (const { d, items } of detaineeItems) {
    for (const item of items) {
      const slot = inSlots(String(item.SK), 'SLOT#');
      if (slot) detaineeGuards.set(`${d}|${slot}`, item.bookingId as string);
    }
  }
  const waitlists = new Map<string, WaitlistEntry[]>();
  for (const { s, items } of waitItems)
    waitlists.set(
      s,
      (items as unknown as WaitlistEntry[]).sort((a, b) => a.sortKey.localeCompare(b.sortKey)),
    );
  const allEntries = [...waitlists.values()].flat();
  const pointers = await Promise.all(allEntries.map((e) => queryAll(`WAITLISTID#${e.waitlistId}`)));
  const waitlistIds = new Set(allEntries.filter((_, i) => pointers[i].length > 0).map((e) => e.waitlistId));

  const bookings = new Map<string, Booking>();
  for (const b of await batchGetBookings([...bookingIds])) if (slotIds.includes(b.slotId)) bookings.set(b.bookingId, b);
  return { sessions, bookings, detaineeGuards, lawyerGuards, pairs, waitGuards, waitlists, waitlistIds };
}

/** Live (status `booked`) bookings of a slot. */
export const liveIn = (snap: Snapshot, slotId: string): Booking[] => [...snap.bookings.values()].filter((b) => b.slotId === slotId && b.status === 'booked');
