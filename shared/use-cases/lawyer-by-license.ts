// People named by what the lead knows (issue 18): a co-counsel or intern is named on a booking by
// their licence (执业证号) or intern certificate number, not by the platform's internal account id.
// Each number is resolved to the confirmed account registered with it; a number nobody registered
// with is refused in plain Chinese, saying whether the bar association's registry knows it at all
// (so the lead can tell a typo from a colleague who has not signed up yet).
import { findLawyerIdByLicense } from '../adapters/account-repository';
import { getRegistryEntry } from '../adapters/lawyer-registry';
import { ValidationFailed } from '../errors';

export interface LicenseLookup {
  accountOf: (licenseNo: string) => Promise<string | null>;
  inRegistry: (licenseNo: string) => Promise<boolean>;
}

const dynamoLookup: LicenseLookup = {
  accountOf: findLawyerIdByLicense,
  inRegistry: async (licenseNo) => (await getRegistryEntry(licenseNo)) !== undefined,
};

/** The account ids of `licenseNos` (same order), or a 400 naming the first number not registered. */
export async function lawyerIdsByLicense(licenseNos: readonly string[], what: string, lookup: LicenseLookup = dynamoLookup): Promise<string[]> {
  const ids = await Promise.all(licenseNos.map((no) => lookup.accountOf(no)));
  const missing = licenseNos.filter((_, i) => ids[i] === null);
  if (missing.length) {
    const known = await lookup.inRegistry(missing[0]);
    throw new ValidationFailed(
      known ? `${what}证号 ${missing[0]} 的持有人尚未在本平台注册账号，请对方先注册并确认后再列明` : `${what}证号 ${missing[0]} 不在律师协会登记中，也未在本平台注册，请核对证号`,
    );
  }
  return ids as string[];
}

/** The ids named either way (ids first, then the resolved licences), each once. */
export async function namedIds(ids: readonly string[] | undefined, licenseNos: readonly string[] | undefined, what: string, lookup?: LicenseLookup): Promise<string[]> {
  const resolved = licenseNos?.length ? await lawyerIdsByLicense(licenseNos, what, lookup) : [];
  return [...new Set([...(ids ?? []), ...resolved])];
}
