// What the account use cases (registration, staff accounts, preferences, bindings) need from
// storage and the outside world, as they see it. The DynamoDB and Cognito implementations are
// wired in shared/adapters/account-ports.ts; the unit tests drive the use cases through fakes.
import type { CodePurpose } from '../../domain/abuse-limits';
import type { UserProfile } from '../../domain/accounts';
import type { Binding } from '../../domain/custody';
import type { RegistryEntry } from '../../domain/registry';
import type { IdentityProvider } from './identity';

export type NotifyBy = 'sms' | 'email' | 'both';

/** The platform's account records: profile, username and licence index entries. */
export interface AccountStore {
  /** Reserves the profile, username and licence of a registration (AlreadyExists when taken). */
  reserveLawyer(profile: UserProfile & { licenseNo: string }, now: Date): Promise<void>;
  /** Undoes reserveLawyer. */
  releaseLawyerReservation(profile: { userId: string; username: string; licenseNo: string }): Promise<void>;
  /** True while the username and licence entries still belong to this registration (no takeover). */
  ownsRegistration(profile: Pick<UserProfile, 'userId' | 'username' | 'licenseNo'>): Promise<boolean>;
  /** Marks the profile and its index entries confirmed; safe to repeat. */
  confirmAccount(profile: Pick<UserProfile, 'userId' | 'username' | 'licenseNo'> & Partial<Pick<UserProfile, 'role'>>): Promise<void>;
  /** A staff, investigator, committee or admin account (AlreadyExists when the username is taken). */
  createStaffAccount(profile: UserProfile): Promise<void>;
  deleteStaffAccount(profile: Pick<UserProfile, 'userId' | 'username'> & Partial<Pick<UserProfile, 'role' | 'centerIds'>>): Promise<void>;
  getUser(userId: string): Promise<(UserProfile & { notifyBy?: NotifyBy }) | undefined>;
  findUserByUsername(username: string): Promise<UserProfile | undefined>;
  /** The confirmed lawyer holding a licence number, if any. */
  findLawyerIdByLicense(licenseNo: string): Promise<string | null>;
  /** False when the profile is gone or (for e-mail) has no address: nothing was written. */
  setNotifyBy(userId: string, notifyBy: NotifyBy): Promise<boolean>;
}

/** The bar association's licence registry as imported (R1a). */
export interface LicenceRegistry {
  find(licenseNo: string): Promise<RegistryEntry | undefined>;
}

/** The SMS code limits (B11). Both throw 429 RATE_LIMITED (or the void message) when a limit is reached. */
export interface CodeLimits {
  admitCodeMessage(input: { phone: string; userId: string; purpose: CodePurpose }, now: Date): Promise<void>;
  claimCodeAttempt(input: { userId: string; purpose: CodePurpose; mustBeIssued: boolean; voidMessage: string }, now: Date): Promise<void>;
}

/** A district's bindings of licences to detainees (R1). */
export interface BindingStore {
  /** Refuses (contract error) a detainee who is not active at the binding's center. */
  createBinding(table: string, binding: Binding): Promise<void>;
}

export interface AccountPorts {
  accounts: AccountStore;
  registry: LicenceRegistry;
  codes: CodeLimits;
  bindings: BindingStore;
  /** The provider in use, looked up per call (local mode installs its own at start). */
  identity: () => IdentityProvider;
}
