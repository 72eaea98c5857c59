// Queue calling and the check-in token (issue 20 items 1–2): the pure rules, before any route uses them.
import { randomBytes } from 'node:crypto';
import { callCandidates, displaySessions, entityTag, matchesTag, positionOf, type CalledBooking } from '../../shared/domain/queue-calling';
import { codeHolds, outsideValidity, parseCode, parseToken, signToken, tokenSignatureHolds } from '../../shared/domain/check-in-token';

const SESSION = { slotId: '2027-03-02.AM', name: 'AM', start: '2027-03-02T08:30:00.000+08:00', lastAdmission: '2027-03-02T11:00:00.000+08:00' };

function booking(queueNumber: number, extra: Partial<CalledBooking> = {}): CalledBooking {
  return {
    bookingId: `bk.minhang.01M8S1WWJ3704S6490BNFBRR${String(queueNumber).padStart(2, '0')}`,
    status: 'booked',
    centerId: 'minhang-kss',
    detaineeId: `dt_secret_${queueNumber}`,
    slotId: SESSION.slotId,
    date: '2027-03-02',
    sessionStart: SESSION.start,
    lastAdmission: SESSION.lastAdmission,
    queueNumber,
    leadLawyerId: `lw_secret_${queueNumber}`,
    coCounselLawyerIds: [],
    internLawyerIds: [],
    lawyerIds: [`lw_secret_${queueNumber}`],
    createdAt: '2027-03-01T10:00:00.000+08:00',
    ...extra,
  };
}

describe('queue calling', () => {
  const queue = [
    booking(1, {
      status: 'checked_in',
      callState: 'called',
      calledAt: '2027-03-02T08:31:00.000+08:00',
      room: { roomType: 'meeting', roomNo: 'M01', assignedAt: 'x', assignedBy: 'y' },
    }),
    booking(2, { callState: 'skipped', calledAt: '2027-03-02T08:35:00.000+08:00', skipReason: '未到窗口' }),
    booking(3, { callState: 'called', calledAt: '2027-03-02T08:40:00.000+08:00' }),
    booking(5),
    booking(4),
    booking(6, { status: 'cancelled' }),
  ];

  it('calls the waiting bookings in queue order, never a called, skipped or ended one', () => {
    expect(callCandidates(queue, SESSION.slotId).map((b) => b.queueNumber)).toEqual([4, 5]);
    expect(callCandidates(queue, '2027-03-02.PM')).toEqual([]);
  });

  it('shows numbers, rooms and counts on the display, and nothing that names a person', () => {
    const [session] = displaySessions(queue, [SESSION]);
    expect(session).toMatchObject({ slotId: SESSION.slotId, nowServing: 3, waiting: 2 });
    expect(session.called).toEqual([
      { queueNumber: 3, roomNo: null, calledAt: '2027-03-02T08:40:00.000+08:00', checkedIn: false },
      { queueNumber: 1, roomNo: 'M01', calledAt: '2027-03-02T08:31:00.000+08:00', checkedIn: true },
    ]);
    const text = JSON.stringify(session);
    expect(text).not.toMatch(/secret|bk\.|lw_|dt_|未到窗口/);
  });

  it('tells a waiting lawyer how many wait ahead and who is being served', () => {
    expect(positionOf(queue[3], queue)).toMatchObject({ queueNumber: 5, ahead: 1, nowServing: 3, callState: null, waiting: 2 });
    expect(positionOf(queue[4], queue)).toMatchObject({ queueNumber: 4, ahead: 0 });
    expect(positionOf(queue[2], queue)).toMatchObject({ callState: 'called', ahead: 0, nowServing: 3 });
  });

  it('answers 304 material only for the same content', () => {
    const a = entityTag({ n: 1 });
    expect(entityTag({ n: 1 })).toBe(a);
    expect(entityTag({ n: 2 })).not.toBe(a);
    expect(matchesTag(a, a)).toBe(true);
    expect(matchesTag(`"other", W/${a}`, a)).toBe(true);
    expect(matchesTag('"other"', a)).toBe(false);
    expect(matchesTag(undefined, a)).toBe(false);
  });
});

describe('check-in token', () => {
  const secret = randomBytes(32);
  const b = booking(12);

  it('round-trips a token and a short code bound to the booking', () => {
    const signed = signToken(secret, b);
    const parsed = parseToken(signed.token)!;
    expect(parsed.bookingId).toBe(b.bookingId);
    expect(tokenSignatureHolds(secret, b, parsed)).toBe(true);
    expect(signed.code).toMatch(/^AM12-[0-9A-Z]{6}$/);
    const code = parseCode(signed.code.toLowerCase())!;
    expect(code).toMatchObject({ sessionName: 'AM', queueNumber: 12 });
    expect(codeHolds(secret, b, code.mac)).toBe(true);
    // No personal data inside: only the booking id, the expiry and the signature.
    expect(signed.token).not.toMatch(/secret|lw_|dt_/);
  });

  it('refuses a forged signature, another secret, another booking or a stretched expiry', () => {
    const { token, code } = signToken(secret, b);
    const parsed = parseToken(token)!;
    const flipped = { ...parsed, mac: (parsed.mac[0] === 'A' ? 'B' : 'A') + parsed.mac.slice(1) };
    expect(tokenSignatureHolds(secret, b, flipped)).toBe(false);
    expect(tokenSignatureHolds(randomBytes(32), b, parsed)).toBe(false);
    expect(tokenSignatureHolds(secret, { ...b, centerId: 'changning-kss' }, parsed)).toBe(false);
    expect(tokenSignatureHolds(secret, b, { ...parsed, exp: parsed.exp + 3600 })).toBe(false);
    expect(codeHolds(secret, booking(13), parseCode(code)!.mac)).toBe(false);
    expect(parseToken('not a token')).toBeUndefined();
    expect(parseCode('AM12')).toBeUndefined();
  });

  it('is valid from an hour before the session to its last admission', () => {
    expect(outsideValidity(b, new Date('2027-03-02T07:29:59+08:00'))).toBe('not_yet');
    expect(outsideValidity(b, new Date('2027-03-02T07:30:00+08:00'))).toBeUndefined();
    expect(outsideValidity(b, new Date('2027-03-02T11:00:00+08:00'))).toBeUndefined();
    expect(outsideValidity(b, new Date('2027-03-02T11:00:01+08:00'))).toBe('expired');
  });
});
