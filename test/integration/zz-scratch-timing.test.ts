process.env.BOOKING_ATTEMPTS_PER_MINUTE = '100000';
import { createWorld } from './support/booking-world';
import { bookSlot, readSession } from '../../shared/use-cases/book-slot';
import { cancelBooking } from '../../shared/use-cases/cancel-booking';
import { joinWaitlist } from '../../shared/use-cases/waitlist';
import { waitingFor } from '../../shared/adapters/waitlist-repository';
import { districtTableOf } from './support/fixtures';
import { AppError } from '../../shared/errors';
jest.setTimeout(300000);
it('join racing a cancellation', async () => {
  const now = new Date('2027-08-02T07:00:00+08:00');
  const T = districtTableOf('minhang');
  const w = await createWorld(7, 7, now);
  const slots = ['02', '03', '04', '05', '06', '09'].flatMap((d) => [`2027-08-${d}.AM`, `2027-08-${d}.PM`]);
  const tally: Record<string, number> = {};
  for (const [k, slotId] of slots.entries()) {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await bookSlot(w.lawyers[i].principal, { centerId: 'minhang-kss', detaineeId: w.detaineeIds[(i + k) % 7], slotId }, `f-${slotId}-${i}-${Date.now()}`, now)).view.bookingId);
    const [j, c] = await Promise.all([
      new Promise((r) => setTimeout(r, (k % 12) * 4)).then(() => joinWaitlist(w.lawyers[6].principal, { centerId: 'minhang-kss', detaineeId: w.detaineeIds[(6 + k) % 7], slotId }, now)).then(() => 'joined', (e) => (e as AppError).code),
      cancelBooking(w.lawyers[0].principal, ids[0], `c-${slotId}-${Date.now()}`, now).then((r) => (r.promotedWaitlistId ? 'promoted' : 'not promoted'), (e) => (e as AppError).code),
    ]);
    const s = await readSession(T, 'minhang-kss', slotId);
    const waiting = (await waitingFor(T, 'minhang-kss', slotId)).length;
    const key = `${j} / ${c} → booked ${s.booked}, waiting ${waiting}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  console.log(tally);
});
