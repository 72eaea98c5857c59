// POST /bookings' retry rules, through a fake of the booking store port: what a lost race costs
// (what is read again, what is not), when the answer comes without a transaction, and when the
// hold on a place (issue 19) is given back.
import './support/unit-env';
import { DetaineeBusy } from '../../shared/errors';
import type { Party, PairState } from '../../shared/domain/booking';
import { EMPTY_SESSION, type SessionState } from '../../shared/domain/sessions';
import type { Principal } from '../../shared/principal';
import { bookSlot } from '../../shared/use-cases/book-slot';
import type { AttemptObserver, BookingAttempt, BookingStore, BookingView, FirstRead } from '../../shared/use-cases/ports/booking-store';

const NOW = new Date('2027-08-02T02:00:00.000Z'); // Monday 10:00 Shanghai
const SLOT = '2027-08-03.PM';
const lead: Party = { lawyerId: 'lw_1', role: 'lawyer', licenseNo: '13101202011000001', lawFirm: '甲律师事务所', name: '张律师' };
const principal: Principal = { userId: 'lw_1', username: 'l', role: 'lawyer', centerIds: [], licenseNo: lead.licenseNo };
const request = { centerId: 'minhang-kss', detaineeId: 'dt_1', slotId: SLOT };
const session = (booked: number, lastQueue = booked, holds: Record<string, number> = {}): SessionState => ({
  ...EMPTY_SESSION,
  booked,
  lastQueue,
  admitted: booked + Object.keys(holds).length,
  holds,
});
/** The session as our hold left it: one more place admitted, held by the booking's id. */
const heldBy = (holdId: string, booked = 0, lastQueue = booked): SessionState => session(booked, lastQueue, { [holdId]: NOW.getTime() + 30_000 });

/** A store whose commits play out `script` in turn (each step may tell the observer what beat it). */
function fakeStore(first: Partial<FirstRead>, script: ((a: BookingAttempt, o: AttemptObserver) => 'committed' | 'retry')[], fresh: SessionState[] = []) {
  const calls = { firstRead: 0, hold: 0, giveBack: 0, findReplay: 0, commits: [] as BookingAttempt[] };
  const store: BookingStore = {
    firstRead: (q) => {
      calls.firstRead++;
      const pairs = new Map<string, PairState>([['lw_1', { lawyerId: 'lw_1', version: 0, slots: {} }]]);
      return Promise.resolve({
        replay: undefined,
        rateLimited: undefined,
        parties: new Map([['lw_1', lead]]),
        session: session(0),
        pairs,
        openMeetingRequest: undefined,
        detaineeName: '王某',
        hold: { taken: true, session: heldBy(q.hold.holdId) },
        ...first,
      });
    },
    hold: () => {
      calls.hold++;
      return Promise.resolve({ taken: false, session: fresh.shift() ?? session(6) });
    },
    giveBack: () => {
      calls.giveBack++;
      return Promise.resolve();
    },
    findReplay: () => {
      calls.findReplay++;
      return Promise.resolve(undefined);
    },
    nameReplay: (view: BookingView) => Promise.resolve({ ...view, start: '', end: '', centerName: '', detaineeName: '', lawyers: [] }),
    commit: (a, o) => {
      calls.commits.push(structuredClone(a));
      const step = script.shift();
      if (!step) throw new Error('unexpected commit');
      try {
        return Promise.resolve(step(a, o));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
  return { store, calls };
}

describe('bookSlot through the booking store port', () => {
  it('books in one read and one commit, naming people from that read', async () => {
    const { store, calls } = fakeStore({}, [() => 'committed']);
    const out = await bookSlot(principal, request, 'key-00000001', NOW, store);
    expect(out).toMatchObject({ replayed: false, view: { queueNumber: 1, detaineeName: '王某', lawyers: [{ lawyerId: 'lw_1', name: '张律师', role: 'lead' }] } });
    expect(calls).toMatchObject({ firstRead: 1, hold: 0, giveBack: 0, findReplay: 0 });
    expect(calls.commits).toHaveLength(1);
    expect(calls.commits[0].holdId).toBe(calls.commits[0].booking.bookingId);
  });

  it('answers a session whose places are all admitted from the refused hold, with no commit', async () => {
    const { store, calls } = fakeStore({ session: session(5), hold: { taken: false, session: session(5, 5, { other: NOW.getTime() + 1000 }) } }, []);
    await expect(bookSlot(principal, request, 'key-00000002', NOW, store)).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect(calls.commits).toHaveLength(0);
    expect(calls.giveBack).toBe(0);
  });

  it('a refused hold in a closed session answers SLOT_UNAVAILABLE', async () => {
    const { store } = fakeStore({ hold: { taken: false, session: { ...session(2), closed: true } } }, []);
    await expect(bookSlot(principal, request, 'key-0000000a', NOW, store)).rejects.toMatchObject({ code: 'SLOT_UNAVAILABLE' });
  });

  it('guesses its queue number in admission order: after the holds that were live when it was admitted', async () => {
    const { store, calls } = fakeStore({ hold: { taken: true, session: session(1, 1, { a: NOW.getTime() + 5000, b: NOW.getTime() + 9000, me: 0 }) } }, [() => 'committed']);
    const out = await bookSlot(principal, request, 'key-0000000b', NOW, store);
    expect(out.view.queueNumber).toBe(4);
    expect(calls.commits[0].seen.session.lastQueue).toBe(3);
  });

  it('after losing the queue number books on the number the failure showed, without reading', async () => {
    const { store, calls } = fakeStore({}, [
      (a, o) => {
        o.session(heldBy(a.holdId, 3, 3));
        return 'retry';
      },
      () => 'committed',
    ]);
    const out = await bookSlot(principal, request, 'key-00000003', NOW, store);
    expect(out.view.queueNumber).toBe(4);
    expect(calls).toMatchObject({ firstRead: 1, hold: 0, giveBack: 0, findReplay: 0 });
    expect(calls.commits.map((c) => c.seen.session.lastQueue)).toEqual([0, 3]);
  });

  it('a loss that shows its hold reclaimed takes a hold again; refused, it answers SLOT_FULL with nothing to give back', async () => {
    const { store, calls } = fakeStore(
      {},
      [
        (_a, o) => {
          o.session(session(5, 5, { someoneElse: NOW.getTime() + 30_000 }));
          return 'retry';
        },
      ],
      [session(6)],
    );
    await expect(bookSlot(principal, request, 'key-00000004', NOW, store)).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect(calls).toMatchObject({ hold: 1, giveBack: 0, findReplay: 0 });
    expect(calls.commits).toHaveLength(1);
  });

  it('a holder refused for its own reasons gives its place back in the same request', async () => {
    const { store, calls } = fakeStore({}, [
      () => {
        throw new DetaineeBusy();
      },
    ]);
    await expect(bookSlot(principal, request, 'key-0000000c', NOW, store)).rejects.toMatchObject({ code: 'DETAINEE_BUSY' });
    expect(calls).toMatchObject({ giveBack: 1 });
  });

  it('a lost pair version is retried from the pair the failure showed, without reading', async () => {
    const moved: PairState = { lawyerId: 'lw_1', version: 4, slots: { '2027-08-05.AM': '2027-08-05T00:30:00.000Z' } };
    const { store, calls } = fakeStore({}, [
      (_a, o) => {
        o.pair(moved);
        return 'retry';
      },
      () => 'committed',
    ]);
    await bookSlot(principal, request, 'key-00000005', NOW, store);
    expect(calls).toMatchObject({ hold: 0, giveBack: 0, findReplay: 0 });
    expect(calls.commits[1].seen.pairs).toEqual([moved]);
  });

  it('a twin that committed first is answered with its stored result', async () => {
    const { store, calls } = fakeStore({}, [
      (_a, o) => {
        o.twin();
        return 'retry';
      },
    ]);
    const stored: BookingView = {
      bookingId: 'bk.minhang.T',
      status: 'booked',
      centerId: 'minhang-kss',
      detaineeId: 'dt_1',
      slotId: SLOT,
      queueNumber: 2,
      lawyerIds: ['lw_1'],
      rules: [],
      createdAt: '',
    };
    store.findReplay = () => {
      calls.findReplay++;
      return Promise.resolve(stored);
    };
    const out = await bookSlot(principal, request, 'key-00000006', NOW, store);
    expect(out).toMatchObject({ replayed: true, view: { bookingId: 'bk.minhang.T', queueNumber: 2 } });
    expect(calls.findReplay).toBe(1);
    expect(calls.giveBack).toBe(1);
  });

  it('a replay answers before the attempt limit, which answers before the parties are checked', async () => {
    const stored: BookingView = {
      bookingId: 'bk.minhang.R',
      status: 'booked',
      centerId: 'minhang-kss',
      detaineeId: 'dt_1',
      slotId: SLOT,
      queueNumber: 1,
      lawyerIds: ['lw_1'],
      rules: [],
      createdAt: '',
    };
    const limited = new Error('limited');
    const replay = fakeStore({ replay: stored, rateLimited: limited, parties: new Map() }, []);
    await expect(bookSlot(principal, request, 'key-00000007', NOW, replay.store)).resolves.toMatchObject({ replayed: true });
    const rate = fakeStore({ rateLimited: limited, parties: new Map() }, []);
    await expect(bookSlot(principal, request, 'key-00000008', NOW, rate.store)).rejects.toBe(limited);
    const missing = fakeStore({ parties: new Map() }, []);
    await expect(bookSlot(principal, request, 'key-00000009', NOW, missing.store)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Each took a hold beside its read and gave it back.
    expect([replay.calls.giveBack, rate.calls.giveBack, missing.calls.giveBack]).toEqual([1, 1, 1]);
  });
});
