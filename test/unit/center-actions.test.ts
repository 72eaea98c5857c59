// What a center's own decisions affect (R4): the period of an unavailability (dates are whole
// Shanghai days, instants are themselves) and the sessions it overlaps that have not ended.
import { periodOf, sessionsInPeriod, type Period } from '../../shared/domain/center-actions';
import { DEFAULT_SESSIONS } from '../../shared/config';

const center = { sessions: DEFAULT_SESSIONS };
const at = (iso: string) => new Date(iso);
const ids = (period: Period, now: Date) => sessionsInPeriod(center, period, now).map((s) => s.slotId);

describe('periodOf', () => {
  it('a date runs from its first to its last millisecond in Shanghai', () => {
    expect(periodOf('2027-10-19', '2027-10-20')).toEqual({ from: at('2027-10-19T00:00:00+08:00'), to: at('2027-10-20T23:59:59.999+08:00') });
  });

  it('instants keep their offset', () => {
    expect(periodOf('2027-10-19T12:00:00+08:00', '2027-10-19T05:00:00Z')).toEqual({ from: at('2027-10-19T04:00:00Z'), to: at('2027-10-19T05:00:00Z') });
  });

  it.each([
    ['2027-10-20', '2027-10-19'],
    ['2027-10-19T12:00:00+08:00', '2027-10-19T12:00:00+08:00'],
    ['2027-01-01', '2028-01-02'],
  ])('refuses %s … %s', (from, to) => {
    expect(periodOf(from, to)).toEqual({ problem: expect.any(String) });
  });
});

describe('sessionsInPeriod', () => {
  const morning = at('2027-10-18T08:00:00+08:00');

  it('a whole day covers both sessions; weekends count too', () => {
    expect(ids(periodOf('2027-10-22', '2027-10-23') as Period, morning)).toEqual(['2027-10-22.AM', '2027-10-22.PM', '2027-10-23.AM', '2027-10-23.PM']);
  });

  it('an afternoon covers only the PM session; touching a session end does not overlap it', () => {
    expect(ids(periodOf('2027-10-20T12:00:00+08:00', '2027-10-20T18:00:00+08:00') as Period, morning)).toEqual(['2027-10-20.PM']);
    expect(ids(periodOf('2027-10-20T11:30:00+08:00', '2027-10-20T13:30:00+08:00') as Period, morning)).toEqual([]);
    expect(ids(periodOf('2027-10-20T11:29:00+08:00', '2027-10-20T13:31:00+08:00') as Period, morning)).toEqual(['2027-10-20.AM', '2027-10-20.PM']);
  });

  it('sessions already over are left alone; the one running now is included', () => {
    expect(ids(periodOf('2027-10-18', '2027-10-18') as Period, at('2027-10-18T14:00:00+08:00'))).toEqual(['2027-10-18.PM']);
    expect(ids(periodOf('2027-10-01', '2027-10-18') as Period, at('2027-10-18T18:00:00+08:00'))).toEqual([]);
  });
});
