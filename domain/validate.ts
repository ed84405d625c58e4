import { z } from 'zod';
import { ATTACHMENT_KINDS, graphqlMeta } from './codes.ts';
import { invalid } from './errors.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 citizen identity number: 17 digits, a valid birth date and the mod 11-2 check character. */
export function isCitizenIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const [y, m, d] = [value.slice(6, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  return citizenIdCheckChar(value) === value[17];
}

export const citizenIdCheckChar = (first17: string) =>
  ID_CHECK[ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11];

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 unified social credit code: 18 characters from its 31-character set, mod 31 check character. */
export function isUnifiedSocialCreditCode(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  return creditCodeCheckChar(value) === value[17];
}

export const creditCodeCheckChar = (first17: string) =>
  USCC_CHARS[(31 - (USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(first17[i]), 0) % 31)) % 31];

/** GB/T 2260 division code: six digits naming a province, city or county (existence is checked against the registry). */
export const isDivisionCodeShape = (value: string) => /^[1-8]\d{5}$/.test(value);

/** Money is a decimal string with at most two fraction digits, never a float: "1234.56". */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

/** Exact arithmetic on money: yuan as a decimal string to integer cents. */
export function toCents(yuan: string): bigint {
  const [whole, fraction = ''] = yuan.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

/** Integer cents back to yuan as a decimal string with two decimals. */
export function fromCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const zMoney = z
  .string()
  .regex(MONEY_PATTERN, 'must be a non-negative amount in yuan with at most two decimals, e.g. "1234.56"')
  .register(graphqlMeta, { scalar: 'Money' });
/** The id of a record or a registry entry. */
export const zId = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .register(graphqlMeta, { scalar: 'ID' });
export const zIdNumber = z.string().refine(isCitizenIdNumber, 'is not a valid citizen ID number (GB 11643 checksum)');
export const zCreditCode = z
  .string()
  .refine(isUnifiedSocialCreditCode, 'is not a valid unified social credit code (GB 32100 checksum)');
export const zDivisionCode = z.string().refine(isDivisionCodeShape, 'is not a GB/T 2260 division code (six digits)');

/** Control characters (NUL and the like) have no place in a text; line breaks and tabs do. */
const CONTROL = /[^\P{Cc}\t\n\r]/u;
/** A text that is not empty must show something: not only spaces and invisible marks (zero-width, BOM …). */
const hasVisible = (value: string) => value === '' || /[^\s\p{Cf}\p{Cc}]/u.test(value);

export const zText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters')
    .refine(hasVisible, 'must contain visible characters, not only spaces or invisible marks');
export const zName = zText(100).min(1, 'must not be empty');
/** The name of a suspect or defendant: masked where the reader is not a party to the matter. */
export const zPersonName = zText(100).min(1, 'must not be empty').register(graphqlMeta, { personal: true });
export const zReasons = zText(4000).min(1, 'must give the reasons');

/** A calendar date that exists, "YYYY-MM-DD": "2026-02-30" does not. */
export function isCalendarDate(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}
export const zDate = z.string().refine(isCalendarDate, 'must be a calendar date, YYYY-MM-DD');
/** A case number an agency gives (立案号, 案号 …). */
export const zCaseNumber = zText(60).regex(
  /^(?=.*\d)[\p{Script=Han}A-Za-z0-9()（）〔〕［］[\]【】\-_/·]{4,60}$/u,
  'must be a case or document number, such as 南公(经)立字〔2026〕101号',
);
export const zAttachments = z
  .array(
    z
      .object({
        kind: ATTACHMENT_KINDS.schema,
        title: zText(200).min(1, 'must not be empty'),
        reference: zText(100).nullish().describe('The document number or evidence label.'),
      })
      .register(graphqlMeta, { name: 'AttachmentInput' }),
  )
  .max(200, 'must list at most 200 items');
export const zPhone = z.string().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'is not a mainland phone number');

/** Parses `value` with `schema`; the first problem becomes a BAD_USER_INPUT error naming the field, e.g. `input.subject.idNumber`. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, root = 'input'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [root, ...issue.path.map(String)].join('.');
  throw invalid(field, issue.message);
}

/** A list's `first` argument: a whole number within the limit, or the default; refused before any query runs. */
export function pageSize(first: number | null | undefined, fallback: number, max: number) {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > max) throw invalid('first', `must be between 1 and ${max}`);
  return size;
}
