// Retention (PIPL Art. 19, 47; docs/data-retention.md): when an item's clock starts and how long it
// is kept then, and how an audit record's personal fields are pseudonymised once it is old enough.
// Pure: the clock, the days and the pseudonym function are passed in. The days come from the
// retention table of config/platform.json (validated in shared/config.ts); DynamoDB TTL deletes an
// item once its `expiresAt` (epoch seconds) is past, the retention job (shared/use-cases/retention.ts)
// does what an item cannot do by itself.

const DAY_SECONDS = 86_400;

/** Epoch seconds `days` days after `start` (an instant or its ISO-8601 text): the item's `expiresAt`. */
export function expiresAfter(start: Date | string, days: number): number {
  const ms = typeof start === 'string' ? Date.parse(start) : start.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(start)}`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`not a number of days: ${days}`);
  return Math.floor(ms / 1000) + days * DAY_SECONDS;
}

/** The instant `days` days before `now`: records changed before it are old enough. */
export const olderThan = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_SECONDS * 1000);

/** Pseudonyms start with this, so a pseudonymised value is recognised and never pseudonymised twice. */
export const PSEUDONYM_PREFIX = 'ps_';

export const isPseudonym = (value: string): boolean => value.startsWith(PSEUDONYM_PREFIX);

/**
 * A pseudonym for `value`: the same value always gets the same pseudonym (records stay linkable
 * among themselves), and without the key (`keyedHash`, an HMAC held apart from the data) it cannot
 * be turned back. Already pseudonymised values and `system` stay as they are.
 */
export function pseudonymise(value: string, keyedHash: (value: string) => string): string {
  if (value === '' || value === 'system' || isPseudonym(value)) return value;
  return `${PSEUDONYM_PREFIX}${keyedHash(value).slice(0, 20)}`;
}

/** Fields of an audit record's before/after that name or reach a person; their values are pseudonymised. */
export const PERSONAL_AUDIT_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'detaineeName',
  'lawyerName',
  'username',
  'phone',
  'email',
  'licenseNo',
  'lawFirm',
  'idNumber',
  'caseUnit',
  'lawyerId',
  'leadLawyerId',
  'detaineeId',
  'userId',
  'cancelledBy',
  'signedBy',
  'assignedBy',
  'lawyerIds',
  'coCounselLawyerIds',
  'internLawyerIds',
  'reason',
  'note',
  'arrivedBy',
]);

/** Key segments after these prefixes name a person (`LAWYER#<id>`, `LICENSE#<no>` …). */
const PERSONAL_KEY_PREFIXES = ['USER', 'LAWYER', 'DETAINEE', 'LICENSE', 'BOUND', 'USERNAME', 'REGISTRY', 'RATE', 'CODE', 'LOGINFAIL', 'IDEMPOTENCY', 'DETNAME'];

/** Ids that name a person wherever they appear: a user or lawyer id (ours, or an identity provider's UUID), a detainee id. */
const PERSONAL_ID = /^(us_|lw_|dt_)|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Plain = string | number | boolean | null | string[] | Record<string, string | number | boolean | null>;

function pseudonymiseValue(value: Plain, hash: (v: string) => string): Plain {
  if (typeof value === 'string') return pseudonymise(value, hash);
  if (Array.isArray(value)) return value.map((v) => pseudonymise(v, hash));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? pseudonymise(v, hash) : v]));
  return value;
}

function pseudonymiseFacts(facts: Record<string, Plain> | null, hash: (v: string) => string): Record<string, Plain> | null {
  if (!facts) return facts;
  return Object.fromEntries(
    Object.entries(facts).map(([k, v]) => [
      k,
      PERSONAL_AUDIT_FIELDS.has(k) ? pseudonymiseValue(v, hash) : typeof v === 'string' && PERSONAL_ID.test(v) ? pseudonymise(v, hash) : v,
    ]),
  );
}

/** `Put LAWYER#lw_1 SLOT#c#d` → `Put LAWYER#ps_… SLOT#c#d`: every key segment that names a person. */
export function pseudonymiseChange(change: string, hash: (v: string) => string): string {
  return change
    .split(' ')
    .map((part) =>
      part
        .split('#')
        .map((segment, i, all) =>
          i > 0 && PERSONAL_KEY_PREFIXES.includes(all[i - 1]) ? pseudonymise(segment, hash) : PERSONAL_ID.test(segment) ? pseudonymise(segment, hash) : segment,
        )
        .join('#'),
    )
    .join(' ');
}

export interface PseudonymisableAudit {
  actorId: string;
  target: string | null;
  before: Record<string, Plain> | null;
  after: Record<string, Plain> | null;
  changes: string[];
}

/**
 * The record with its actor, a person-naming target, the personal fields of before/after and the
 * person-naming key segments of its changes replaced by pseudonyms; what was done, when, by which
 * role and on which booking stays readable (R14). Idempotent: pseudonymising twice changes nothing.
 */
export function pseudonymiseAudit<T extends PseudonymisableAudit>(record: T, hash: (v: string) => string): T {
  return {
    ...record,
    actorId: pseudonymise(record.actorId, hash),
    target: record.target && PERSONAL_ID.test(record.target) ? pseudonymise(record.target, hash) : record.target,
    before: pseudonymiseFacts(record.before, hash),
    after: pseudonymiseFacts(record.after, hash),
    changes: record.changes.map((c) => pseudonymiseChange(c, hash)),
  };
}
