// The account use cases' ports (shared/use-cases/ports/accounts.ts) as the platform implements them:
// DynamoDB for the records and limits; the identity provider in use is shared/adapters/identity.ts.
// One object per port, so a handler's bundle carries only the stores its use case names.
import type { AccountStore, BindingStore, CodeLimits, LicenceRegistry } from '../use-cases/ports/accounts';
import { admitCodeMessage, claimCodeAttempt } from './abuse-limits';
import {
  confirmAccount,
  createStaffAccount,
  deleteStaffAccount,
  findLawyerIdByLicense,
  findUserByUsername,
  getUser,
  ownsRegistration,
  releaseLawyerReservation,
  reserveLawyer,
  setNotifyBy,
} from './account-repository';
import { createBinding } from './binding-repository';
import { getRegistryEntry } from './lawyer-registry';

export const accountStore: AccountStore = {
  reserveLawyer,
  releaseLawyerReservation,
  ownsRegistration,
  confirmAccount,
  createStaffAccount,
  deleteStaffAccount,
  getUser,
  findUserByUsername,
  findLawyerIdByLicense,
  setNotifyBy,
};

export const licenceRegistry: LicenceRegistry = { find: getRegistryEntry };

export const codeLimits: CodeLimits = { admitCodeMessage, claimCodeAttempt };

export const bindingStore: BindingStore = { createBinding };
