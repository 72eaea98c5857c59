// A lawyer or intern signs up (R1) and confirms with the SMS code. Sign-up is proven against the bar
// association's licence registry (R1a): licence, name and phone must match one entry, and the code
// goes to the phone on record, so knowing someone's licence number is not enough to become them. The
// licence and username are then reserved in the platform table (conditional writes decide
// uniqueness), and the identity provider creates the unconfirmed user and texts the code; if it
// refuses, the reservation is undone. Confirming sets the trusted claims and the role group (by the
// server, never by the client at sign-up), then marks the profile confirmed; each step is safe to
// repeat if an earlier call stopped half-way.
import { accountStore, codeLimits, licenceRegistry } from '../adapters/account-ports';
import { identity } from '../adapters/identity';
import { noteAudit } from '../audit';
import { SIGNUP_CODE_VOID } from '../domain/abuse-limits';
import { normalizePhone, type LawyerRole } from '../domain/accounts';
import { registrationVerdict } from '../domain/registry';
import { InvalidState, LicenceSuspended, NotFound, NotInRegistry } from '../errors';
import { newId } from '../ids';
import { logger } from '../observability';
import { shanghaiIso } from '../time';
import type { AccountPorts } from './ports/accounts';

export interface RegistrationRequest {
  username: string;
  password: string;
  name: string;
  phone: string;
  email?: string;
  licenseNo: string;
  role: LawyerRole;
}

/** POST /auth/register */
export async function registerLawyer(
  request: RegistrationRequest,
  now: Date,
  ports: Pick<AccountPorts, 'accounts' | 'registry' | 'codes' | 'identity'> = { accounts: accountStore, registry: licenceRegistry, codes: codeLimits, identity },
): Promise<{ lawyerId: string; status: 'unconfirmed' }> {
  const entry = await ports.registry.find(request.licenseNo);
  const verdict = registrationVerdict(entry, request);
  if (!entry || verdict === 'mismatch') throw new NotInRegistry();
  if (verdict === 'suspended') throw new LicenceSuspended();
  const userId = newId('lw');
  // The registry's name, phone and firm, not the client's spelling of them.
  const phone = normalizePhone(entry.phone);
  const profile = {
    userId,
    username: request.username,
    role: request.role,
    status: 'unconfirmed' as const,
    createdAt: shanghaiIso(now),
    name: entry.name,
    phone,
    email: request.email,
    licenseNo: request.licenseNo,
    lawFirm: entry.lawFirm,
    violationCount: 0,
    lockedUntil: null,
  };
  noteAudit({ target: profile.userId, after: { role: request.role, licenseNo: request.licenseNo, status: 'unconfirmed' } });
  await ports.accounts.reserveLawyer(profile, now);
  try {
    // B11: at most 5 SMS codes per phone and hour; a 429 here releases the reservation below.
    await ports.codes.admitCodeMessage({ phone, userId, purpose: 'signup' }, now);
    await ports.identity().signUp({ username: request.username, password: request.password, phone, email: request.email });
  } catch (e) {
    await ports.accounts.releaseLawyerReservation(profile);
    throw e;
  }
  logger.info('lawyer registered', { userId, role: request.role });
  return { lawyerId: userId, status: 'unconfirmed' };
}

/** POST /auth/confirm */
export async function confirmRegistration(
  request: { username: string; code: string },
  now: Date,
  ports: Pick<AccountPorts, 'accounts' | 'codes' | 'identity'> = { accounts: accountStore, codes: codeLimits, identity },
): Promise<{ status: 'confirmed' }> {
  const profile = await ports.accounts.findUserByUsername(request.username);
  if (!profile || (profile.role !== 'lawyer' && profile.role !== 'intern')) throw new NotFound('注册信息不存在');
  if (profile.status === 'confirmed') throw new InvalidState('账号已确认，无需重复确认');
  // Defence in depth: the hold outlasts the code, but never confirm a registration someone took over.
  if (!(await ports.accounts.ownsRegistration(profile))) throw new InvalidState('该注册已失效，请重新注册');
  // B11: five tries per code, counted before the provider sees the code; then it is void.
  await ports.codes.claimCodeAttempt({ userId: profile.userId, purpose: 'signup', mustBeIssued: false, voidMessage: SIGNUP_CODE_VOID }, now);
  const provider = ports.identity();
  try {
    await provider.confirmSignUp(request.username, request.code);
  } catch (e) {
    // Confirmed at the provider but not here: an earlier call stopped half-way; finish it.
    if (!(e instanceof InvalidState)) throw e;
  }
  // The trusted claims are set by us, from the profile we reserved, not by the client at sign-up.
  await provider.setAttributes(request.username, { userId: profile.userId, licenseNo: profile.licenseNo ?? '' });
  await provider.addToGroup(request.username, profile.role);
  noteAudit({ target: profile.userId, before: { status: 'unconfirmed' }, after: { status: 'confirmed' } });
  await ports.accounts.confirmAccount(profile);
  logger.info('registration confirmed', { userId: profile.userId });
  return { status: 'confirmed' };
}
