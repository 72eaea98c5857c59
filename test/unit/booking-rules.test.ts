// Party rules of a booking (shared/domain/booking.ts): the lead is a practising lawyer (an intern
// leads → 403 INTERN_MUST_BE_ACCOMPANIED, R11), at most one practising co-counsel (R12), at most two
// interns and only interns among them, nobody named twice; the conduct rules of R13; the pair cap (B5).
import { allParties, checkParties, CONDUCT_RULES, MAX_CO_COUNSEL, MAX_INTERNS, pairCapReached, practising, type BookingParties, type Party } from '../../shared/domain/booking';
import { AppError, ValidationFailed, InternMustBeAccompanied } from '../../shared/errors';

const FIRM = '上海某律师事务所';
const lawyer = (n: number): Party => ({ lawyerId: `lw${n}`, role: 'lawyer', licenseNo: `3101202610000000${n}`, lawFirm: FIRM, name: `律师${n}` });
const intern = (n: number, lawFirm = FIRM): Party => ({ lawyerId: `in${n}`, role: 'intern', licenseNo: `SHX202600000${n}`, lawFirm, name: `实习${n}` });

const parties = (lead: Party, coCounsel: Party[] = [], interns: Party[] = []): BookingParties => ({ lead, coCounsel, interns });

function errorOf(p: BookingParties): AppError | undefined {
  try {
    checkParties(p);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
}

describe('checkParties', () => {
  it('limits are one co-counsel and two interns', () => {
    expect(MAX_CO_COUNSEL).toBe(1);
    expect(MAX_INTERNS).toBe(2);
  });

  it.each<[string, BookingParties]>([
    ['a practising lawyer alone', parties(lawyer(1))],
    ['lead + practising co-counsel', parties(lawyer(1), [lawyer(2)])],
    ['lead + one intern', parties(lawyer(1), [], [intern(1)])],
    ['lead + two interns', parties(lawyer(1), [], [intern(1), intern(2)])],
    ['lead + co-counsel + two interns (the largest party)', parties(lawyer(1), [lawyer(2)], [intern(1), intern(2)])],
    ["an intern of the lead's firm written with other spacing", parties(lawyer(1), [], [intern(1, ' 上海某律师 事务所 ')])],
  ])('accepts %s', (_what, p) => {
    expect(() => checkParties(p)).not.toThrow();
  });

  it.each<[string, BookingParties, string, number]>([
    ['an intern as lead', parties(intern(1)), 'INTERN_MUST_BE_ACCOMPANIED', 403],
    ['an intern as lead with a practising co-counsel', parties(intern(1), [lawyer(1)]), 'INTERN_MUST_BE_ACCOMPANIED', 403],
    ['an intern as lead with other interns', parties(intern(1), [], [intern(2)]), 'INTERN_MUST_BE_ACCOMPANIED', 403],
    ['two co-counsel', parties(lawyer(1), [lawyer(2), lawyer(3)]), 'VALIDATION_FAILED', 400],
    ['an intern as co-counsel', parties(lawyer(1), [intern(1)]), 'VALIDATION_FAILED', 400],
    ['three interns', parties(lawyer(1), [], [intern(1), intern(2), intern(3)]), 'VALIDATION_FAILED', 400],
    ['a practising lawyer among the interns', parties(lawyer(1), [], [lawyer(2)]), 'VALIDATION_FAILED', 400],
    ['the lead again as co-counsel', parties(lawyer(1), [lawyer(1)]), 'VALIDATION_FAILED', 400],
    ['the same intern twice', parties(lawyer(1), [], [intern(1), intern(1)]), 'VALIDATION_FAILED', 400],
    ['the co-counsel again among the interns', parties(lawyer(1), [lawyer(2)], [{ ...lawyer(2), role: 'intern' }]), 'VALIDATION_FAILED', 400],
    ['an intern of another law firm (R11a)', parties(lawyer(1), [], [intern(1, '上海另一律师事务所')]), 'FORBIDDEN', 403],
    ['one of two interns of another law firm (R11a)', parties(lawyer(1), [], [intern(1), intern(2, '北京某律师事务所')]), 'FORBIDDEN', 403],
  ])('refuses %s → %s', (_what, p, code, status) => {
    const e = errorOf(p);
    expect(e).toBeDefined();
    expect(e!.code).toBe(code);
    expect(e!.status).toBe(status);
  });

  it('an intern lead gets the dedicated error, before any other check', () => {
    const e = errorOf(parties(intern(1), [intern(2), intern(3)], [lawyer(1), lawyer(1), lawyer(1)]));
    expect(e).toBeInstanceOf(InternMustBeAccompanied);
    expect(e!.toBody()).toEqual({ error: { code: 'INTERN_MUST_BE_ACCOMPANIED', message: expect.stringContaining('实习') } });
  });

  it('refusals of the party shape are VALIDATION_FAILED with a Chinese message', () => {
    const e = errorOf(parties(lawyer(1), [lawyer(2), lawyer(3)]));
    expect(e).toBeInstanceOf(ValidationFailed);
    expect(e!.message).toMatch(/共同辩护律师最多 1 名/);
    expect(errorOf(parties(lawyer(1), [], [intern(1), intern(2), intern(3)]))!.message).toMatch(/实习人员最多 2 名/);
    expect(errorOf(parties(lawyer(1), [lawyer(1)]))!.message).toMatch(/重复/);
  });
});

describe('allParties / practising', () => {
  const p = parties(lawyer(1), [lawyer(2)], [intern(1), intern(2)]);
  it('allParties lists lead, co-counsel, then interns', () => {
    expect(allParties(p).map((x) => x.lawyerId)).toEqual(['lw1', 'lw2', 'in1', 'in2']);
  });
  it('practising lists lead and co-counsel only (they are held to the session and pair rules)', () => {
    expect(practising(p).map((x) => x.lawyerId)).toEqual(['lw1', 'lw2']);
    expect(practising(parties(lawyer(1), [], [intern(1)])).map((x) => x.lawyerId)).toEqual(['lw1']);
  });
});

describe('pairCapReached (B5: future bookings per lawyer–detainee pair)', () => {
  it.each([
    [0, 2, false],
    [1, 2, false],
    [2, 2, true],
    [3, 2, true],
    [0, 1, false],
    [1, 1, true],
    [19, 20, false],
    [20, 20, true],
  ])('%i live future bookings with a cap of %i → reached: %s', (live, cap, reached) => {
    expect(pairCapReached(live, cap)).toBe(reached);
  });
});

describe('CONDUCT_RULES (R13)', () => {
  it.each([
    ['phones and recording devices', /手机/],
    ['laptops', /笔记本电脑/],
    ['recording', /录音/],
    ['smoking', /吸烟/],
    ['passing objects', /传递/],
    ['interns never alone', /实习人员不得单独会见/],
  ])('tells the lawyer about %s', (_what, pattern) => {
    expect(CONDUCT_RULES.some((r) => pattern.test(r))).toBe(true);
  });
});
