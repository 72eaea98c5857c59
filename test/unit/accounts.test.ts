// Account rules shared by the HTTP schemas and both identity providers (shared/domain/accounts.ts).
import fc from 'fast-check';
import {
  CN_MOBILE,
  INTERN_CERTIFICATE,
  PASSWORD_POLICY,
  PRACTISING_LICENSE,
  USERNAME,
  isBindableLicense,
  isValidLicense,
  maskContact,
  normalizePhone,
  passwordProblems,
} from '../../shared/domain/accounts';

describe('licence numbers', () => {
  it.each([
    ['lawyer', '13101202011000001', true],
    ['lawyer', '00000000000000000', true],
    ['lawyer', '1310120201100000', false], // 16 digits
    ['lawyer', '131012020110000012', false], // 18 digits
    ['lawyer', '1310120201100000A', false],
    ['lawyer', 'ABC123', false], // an intern certificate is not a practising licence
    ['lawyer', ' 13101202011000001', false],
    ['lawyer', '13101202011000001\n', false],
    ['lawyer', '', false],
    ['intern', 'ABC123', true],
    ['intern', '123456', true],
    ['intern', 'SHX2026000123', true],
    ['intern', '12345678901234567890', true], // 20
    ['intern', '13101202011000001', true], // 17 digits also fit 6–20 digits/capitals
    ['intern', 'ABC12', false], // 5
    ['intern', '123456789012345678901', false], // 21
    ['intern', 'abc123', false], // lower case
    ['intern', 'ABC-123', false],
    ['intern', 'ＡＢＣ１２３', false], // full-width
    ['intern', '', false],
  ] as const)('%s %j → %s', (role, licenseNo, valid) => {
    expect(isValidLicense(role, licenseNo)).toBe(valid);
  });

  it.each([
    ['13101202011000001', true],
    ['ABC123', true],
    ['abc123', false],
    ['12345', false],
    ['1'.repeat(21), false],
  ])('bindable %j → %s', (licenseNo, bindable) => {
    expect(isBindableLicense(licenseNo)).toBe(bindable);
  });

  it('bindable = valid for a lawyer or for an intern (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCZa-'.split('')), maxLength: 24 }), (s) => {
        expect(isBindableLicense(s)).toBe(isValidLicense('lawyer', s) || isValidLicense('intern', s));
        // 17 digits are also 6–20 digits: every practising licence also fits the intern pattern.
        if (PRACTISING_LICENSE.test(s)) expect(INTERN_CERTIFICATE.test(s)).toBe(true);
      }),
    );
  });
});

describe('phone numbers', () => {
  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['+8613812345678', true],
    ['+8619912345678', true],
    ['12812345678', false], // second digit must be 3–9
    ['1381234567', false], // 10 digits
    ['138123456789', false], // 12 digits
    ['8613812345678', false], // country code without +
    ['+85213812345678', false], // another country code
    ['+86 13812345678', false],
    ['138-1234-5678', false],
    ['', false],
  ])('%j valid=%s', (phone, valid) => {
    expect(CN_MOBILE.test(phone)).toBe(valid);
  });

  it.each([
    ['13812345678', '+8613812345678'],
    ['+8613812345678', '+8613812345678'],
  ])('normalizePhone(%j) = %j', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  it('normalizePhone is idempotent and yields E.164 for every valid mobile (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '9'), fc.stringMatching(/^\d{9}$/), fc.boolean(), (second, rest, withPrefix) => {
        const local = `1${second}${rest}`;
        const e164 = normalizePhone(withPrefix ? `+86${local}` : local);
        expect(e164).toBe(`+86${local}`);
        expect(normalizePhone(e164)).toBe(e164);
        expect(CN_MOBILE.test(e164)).toBe(true);
      }),
    );
  });
});

describe('usernames', () => {
  it.each([
    ['abc', true],
    ['zhang.san_01-x', true],
    ['a'.repeat(64), true],
    ['ab', false],
    ['a'.repeat(65), false],
    ['张三', false],
    ['has space', false],
    ['a@b', false],
  ])('%j valid=%s', (username, valid) => {
    expect(USERNAME.test(username)).toBe(valid);
  });
});

describe('passwordProblems', () => {
  it('accepts a password meeting the pool policy', () => {
    expect(passwordProblems('Lawyer-Pass-1')).toEqual([]);
    expect(passwordProblems('Abcdefg1')).toEqual([]); // exactly the minimum length
  });

  it.each([
    ['Abcde1', ['至少 8 位']],
    ['abcdefgh1', ['须含大写字母']],
    ['ABCDEFGH1', ['须含小写字母']],
    ['Abcdefghi', ['须含数字']],
    ['', ['至少 8 位', '须含小写字母', '须含大写字母', '须含数字']],
    ['12345678', ['须含小写字母', '须含大写字母']],
    [`Aa1${'x'.repeat(254)}`, ['不得超过 256 位']],
  ])('%j → %j', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('accepts exactly 256 characters', () => {
    expect(passwordProblems(`Aa1${'x'.repeat(253)}`)).toEqual([]);
  });

  it('matches the numbers infra uses', () => {
    expect(PASSWORD_POLICY).toEqual({ minLength: 8, requireLowercase: true, requireUppercase: true, requireDigits: true });
  });
});

describe('maskContact', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '138****5678'],
    ['zhang.san@example.com', 'z***@example.com'],
    ['a@b.cn', 'a***@b.cn'],
  ])('%j → %j', (value, masked) => {
    expect(maskContact(value)).toBe(masked);
  });

  it('never keeps the middle four digits of a mobile (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.boolean(), (local, withPrefix) => {
        const masked = maskContact(withPrefix ? `+86${local}` : local);
        expect(masked).toBe(`${local.slice(0, 3)}****${local.slice(7)}`);
      }),
    );
  });
});
