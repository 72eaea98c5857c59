// The bar association's licence registry (R1a): who may register, with which name, law firm and
// phone on record, and whether the licence is suspended. Registration is proven against it, so a
// licence number alone (printed on papers, easy to learn) never gives anyone another lawyer's
// bindings. Pure: entries and a registration request in, a verdict out.
import { normalizePhone, type LawyerRole } from './accounts';

export type RegistryStatus = 'practising' | 'suspended';

export interface RegistryEntry {
  licenseNo: string;
  name: string;
  lawFirm: string;
  /** The phone on record, normalized (+86…); registration codes go here, never to a phone the client names. */
  phone: string;
  role: LawyerRole;
  status: RegistryStatus;
}

/** Names compare without spaces (full-width or not): registries and people differ in spacing, not in names. */
const plain = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

export type RegistrationVerdict = 'match' | 'suspended' | 'mismatch';

/**
 * Whether a registration is the registry's lawyer: the licence's entry exists with the same role,
 * name and phone. A suspended licence is told apart only once everything else matched, so the
 * answer to a stranger guessing is always the same `mismatch`.
 */
export function registrationVerdict(entry: RegistryEntry | undefined, claim: { name: string; phone: string; role: LawyerRole }): RegistrationVerdict {
  if (!entry) return 'mismatch';
  if (entry.role !== claim.role || plain(entry.name) !== plain(claim.name) || normalizePhone(entry.phone) !== normalizePhone(claim.phone)) return 'mismatch';
  return entry.status === 'suspended' ? 'suspended' : 'match';
}

/** Indexes of entries whose licence appears earlier in the same import (an import is one truth per licence). */
export function duplicateLicenceIndexes(entries: readonly Pick<RegistryEntry, 'licenseNo'>[]): number[] {
  const seen = new Set<string>();
  const dupes: number[] = [];
  entries.forEach((e, i) => {
    if (seen.has(e.licenseNo)) dupes.push(i);
    seen.add(e.licenseNo);
  });
  return dupes;
}
