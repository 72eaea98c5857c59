// POST /waitlist and DELETE /waitlist/{id} (B3): queue for a full session; cancellations promote
// the first waiting lawyer whose conditions still hold (shared/use-cases/cancel-booking.ts).
import { NotFound, InternMustBeAccompanied, SlotUnavailable, CenterNotOnline } from '../errors';
import { resolveSlot, slotUnavailableReason } from '../domain/sessions';
import { workCalendar } from '../work-calendar';
import { platformTableName } from '../adapters/dynamo';
import { loadParties } from '../adapters/lawyer-directory';
import { addToWaitlist, getWaitlistEntry, positionOf, removeFromWaitlist } from '../adapters/waitlist-repository';
import { servedCenter, tableOfId } from '../centers';
import { newDistrictId, ulid } from '../ids';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import { noteAudit } from '../audit';

export async function joinWaitlist(principal: Principal, request: { centerId: string; detaineeId: string; slotId: string }, now: Date) {
  if (principal.role !== 'lawyer') throw new InternMustBeAccompanied();
  const { center, table } = servedCenter(request.centerId);
  if (!center.onlineBooking) throw new CenterNotOnline(center.name);
  const slot = resolveSlot(center, request.slotId);
  if (!slot) throw new SlotUnavailable('该看守所没有这个时段');
  const unavailable = slotUnavailableReason(center, workCalendar(), slot, now);
  if (unavailable) throw new SlotUnavailable(unavailable);
  const lawyer = (await loadParties([principal.userId])).get(principal.userId)!;

  const entry = {
    waitlistId: newDistrictId('wl', center.districtId),
    centerId: center.centerId,
    slotId: slot.slotId,
    detaineeId: request.detaineeId,
    lawyerId: principal.userId,
    licenseNo: lawyer.licenseNo,
    createdAt: shanghaiIso(now),
    sortKey: ulid(),
  };
  noteAudit({ centerId: center.centerId, target: entry.waitlistId, after: { slotId: slot.slotId, detaineeId: request.detaineeId } });
  await addToWaitlist({ district: table, platform: platformTableName() }, entry, center.placesPerSession, shanghaiIso(now));
  return { waitlistId: entry.waitlistId, position: await positionOf(table, entry) };
}

export async function leaveWaitlist(principal: Principal, waitlistId: string) {
  const table = tableOfId(waitlistId, 'wl', '候补记录');
  const entry = await getWaitlistEntry(table, waitlistId);
  if (!entry || entry.lawyerId !== principal.userId) throw new NotFound('候补记录不存在');
  noteAudit({ centerId: entry.centerId, target: waitlistId, before: { slotId: entry.slotId }, after: { status: 'removed' } });
  await removeFromWaitlist(table, entry);
  return { waitlistId, status: 'removed' as const };
}
