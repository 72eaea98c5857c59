// What the front desk looks up (SPEC 7.2): a detainee by any part of the name, one detainee with
// the lawyers bound to them and what is arranged, and which rooms a session still has free. Staff
// of the center only (the route's scope is checked before validation, B13). Every read goes
// through a key or an index (shared/adapters/detainee-index.ts), never a scan.
import { batchGetAll, itemKey } from '../adapters/batch-read';
import { textOf } from '../adapters/people-directory';
import { getDetainee } from '../adapters/custody-repository';
import { listDetaineeBindings } from '../adapters/binding-repository';
import { firstMatch, normalizeName } from '../adapters/detainee-index';
import { detaineeSlotKey, detaineeKey, detaineeListPartition, detaineeStatusPartition, nameSearchPartition, slotIdOfGuard } from '../adapters/district-keys';
import { profileKey, licenseKey } from '../adapters/platform-keys';
import { platformTableName, queryAll } from '../adapters/dynamo';
import { readPage, type PageQuery, type PageSource } from '../adapters/paging';
import { staffCenter } from '../centers';
import { resolveSlot } from '../domain/sessions';
import { NotFound, SlotUnavailable } from '../errors';
import type { Principal } from '../principal';
import { shanghaiDate, shanghaiIso } from '../time';
import { heldRooms } from '../adapters/interrogation-repository';
import { type Detainee } from '../domain/custody';

type Item = Record<string, unknown>;
/** `released` is everyone who left the center's custody: released or transferred. */
export type DetaineeFilter = 'active' | 'released' | 'all';

const matchesFilter = (status: unknown, filter: DetaineeFilter) => filter === 'all' || (filter === 'active' ? status === 'active' : status !== 'active');

function detaineeView(d: Item) {
  return {
    detaineeId: String(d.detaineeId),
    name: String(d.name),
    sex: d.sex as 'M' | 'F',
    status: d.status as Detainee['status'],
    caseUnit: typeof d.caseUnit === 'string' ? d.caseUnit : null,
  };
}

/**
 * GET /centers/{c}/detainees: without `q`, the list by name (GSI2 per status group, GSI1 for all);
 * with `q`, the name-suffix items beginning with it, each read back (one BatchGet per read) for its
 * current status and fields.
 */
export async function findDetainees(principal: Principal, centerId: string, query: PageQuery & { q?: string; status: DetaineeFilter }) {
  const { table } = staffCenter(principal, centerId);
  const q = query.q === undefined ? undefined : normalizeName(query.q);
  let source: PageSource<Item>;
  if (!q) {
    const index = query.status === 'all' ? 'GSI1' : 'GSI2';
    const pk = query.status === 'all' ? detaineeListPartition(centerId) : detaineeStatusPartition(centerId, query.status === 'active' ? 'active' : 'released');
    source = {
      id: 'list',
      query: { TableName: table, IndexName: index, KeyConditionExpression: `${index}PK = :pk`, ExpressionAttributeValues: { ':pk': pk } },
      keyAttributes: ['PK', 'SK', `${index}PK`, `${index}SK`],
    };
  } else {
    source = {
      id: 'name',
      query: {
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :q)',
        ExpressionAttributeValues: { ':pk': nameSearchPartition(centerId, q), ':q': q },
      },
      keyAttributes: ['PK', 'SK'],
      select: async (matches) => {
        const first = matches.map((m) => (firstMatch(m, q) ? String(m.detaineeId) : undefined));
        const found = await batchGetAll(table, first.filter((id): id is string => id !== undefined).map(detaineeKey));
        return first.map((id) => {
          const d = id === undefined ? undefined : found.get(itemKey(detaineeKey(id)));
          return d && d.centerId === centerId && matchesFilter(d.status, query.status) ? d : undefined;
        });
      },
    };
  }
  const page = await readPage({
    list: `GET /centers/{centerId}/detainees|${centerId}|${query.status}|${q ?? ''}`,
    sources: [source],
    limit: query.limit,
    cursor: query.cursor,
  });
  return { detainees: page.items.map(detaineeView), nextCursor: page.nextCursor };
}

/**
 * GET /centers/{c}/detainee-search?name=: the same name look-up for an investigator of the center,
 * answering id, name and status only (B9: nothing of the lawyers or the case).
 */
export async function searchDetaineesByName(principal: Principal, centerId: string, query: PageQuery & { name: string; status: DetaineeFilter }) {
  const found = await findDetainees(principal, centerId, { q: query.name, status: query.status, limit: query.limit, cursor: query.cursor });
  return { detainees: found.detainees.map(({ detaineeId, name, status }) => ({ detaineeId, name, status })), nextCursor: found.nextCursor };
}

/** The registered account of each licence (platform licence index) and its name, in two batched reads. */
async function accountsOf(licenseNos: string[]): Promise<Map<string, { lawyerId: string; name: string }>> {
  const platform = platformTableName();
  const index = await batchGetAll(platform, licenseNos.map(licenseKey));
  const owners = new Map<string, string>();
  for (const licenseNo of licenseNos) {
    const entry = index.get(itemKey(licenseKey(licenseNo)));
    if (entry?.status === 'confirmed' && typeof entry.userId === 'string') owners.set(licenseNo, entry.userId);
  }
  const profiles = await batchGetAll(platform, [...owners.values()].map(profileKey));
  return new Map([...owners].map(([licenseNo, lawyerId]) => [licenseNo, { lawyerId, name: textOf(profiles.get(itemKey(profileKey(lawyerId)))?.name) }]));
}

/**
 * GET /centers/{c}/detainees/{d}: the detainee, every binding (with the account it attached to) and
 * the appointments not yet over — meetings and interrogations, from the per-slot guards.
 */
export async function detaineeDetail(principal: Principal, centerId: string, detaineeId: string, now: Date) {
  const { center, table } = staffCenter(principal, centerId);
  const [detainee, bindings, guards] = await Promise.all([
    getDetainee(table, centerId, detaineeId),
    listDetaineeBindings(table, detaineeId),
    queryAll<{ SK: string; kind?: string; centerId?: string }>({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': detaineeSlotKey(detaineeId, '').PK,
        ':from': detaineeSlotKey(detaineeId, shanghaiDate(now)).SK,
        ':to': detaineeSlotKey(detaineeId, '~').SK,
      },
      ConsistentRead: true,
    }),
  ]);
  if (!detainee) throw new NotFound('在押人员不存在');
  const accounts = await accountsOf([...new Set(bindings.map((b) => b.licenseNo))]);
  const upcoming = guards
    .filter((g) => g.centerId === undefined || g.centerId === centerId)
    .map((g) => ({ guard: g, slot: resolveSlot(center, slotIdOfGuard(g.SK)) }))
    .filter(({ slot }) => slot !== undefined && slot.end.getTime() > now.getTime())
    .map(({ guard, slot }) => ({
      slotId: slot!.slotId,
      kind: guard.kind === 'interrogation' ? ('interrogation' as const) : ('lawyer-meeting' as const),
      date: slot!.date,
      start: shanghaiIso(slot!.start),
    }));
  return {
    ...detaineeView(detainee as unknown as Item),
    createdAt: detainee.createdAt,
    releasedAt: detainee.releasedAt ?? null,
    bindings: bindings.map((b) => {
      const account = accounts.get(b.licenseNo);
      return {
        bindingId: b.bindingId,
        licenseNo: b.licenseNo,
        lawyerId: account?.lawyerId ?? null,
        lawyerName: account?.name ?? null,
        status: b.status,
        verification: b.verification,
        createdAt: b.createdAt,
      };
    }),
    upcoming,
    unavailableSlotIds: [...((detainee as { unavailableSlots?: Set<string> }).unavailableSlots ?? [])].filter((slotId) => slotId >= shanghaiDate(now)).sort(),
  };
}

/** GET /centers/{c}/rooms?slotId=: every room of the center (config order) and whether the session holds it. */
export async function roomsOf(principal: Principal, centerId: string, slotId: string) {
  const { center, table } = staffCenter(principal, centerId);
  const slot = resolveSlot(center, slotId);
  if (!slot) throw new SlotUnavailable(`${center.name}没有时段 ${slotId}（时段编号形如 2026-12-02.AM，取自 GET /centers/${centerId}/slots）`);
  const held = await heldRooms(table, centerId, slot.slotId);
  const rooms = (['meeting', 'interrogation'] as const).flatMap((roomType) => center.rooms[roomType].map((roomNo) => ({ roomNo, roomType, free: !held.has(roomNo) })));
  return { slotId: slot.slotId, rooms };
}
