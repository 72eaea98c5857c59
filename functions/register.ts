// POST /auth/register — a lawyer or intern signs up (R1), proven against the bar association's
// licence registry (R1a): licence, name and phone must match one entry, and the code goes to the
// phone on record, so knowing someone's licence number is not enough to become them. The licence
// and username are then reserved in the platform table (conditional writes decide uniqueness), and
// the identity provider creates the unconfirmed user and texts the code; if it refuses, the
// reservation is undone.
import { admitCodeMessage } from '../shared/adapters/abuse-limits';
import { identity } from '../shared/adapters/identity';
import { noteAudit } from '../shared/audit';
import { releaseLawyerReservation, reserveLawyer } from '../shared/adapters/account-repository';
import { getRegistryEntry } from '../shared/adapters/lawyer-registry';
import { normalizePhone } from '../shared/domain/accounts';
import { registrationVerdict } from '../shared/domain/registry';
import { LicenceSuspended, NotInRegistry } from '../shared/errors';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { created } from '../shared/http/responses';
import { newId } from '../shared/ids';
import { logger } from '../shared/observability';
import { shanghaiIso } from '../shared/time';

export const handler = defineHandler(api.register, async ({ body, now }) => {
  const entry = await getRegistryEntry(body.licenseNo);
  const verdict = registrationVerdict(entry, body);
  if (!entry || verdict === 'mismatch') throw new NotInRegistry();
  if (verdict === 'suspended') throw new LicenceSuspended();
  const userId = newId('lw');
  // The registry's name, phone and firm, not the client's spelling of them.
  const phone = normalizePhone(entry.phone);
  const profile = {
    userId,
    username: body.username,
    role: body.role,
    status: 'unconfirmed' as const,
    createdAt: shanghaiIso(now),
    name: entry.name,
    phone,
    email: body.email,
    licenseNo: body.licenseNo,
    lawFirm: entry.lawFirm,
    violationCount: 0,
    lockedUntil: null,
  };
  noteAudit({ target: profile.userId, after: { role: body.role, licenseNo: body.licenseNo, status: 'unconfirmed' } });
  await reserveLawyer(profile, now);
  try {
    // B11: at most 5 SMS codes per phone and hour; a 429 here releases the reservation below.
    await admitCodeMessage({ phone, userId, purpose: 'signup' }, now);
    await identity().signUp({
      username: body.username,
      password: body.password,
      phone,
      email: body.email,
    });
  } catch (e) {
    await releaseLawyerReservation(profile);
    throw e;
  }
  logger.info('lawyer registered', { userId, role: body.role });
  return created({ lawyerId: userId, status: 'unconfirmed' });
});
