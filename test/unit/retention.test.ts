// The pure retention rules (shared/domain/retention.ts): expiry instants and audit pseudonyms.
import { createHmac } from 'node:crypto';
import { expiresAfter, isPseudonym, olderThan, pseudonymise, pseudonymiseAudit, pseudonymiseChange } from '../../shared/domain/retention';

const hash = (v: string) => createHmac('sha256', 'unit-key').update(v).digest('hex');

describe('expiresAfter', () => {
  it('is epoch seconds N days after the start, from an instant or its ISO text', () => {
    expect(expiresAfter(new Date('2027-01-05T09:00:00.000Z'), 1)).toBe(Date.parse('2027-01-06T09:00:00.000Z') / 1000);
    expect(expiresAfter('2027-01-05T17:00:00.000+08:00', 1096)).toBe(Date.parse('2027-01-05T09:00:00.000Z') / 1000 + 1096 * 86_400);
    expect(expiresAfter('2027-01-05T17:00:00.500+08:00', 0)).toBe(Math.floor(Date.parse('2027-01-05T09:00:00.500Z') / 1000));
  });

  it('refuses what is not an instant or a number of days', () => {
    expect(() => expiresAfter('not a date', 1)).toThrow(RangeError);
    expect(() => expiresAfter(new Date(), -1)).toThrow(RangeError);
    expect(() => expiresAfter(new Date(), 1.5)).toThrow(RangeError);
  });

  it('olderThan is the cut-off instant', () => {
    expect(olderThan(new Date('2027-01-05T00:00:00.000Z'), 365).toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });
});

describe('pseudonymise', () => {
  it('is stable, keyed, recognisable and idempotent', () => {
    const p = pseudonymise('lw_1', hash);
    expect(p).toMatch(/^ps_[0-9a-f]{20}$/);
    expect(pseudonymise('lw_1', hash)).toBe(p);
    expect(pseudonymise('lw_2', hash)).not.toBe(p);
    expect(pseudonymise('lw_1', (v) => createHmac('sha256', 'other').update(v).digest('hex'))).not.toBe(p);
    expect(isPseudonym(p)).toBe(true);
    expect(pseudonymise(p, hash)).toBe(p);
    expect(pseudonymise('system', hash)).toBe('system');
  });

  it('replaces the person-naming segments of a changed key only', () => {
    const out = pseudonymiseChange('Put LAWYER#lw_1 SLOT#minhang-kss#2027-01-05.AM', hash);
    expect(out).toBe(`Put LAWYER#${pseudonymise('lw_1', hash)} SLOT#minhang-kss#2027-01-05.AM`);
    expect(pseudonymiseChange('Update BOOKING#bk.minhang.1 BOOKING', hash)).toBe('Update BOOKING#bk.minhang.1 BOOKING');
    // A binding guard names the licence.
    expect(pseudonymiseChange('Delete DETAINEE#dt_9 BOUND#31010200000001', hash)).toBe(
      `Delete DETAINEE#${pseudonymise('dt_9', hash)} BOUND#${pseudonymise('31010200000001', hash)}`,
    );
    expect(pseudonymiseChange('Put LICENSE#31010200000001 LICENSE', hash)).toBe(`Put LICENSE#${pseudonymise('31010200000001', hash)} LICENSE`);
  });

  it('an audit record keeps what happened and loses who', () => {
    const record = {
      auditId: 'req-1',
      at: '2026-01-05T10:00:00.000+08:00',
      actorId: 'lw_1',
      actorRole: 'lawyer',
      action: 'POST /bookings',
      centerId: 'minhang-kss',
      target: 'bk.minhang.1',
      before: null,
      after: { status: 'booked', detaineeId: 'dt_9', slotId: '2026-01-06.AM', lawyerIds: ['lw_1', 'lw_2'] },
      changes: ['Put BOOKING#bk.minhang.1 BOOKING', 'Put LAWYER#lw_1 SLOT#minhang-kss#2026-01-06.AM'],
      requestId: 'req-1',
    };
    const out = pseudonymiseAudit(record, hash);
    expect(out).toMatchObject({ auditId: 'req-1', at: record.at, actorRole: 'lawyer', action: 'POST /bookings', centerId: 'minhang-kss', target: 'bk.minhang.1' });
    expect(out.actorId).toBe(pseudonymise('lw_1', hash));
    expect(out.after).toEqual({
      status: 'booked',
      slotId: '2026-01-06.AM',
      detaineeId: pseudonymise('dt_9', hash),
      lawyerIds: [pseudonymise('lw_1', hash), pseudonymise('lw_2', hash)],
    });
    expect(JSON.stringify(out)).not.toMatch(/lw_1|lw_2|dt_9/);
    expect(pseudonymiseAudit(out, hash)).toEqual(out);
    // An account action names its person in the target.
    expect(pseudonymiseAudit({ ...record, target: 'dt_9' }, hash).target).toBe(pseudonymise('dt_9', hash));
    expect(pseudonymiseAudit({ ...record, target: '0b9e3c1a-5d2f-4e6a-9c8b-7a6f5e4d3c2b' }, hash).target).toMatch(/^ps_/);
  });
});
