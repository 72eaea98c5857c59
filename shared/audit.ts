// The audit trail's request scope (R14). Every HTTP request and every scheduled run executes inside
// one scope that knows who acts (verified claims or `system`), in which role, what action (the
// route) and when. The transaction writer (shared/adapters/audit-repository.ts) turns the scope into
// exactly one audit record per request, written in the same DynamoDB transaction as the change, so a
// change can never commit without its record and a refused request never leaves one.
import { AsyncLocalStorage } from 'node:async_hooks';

export type AuditValue = string | number | boolean | null | string[] | Record<string, string | number | boolean | null>;

/** What the change was about, beyond the keys it wrote: the use case fills it in. */
export interface AuditFacts {
  /** The center the change belongs to: its audit is read per center (GET /centers/{c}/audit). */
  centerId?: string;
  /** The resource changed, e.g. a booking id. */
  target?: string;
  before?: Record<string, AuditValue>;
  after?: Record<string, AuditValue>;
}

export interface AuditActor {
  actorId: string;
  actorRole: string;
  /** The route key (`POST /bookings`) or the job name (`sweep`). */
  action: string;
  /** Request id: with `at` it names the record, so one request can never write two. */
  requestId: string;
  at: Date;
}

/**
 * `request`: one record for the request, written with its first committed transaction (later
 * transactions of the same request — e.g. the cancellations after a closure — carry none).
 * `job`: one record per committed transaction (each booking a sweep changes has its own).
 */
export type AuditMode = 'request' | 'job';

export interface AuditScope {
  actor: AuditActor;
  mode: AuditMode;
  facts: AuditFacts;
  /** Records written so far in this scope. */
  written: number;
}

const storage = new AsyncLocalStorage<AuditScope>();

export function runAudited<T>(actor: AuditActor, mode: AuditMode, run: () => Promise<T>): Promise<T> {
  return storage.run({ actor, mode, facts: {}, written: 0 }, run);
}

export const currentAuditScope = (): AuditScope | undefined => storage.getStore();

/** Adds what the use case knows about its change to the current request's record. */
export function noteAudit(facts: AuditFacts): void {
  const scope = storage.getStore();
  if (!scope) return;
  scope.facts = {
    ...scope.facts,
    ...facts,
    before: facts.before ? { ...scope.facts.before, ...facts.before } : scope.facts.before,
    after: facts.after ? { ...scope.facts.after, ...facts.after } : scope.facts.after,
  };
}
