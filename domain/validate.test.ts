import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fromCents,
  isCalendarDate,
  isCitizenIdNumber,
  isDivisionCodeShape,
  isUnifiedSocialCreditCode,
  MONEY_PATTERN,
  parseInput,
  toCents,
  zIdNumber,
} from './validate.ts';

describe('GB 11643 citizen ID numbers', () => {
  it('accepts published valid numbers', () => {
    expect(isCitizenIdNumber('11010519491231002X')).toBe(true);
    expect(isCitizenIdNumber('440524188001010014')).toBe(false); // born 1880: outside the range we accept
    expect(isCitizenIdNumber('110101199003077395')).toBe(true);
    expect(isCitizenIdNumber('110101199003077394')).toBe(false);
    expect(isCitizenIdNumber('110101199003074477')).toBe(true);
  });
  it('refuses a wrong check character, a bad date, wrong length, lower-case x', () => {
    expect(isCitizenIdNumber('110105194912310021')).toBe(false);
    expect(isCitizenIdNumber('110105194902300021')).toBe(false);
    expect(isCitizenIdNumber('11010519491231002')).toBe(false);
    expect(isCitizenIdNumber('11010519491231002x')).toBe(false);
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts valid codes and refuses a changed character or a forbidden letter', () => {
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    expect(isUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isUnifiedSocialCreditCode('91350100M000100I43')).toBe(false);
    expect(isUnifiedSocialCreditCode('91350100M000100Y4')).toBe(false);
  });
});

describe('division codes and money', () => {
  it('takes six digits starting with a province digit', () => {
    expect(isDivisionCodeShape('220102')).toBe(true);
    expect(isDivisionCodeShape('22010')).toBe(false);
    expect(isDivisionCodeShape('020102')).toBe(false);
  });
  it('takes non-negative yuan with at most two decimals, as text', () => {
    for (const ok of ['0', '0.5', '12.34', '1234567890123456.99']) expect(MONEY_PATTERN.test(ok)).toBe(true);
    for (const bad of ['-1', '1.234', '01', '1e5', '', '1.', ' 1']) expect(MONEY_PATTERN.test(bad)).toBe(false);
  });
});

describe('calendar dates', () => {
  it('takes a day that exists and refuses month 13, 30 February and day 32 without throwing', () => {
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const day of ['2026-13-01', '2026-02-30', '2026-01-32', '2026-00-10', '2027-02-29', '26-01-01', ''])
      expect(isCalendarDate(day), day).toBe(false);
  });
});

describe('toCents', () => {
  it('turns yuan into exact integer cents', () => {
    expect(toCents('0')).toBe(0n);
    expect(toCents('0.5')).toBe(50n);
    expect(toCents('1234567890123456.99')).toBe(123456789012345699n);
  });
});

describe('parseInput', () => {
  it('names the field of the first problem', () => {
    const schema = z.object({ subject: z.object({ idNumber: zIdNumber }) });
    expect(() => parseInput(schema, { subject: { idNumber: '110105194912310021' } })).toThrowError(
      /^input\.subject\.idNumber: is not a valid citizen ID number/,
    );
  });
});

describe('money in cents', () => {
  it('goes to cents and back exactly, two decimals always', () => {
    expect(['0', '0.5', '12345.67', '9999999999999999.99'].map((y) => fromCents(toCents(y)))).toEqual([
      '0.00',
      '0.50',
      '12345.67',
      '9999999999999999.99',
    ]);
    expect(fromCents(-105n)).toBe('-1.05');
  });
});
