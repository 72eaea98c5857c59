// POST /bookings' retry rules, through a fake of the booking store port: what a lost race costs
// (what is read again, what is not), and when the answer comes without a transaction.
import './support/unit-env';
import { SlotFull } from '../../shared/errors';
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
const session = (booked: number, lastQueue = booked): SessionState => ({ ...EMPTY_SESSION, booked, lastQueue });

/** A store whose commits play out `script` in turn (each step may tell the observer what beat it). */
function fakeStore(first: Partial<FirstRead>, script: ((a: BookingAttempt, o: AttemptObserver) => 'committed' | 'retry')[], fresh: SessionState[] = []) {
  const calls = { firstRead: 0, readSession: 0, findReplay: 0, commits: [] as BookingAttempt[] };
  const store: BookingStore = {
    firstRead: () => {
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
        ...first,
      });
    },
    readSession: () => {
      calls.readSession++;
      return Promise.resolve(fresh.shift() ?? session(0));
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
    expect(calls).toMatchObject({ firstRead: 1, readSession: 0, findReplay: 0 });
    expect(calls.commits).toHaveLength(1);
  });

  it('answers a full session from the first read, with no commit', async () => {
    const { store, calls } = fakeStore({ session: session(6) }, []);
    await expect(bookSlot(principal, request, 'key-00000002', NOW, store)).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect(calls.commits).toHaveLength(0);
  });

  it('after losing the session re-reads the session alone and books on the version it found', async () => {
    const { store, calls } = fakeStore(
      {},
      [
        (_a, o) => {
          o.session(session(1));
          return 'retry';
        },
        () => 'committed',
      ],
      [session(3)],
    );
    const out = await bookSlot(principal, request, 'key-00000003', NOW, store);
    expect(out.view.queueNumber).toBe(4);
    expect(calls).toMatchObject({ firstRead: 1, readSession: 1, findReplay: 0 });
    expect(calls.commits.map((c) => c.seen.session.lastQueue)).toEqual([0, 3]);
  });

  it('a loss that shows the last place gone answers SLOT_FULL without another read or commit', async () => {
    const { store, calls } = fakeStore({}, [
      (_a, o) => {
        o.session(session(6));
        throw new SlotFull();
      },
    ]);
    await expect(bookSlot(principal, request, 'key-00000004', NOW, store)).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect(calls).toMatchObject({ readSession: 0, findReplay: 0 });
    expect(calls.commits).toHaveLength(1);
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
    expect(calls).toMatchObject({ readSession: 0, findReplay: 0 });
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
  });
});
