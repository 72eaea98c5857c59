// Checks that a district table is consistent with itself: the step of docs/runbook-restore.md that
// says whether a restored table (PITR or on-demand backup) can be served. Read-only: one paged,
// strongly consistent Scan of the whole table, nothing written. It recomputes what the write paths
// keep in step inside their transactions and reports each item where they disagree:
//  - every session's `booked` against the bookings of that session that still hold a place (every
//    status but cancelled / cancelled_by_center); and, when the record has them, `admitted` against
//    those bookings plus the entries of its `holds` map;
//  - the queue numbers of a session (bookings of every status and interrogations, which take numbers
//    from the same counter) against 1..lastQueue: each taken exactly once;
//  - every booking of a session is on its roster (`bookingIds`, or the legacy `ROSTER#` items);
//  - slot guards against appointments: every detainee and lawyer slot guard points at a live booking
//    (or interrogation) of that detainee / lawyer and slot, and every live one has its guards;
//  - bindings against detainees: every binding names an existing detainee, an active binding has its
//    guard, every guard and every detainee's binding pointer names a binding that matches.
//
//   npm run verify:data -- --table <name> [--endpoint <url>] [--region <region>] [--json]
//
// Exit code 0: no problem found; 1: problems found (each printed); 2: bad arguments or a failed scan.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  BINDING_GUARD_PREFIX,
  BINDING_PREFIX,
  bindingGuardKey,
  bindingKey,
  bookingKey,
  DETAINEE_PREFIX,
  DETAINEE_SLOT_PREFIX,
  detaineeKey,
  detaineeSlotKey,
  interrogationKey,
  lawyerPartition,
  lawyerSlotKey,
  rosterKey,
  sessionKey,
} from '../shared/adapters/district-keys';

export type ProblemKind =
  | 'session-count'
  | 'session-admitted'
  | 'queue-gap'
  | 'queue-duplicate'
  | 'queue-out-of-range'
  | 'roster-missing-booking'
  | 'guard-orphan'
  | 'booking-missing-guard'
  | 'binding-missing-detainee'
  | 'binding-missing-guard'
  | 'binding-guard-orphan'
  | 'binding-pointer-orphan';

export interface Problem {
  kind: ProblemKind;
  /** The item the problem is reported on. */
  PK: string;
  SK: string;
  message: string;
}

export interface VerifyReport {
  table: string;
  /** Items read, and of each kind checked. */
  scanned: number;
  counted: { sessions: number; bookings: number; interrogations: number; slotGuards: number; detainees: number; bindings: number; bindingGuards: number };
  problems: Problem[];
}

type Item = Record<string, unknown>;

/** Statuses of a booking that gave its place back and its guards up (shared/use-cases/cancel-booking.ts). */
const RELEASED = new Set(['cancelled', 'cancelled_by_center']);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// Key parts, from the one module that builds district keys.
const SESSION_PK = sessionKey('', '').PK;
const BOOKING = bookingKey('');
const INTERROGATION = interrogationKey('');
const DETAINEE_PROFILE_SK = detaineeKey('').SK;
const BINDING = bindingKey('');
const LAWYER_PK = lawyerPartition('');
const ROSTER_PK = rosterKey('', '', '').PK;

/** Every item of the table, page by page (strongly consistent). */
export async function scanAll(client: DynamoDBDocumentClient, table: string, onPage?: (items: Item[]) => void): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    onPage?.(page.Items ?? []);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

interface Appointment {
  kind: 'booking' | 'interrogation';
  id: string;
  item: Item;
  centerId: string;
  slotId: string;
  detaineeId: string;
  queueNumber: number;
  live: boolean;
}

const sessionId = (centerId: string, slotId: string) => `${centerId}|${slotId}`;

/** Checks one table's items (as scanAll returns them); pure, so tests can hand it any set. */
export function verifyItems(table: string, items: Item[]): VerifyReport {
  const problems: Problem[] = [];
  const report = (kind: ProblemKind, at: Record<string, string>, message: string) => problems.push({ kind, PK: at.PK, SK: at.SK, message });

  const sessions = new Map<string, Item>();
  const legacyRoster = new Map<string, Set<string>>();
  const bookings = new Map<string, Item>();
  const interrogations = new Map<string, Item>();
  const detainees = new Set<string>();
  const detaineeGuards: Item[] = [];
  const lawyerGuards: Item[] = [];
  const bindings = new Map<string, Item>();
  const bindingGuards: Item[] = [];
  const bindingPointers: Item[] = [];

  for (const item of items) {
    const PK = str(item.PK);
    const SK = str(item.SK);
    if (PK.startsWith(SESSION_PK)) sessions.set(sessionId(PK.slice(SESSION_PK.length), SK), item);
    else if (PK.startsWith(ROSTER_PK)) {
      // `ROSTER#<centerId>#<slotId>`: center ids never contain '#'.
      const rest = PK.slice(ROSTER_PK.length);
      const cut = rest.indexOf('#');
      const id = sessionId(rest.slice(0, cut), rest.slice(cut + 1));
      legacyRoster.set(id, (legacyRoster.get(id) ?? new Set()).add(SK));
    } else if (PK.startsWith(BOOKING.PK) && SK === BOOKING.SK) bookings.set(PK.slice(BOOKING.PK.length), item);
    else if (PK.startsWith(INTERROGATION.PK) && SK === INTERROGATION.SK) interrogations.set(PK.slice(INTERROGATION.PK.length), item);
    else if (PK.startsWith(BINDING_PREFIX) && SK === BINDING.SK) bindings.set(PK.slice(BINDING_PREFIX.length), item);
    else if (PK.startsWith(DETAINEE_PREFIX)) {
      if (SK === DETAINEE_PROFILE_SK) detainees.add(PK.slice(DETAINEE_PREFIX.length));
      else if (SK.startsWith(DETAINEE_SLOT_PREFIX)) detaineeGuards.push(item);
      else if (SK.startsWith(BINDING_GUARD_PREFIX)) bindingGuards.push(item);
      else if (SK.startsWith(BINDING_PREFIX)) bindingPointers.push(item);
    } else if (PK.startsWith(LAWYER_PK) && SK.startsWith(DETAINEE_SLOT_PREFIX)) lawyerGuards.push(item);
  }

  // ---- appointments by session ----
  const appointments: Appointment[] = [
    ...[...bookings].map(([id, item]) => ({ kind: 'booking' as const, id, item })),
    ...[...interrogations].map(([id, item]) => ({ kind: 'interrogation' as const, id, item })),
  ].map(({ kind, id, item }) => ({
    kind,
    id,
    item,
    centerId: str(item.centerId),
    slotId: str(item.slotId),
    detaineeId: str(item.detaineeId),
    queueNumber: Number(item.queueNumber),
    live: !RELEASED.has(str(item.status)),
  }));
  const bySession = new Map<string, Appointment[]>();
  for (const a of appointments) {
    const id = sessionId(a.centerId, a.slotId);
    bySession.set(id, [...(bySession.get(id) ?? []), a]);
  }

  // ---- sessions: places, queue numbers, roster ----
  for (const id of new Set([...sessions.keys(), ...bySession.keys()])) {
    const [centerId, slotId] = id.split('|');
    const at = sessionKey(centerId, slotId);
    const record = sessions.get(id);
    const inSession = bySession.get(id) ?? [];
    const liveBookings = inSession.filter((a) => a.kind === 'booking' && a.live).length;
    const booked = Number(record?.booked ?? 0);
    if (booked !== liveBookings) {
      report('session-count', at, `${record ? `booked = ${booked}` : 'no session record'} but ${liveBookings} booking(s) of the session hold a place`);
    }
    if (record && typeof record.admitted === 'number') {
      const holds = record.holds && typeof record.holds === 'object' ? Object.keys(record.holds).length : 0;
      if (record.admitted !== liveBookings + holds) report('session-admitted', at, `admitted = ${record.admitted} but ${liveBookings} booking(s) + ${holds} hold(s)`);
    }
    const lastQueue = Number(record?.lastQueue ?? 0);
    const taken = new Map<number, Appointment[]>();
    for (const a of inSession) taken.set(a.queueNumber, [...(taken.get(a.queueNumber) ?? []), a]);
    for (const [n, holders] of [...taken].sort(([x], [y]) => x - y)) {
      const names = holders.map((h) => `${h.kind} ${h.id}`).join(', ');
      if (!Number.isInteger(n) || n < 1 || n > lastQueue) report('queue-out-of-range', at, `queue number ${n} (${names}) is outside 1..${lastQueue} (lastQueue)`);
      else if (holders.length > 1) report('queue-duplicate', at, `queue number ${n} is held by ${holders.length}: ${names}`);
    }
    const missing: number[] = [];
    for (let n = 1; n <= lastQueue; n++) if (!taken.has(n)) missing.push(n);
    if (missing.length) report('queue-gap', at, `queue number(s) ${missing.join(', ')} of 1..${lastQueue} belong to no booking or interrogation`);
    const roster = new Set([...((record?.bookingIds as Set<string> | undefined) ?? []), ...(legacyRoster.get(id) ?? [])]);
    for (const a of inSession)
      if (a.kind === 'booking' && !roster.has(a.id))
        report('roster-missing-booking', bookingKey(a.id), `booking ${a.id} is not on the roster of session ${slotId} of ${centerId} (a closure would miss it)`);
  }

  // ---- slot guards <-> appointments ----
  const guarded = new Set<string>();
  for (const guard of detaineeGuards) {
    const detaineeId = str(guard.PK).slice(DETAINEE_PREFIX.length);
    const slotId = str(guard.SK).slice(DETAINEE_SLOT_PREFIX.length);
    const at = { PK: str(guard.PK), SK: str(guard.SK) };
    const kind = guard.interrogationId ? 'interrogation' : 'booking';
    const holderId = str(guard.interrogationId ?? guard.bookingId);
    const holder = (kind === 'booking' ? bookings : interrogations).get(holderId);
    if (!holder) report('guard-orphan', at, `detainee slot guard points at ${kind} ${holderId || '(none)'}, which does not exist`);
    else if (RELEASED.has(str(holder.status))) report('guard-orphan', at, `detainee slot guard points at ${kind} ${holderId}, which is ${str(holder.status)}`);
    else if (holder.detaineeId !== detaineeId || holder.slotId !== slotId)
      report('guard-orphan', at, `detainee slot guard points at ${kind} ${holderId}, which is for ${str(holder.detaineeId)} in ${str(holder.slotId)}`);
    else guarded.add(`${kind}|${holderId}|detainee`);
  }
  for (const guard of lawyerGuards) {
    const lawyerId = str(guard.PK).slice(LAWYER_PK.length);
    const rest = str(guard.SK).slice(DETAINEE_SLOT_PREFIX.length);
    const cut = rest.indexOf('#');
    const [centerId, slotId] = [rest.slice(0, cut), rest.slice(cut + 1)];
    const at = { PK: str(guard.PK), SK: str(guard.SK) };
    const bookingId = str(guard.bookingId);
    const booking = bookings.get(bookingId);
    if (!booking) report('guard-orphan', at, `lawyer slot guard points at booking ${bookingId || '(none)'}, which does not exist`);
    else if (RELEASED.has(str(booking.status))) report('guard-orphan', at, `lawyer slot guard points at booking ${bookingId}, which is ${str(booking.status)}`);
    else if (booking.centerId !== centerId || booking.slotId !== slotId || !((booking.lawyerIds as string[] | undefined) ?? []).includes(lawyerId)) {
      report('guard-orphan', at, `lawyer slot guard points at booking ${bookingId}, which does not name lawyer ${lawyerId} in ${slotId} of ${centerId}`);
    } else guarded.add(`booking|${bookingId}|${lawyerId}`);
  }
  for (const a of appointments.filter((x) => x.live)) {
    const at = a.kind === 'booking' ? bookingKey(a.id) : interrogationKey(a.id);
    if (!guarded.has(`${a.kind}|${a.id}|detainee`)) {
      const key = detaineeSlotKey(a.detaineeId, a.slotId);
      report('booking-missing-guard', at, `live ${a.kind} ${a.id} has no detainee slot guard (${key.PK} / ${key.SK})`);
    }
    if (a.kind !== 'booking') continue;
    for (const lawyerId of (a.item.lawyerIds as string[] | undefined) ?? []) {
      if (guarded.has(`booking|${a.id}|${lawyerId}`)) continue;
      const key = lawyerSlotKey(lawyerId, a.centerId, a.slotId);
      report('booking-missing-guard', at, `live booking ${a.id} has no slot guard of lawyer ${lawyerId} (${key.PK} / ${key.SK})`);
    }
  }

  // ---- bindings <-> detainees ----
  const guardOf = new Map<string, Item>();
  for (const guard of bindingGuards) guardOf.set(`${str(guard.PK)}|${str(guard.SK)}`, guard);
  for (const [bindingId, binding] of bindings) {
    const at = bindingKey(bindingId);
    const detaineeId = str(binding.detaineeId);
    if (!detainees.has(detaineeId)) report('binding-missing-detainee', at, `binding ${bindingId} names detainee ${detaineeId || '(none)'}, who has no record`);
    if (binding.status !== 'active') continue;
    const key = bindingGuardKey(detaineeId, str(binding.licenseNo));
    const guard = guardOf.get(`${key.PK}|${key.SK}`);
    if (!guard || guard.bindingId !== bindingId)
      report('binding-missing-guard', at, `active binding ${bindingId} has no guard ${key.PK} / ${key.SK}${guard ? ` (the guard names ${str(guard.bindingId)})` : ''}`);
  }
  for (const guard of bindingGuards) {
    const at = { PK: str(guard.PK), SK: str(guard.SK) };
    const bindingId = str(guard.bindingId);
    const binding = bindings.get(bindingId);
    const detaineeId = at.PK.slice(DETAINEE_PREFIX.length);
    const licenseNo = at.SK.slice(BINDING_GUARD_PREFIX.length);
    if (!binding) report('binding-guard-orphan', at, `binding guard points at binding ${bindingId || '(none)'}, which does not exist`);
    else if (binding.status !== 'active') report('binding-guard-orphan', at, `binding guard points at binding ${bindingId}, which is ${str(binding.status)}`);
    else if (binding.detaineeId !== detaineeId || binding.licenseNo !== licenseNo)
      report('binding-guard-orphan', at, `binding guard points at binding ${bindingId}, which binds ${str(binding.licenseNo)} to ${str(binding.detaineeId)}`);
  }
  for (const pointer of bindingPointers) {
    const at = { PK: str(pointer.PK), SK: str(pointer.SK) };
    const bindingId = at.SK.slice(BINDING_PREFIX.length);
    const binding = bindings.get(bindingId);
    const detaineeId = at.PK.slice(DETAINEE_PREFIX.length);
    if (!binding || binding.detaineeId !== detaineeId)
      report('binding-pointer-orphan', at, `the detainee's binding pointer names binding ${bindingId}, which ${binding ? `is of ${str(binding.detaineeId)}` : 'does not exist'}`);
  }

  return {
    table,
    scanned: items.length,
    counted: {
      sessions: sessions.size,
      bookings: bookings.size,
      interrogations: interrogations.size,
      slotGuards: detaineeGuards.length + lawyerGuards.length,
      detainees: detainees.size,
      bindings: bindings.size,
      bindingGuards: bindingGuards.length,
    },
    problems,
  };
}

/** Scans `table` and checks it. */
export async function verifyTable(client: DynamoDBDocumentClient, table: string): Promise<VerifyReport> {
  return verifyItems(table, await scanAll(client, table));
}

export function formatReport(r: VerifyReport): string {
  const c = r.counted;
  const lines = [
    `table ${r.table}: ${r.scanned} items; ${c.sessions} sessions, ${c.bookings} bookings, ${c.interrogations} interrogations, ${c.slotGuards} slot guards, ` +
      `${c.detainees} detainees, ${c.bindings} bindings, ${c.bindingGuards} binding guards`,
    ...r.problems.map((p) => `${p.kind}\t${p.PK} / ${p.SK}\t${p.message}`),
    r.problems.length === 0 ? 'no problem found' : `${r.problems.length} problem(s) found`,
  ];
  return lines.join('\n');
}

interface Args {
  table: string;
  endpoint?: string;
  region?: string;
  json: boolean;
}

export function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--table') args.table = value();
    else if (flag === '--endpoint') args.endpoint = value();
    else if (flag === '--region') args.region = value();
    else if (flag === '--json') args.json = true;
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!args.table) throw new Error('--table <name> is required');
  return args as Args;
}

/** A client for `--endpoint` (DynamoDB Local takes any credentials) or the AWS default chain. */
export function clientFor(args: Pick<Args, 'endpoint' | 'region'>): DynamoDBDocumentClient {
  const local = args.endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE;
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...(args.endpoint ? { endpoint: args.endpoint } : {}),
      ...(args.region || local ? { region: args.region ?? process.env.AWS_REGION ?? 'us-east-1' } : {}),
      ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }),
    { unmarshallOptions: { wrapNumbers: false } },
  );
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\nusage: npm run verify:data -- --table <name> [--endpoint <url>] [--region <region>] [--json]`);
    return 2;
  }
  try {
    const report = await verifyTable(clientFor(args), args.table);
    console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.problems.length === 0 ? 0 : 1;
  } catch (e) {
    console.error(`verify:data: ${(e as Error).name}: ${(e as Error).message}`);
    return 2;
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
