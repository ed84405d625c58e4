import { pinyin } from 'pinyin-pro';
import { isCitizenIdNumber } from './validate.ts';

/**
 * Personal data in text meant for the public, however it is written: full-width, spaced, dotted or dashed digits,
 * spaced Han names, names in pinyin. Used by every public door (the exposure entries); a refusal names the kind of
 * data, never the data.
 */

export const PERSONAL_DATA_KINDS = {
  ID_NUMBER: '身份证号码',
  PHONE: '电话号码',
  BANK_CARD: '银行卡号',
  SOCIAL_SECURITY_CARD: '社会保障卡号',
  EMAIL: '电子邮箱',
  ADDRESS: '个人住址',
  NAME: '涉案人员的姓名',
} as const;
export type PersonalDataKind = keyof typeof PERSONAL_DATA_KINDS;

/** What people put between the digits of a number or the characters of a name to get it past a filter. */
const SEPARATORS = String.raw`[\s\u00a0\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff.·•・‧∙⋅\-‐‑‒–—―_~～*/\\|,，、。:：;；'"“”‘’()（）\[\]【】「」『』〈〉<>《》…+=#^]+`;
const INSIDE_DIGITS = new RegExp(`(?<=\\d)${SEPARATORS}(?=\\d)`, 'gu');
const INSIDE_HAN = new RegExp(`(?<=\\p{Script=Han})${SEPARATORS}(?=\\p{Script=Han})`, 'gu');

/**
 * The text as the checks read it: NFKC (full-width digits and letters to half-width), case folded, and the separators
 * inside digit runs and between Han characters removed.
 */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(INSIDE_DIGITS, '').replace(INSIDE_HAN, '');
}

/** Digits written as Chinese numerals (一三九, 壹叁玖, 幺, 〇), as people dictate a number. */
const HAN_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  洞: '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  两: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  拐: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
  勾: '9',
};
const HAN_DIGIT_RUN = new RegExp(`[${Object.keys(HAN_DIGITS).join('')}]{7,}`, 'g');

/** The normalised text with every run of seven or more Chinese numerals read as digits. */
const withHanDigits = (normalised: string) =>
  normalised.replace(HAN_DIGIT_RUN, (run) => [...run].map((c) => HAN_DIGITS[c]).join(''));

/** Latin letters without their tone marks (Wáng Xiǎomíng → wang xiaoming). */
const withoutMarks = (normalised: string) => normalised.normalize('NFKD').replace(/\p{M}/gu, '');

/** The Luhn check of a bank card number. */
function luhn(digits: string) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A first-generation 15-digit ID number: a region, then YYMMDD of a real day, then three digits. */
function isLegacyIdNumber(digits: string) {
  if (!/^[1-8]\d{14}$/.test(digits)) return false;
  const [yy, mm, dd] = [digits.slice(6, 8), digits.slice(8, 10), digits.slice(10, 12)].map(Number);
  const day = new Date(Date.UTC(1900 + yy, mm - 1, dd));
  return mm >= 1 && mm <= 12 && day.getUTCMonth() === mm - 1 && day.getUTCDate() === dd;
}

const digitRuns = (text: string) => text.match(/\d+x?/g) ?? [];

function numberKind(text: string): PersonalDataKind | null {
  for (const run of digitRuns(text)) {
    const digits = run.replace(/x$/, '');
    if (/^\d{17}[\dx]$/.test(run) && isCitizenIdNumber(run.toUpperCase())) return 'ID_NUMBER';
    if (digits.length >= 17 && /\d{17}x/.test(run) && isCitizenIdNumber(run.slice(-18).toUpperCase()))
      return 'ID_NUMBER';
    if (digits.length === 15 && isLegacyIdNumber(digits)) return 'ID_NUMBER';
    if (/^(?:0?86)?1[3-9]\d{9}$/.test(digits)) return 'PHONE';
    if (/^0\d{2,3}[2-9]\d{6,7}$/.test(digits)) return 'PHONE';
    if (digits.length >= 16 && digits.length <= 19 && luhn(digits)) return 'BANK_CARD';
  }
  if (/(电话|手机|联系方式|座机|tel|phone)\D{0,4}[2-9]\d{6,7}(?!\d)/.test(text)) return 'PHONE';
  if (/(?<![a-z\d])[a-z]\d{8}(?![a-z\d])/.test(text) || /社(会)?保(障)?卡号?\D{0,4}[a-z\d]{9}/.test(text))
    return 'SOCIAL_SECURITY_CARD';
  return null;
}

const EMAIL = /[a-z0-9._%+-]+\s*(@|\(at\)|\[at\])\s*[a-z0-9-]+(\s*(\.|\(dot\)|\[dot\])\s*[a-z0-9-]+)+/;
/** Where an individual lives: a building, unit or room number, a house number on a street, or the words for it. */
const HOME =
  /\d+(号楼|栋|幢|单元|室|号院)|门牌|住址|家住|住在|现住|户籍地|居住地|[一二三四五六七八九十]+(号楼|栋|幢|单元)/;
/** A house number on a street: an individual's home, unless the text is about an institution's premises. */
const STREET_NUMBER = /[路街巷道弄里村屯组]\d+号/;

const pinyinCache = new Map<string, string[]>();

/** The ways a Han name is written in Latin letters: surname first or last, each syllable as it is read in a name. */
function pinyinForms(name: string): string[] {
  let forms = pinyinCache.get(name);
  if (!forms) {
    forms = pinyinOf(name);
    if (pinyinCache.size > 10_000) pinyinCache.clear();
    pinyinCache.set(name, forms);
  }
  return forms;
}

function pinyinOf(name: string): string[] {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }).map((s) =>
    s.toLowerCase().replace(/[^a-z]/g, ''),
  );
  if (syllables.length < 2 || syllables.some((s) => !s)) return [];
  const [surname, ...given] = syllables;
  const plain = pinyin(name, { toneType: 'none', type: 'array', v: true }).map((x) =>
    x.toLowerCase().replace(/[^a-z]/g, ''),
  );
  return [...new Set([syllables.join(''), [...given, surname].join(''), plain.join('')])];
}

/**
 * The text as syllables in order: each Han character read in pinyin, each run of Latin letters as it is. A name is
 * found however its characters are written: in pinyin, mixed (王xiao明), traditional (張三豐) or by homophones (王晓明).
 */
function syllablesOf(normalised: string) {
  const tokens: { text: string; han: boolean }[] = [];
  for (const [run] of withoutMarks(normalised).matchAll(/\p{Script=Han}+|[a-z]+/gu)) {
    if (/[a-z]/.test(run)) tokens.push({ text: run, han: false });
    else
      for (const syllable of pinyin(run, { toneType: 'none', type: 'array', v: true }))
        tokens.push({ text: syllable.toLowerCase().replace(/[^a-z]/g, ''), han: true });
  }
  return tokens;
}

function namedIn(normalised: string, people: readonly string[]) {
  const tokens = syllablesOf(normalised);
  // Every run of up to 30 consecutive syllables, joined; and whether it was read from Han characters only.
  const spelled = new Map<string, boolean>();
  for (let i = 0; i < tokens.length; i++) {
    let joined = '';
    let hanOnly = true;
    for (let j = i; j < Math.min(tokens.length, i + 30); j++) {
      joined += tokens[j].text;
      hanOnly &&= tokens[j].han;
      if (!spelled.has(joined) || !hanOnly) spelled.set(joined, hanOnly);
    }
  }
  return people.some((person) => {
    const name = normalise(person).replace(new RegExp(SEPARATORS, 'gu'), '');
    const length = [...name].length;
    if (length < 2) return false;
    if (normalised.includes(name)) return true;
    if (!/\p{Script=Han}/u.test(name)) return false;
    // Homophones in Han characters only for names of three characters or more: two common syllables are too often
    // a word of their own (李明 and 黎明).
    return pinyinForms(name).some((form) => spelled.has(form) && (length >= 3 || spelled.get(form) === false));
  });
}

/**
 * The kind of personal data a public text would carry: an ID number (18-digit with its check character, or 15-digit),
 * a mobile or landline number, a bank card (Luhn), a social-security card number, an e-mail address, an individual's
 * address, or the name of one of `people` in full, spaced or in pinyin. Null when there is none. About an
 * `institution`, a street and house number is its premises, not a home; a flat, a room or a home still is not.
 */
export function personalDataIn(
  text: string,
  people: readonly string[] = [],
  options: { institution?: boolean } = {},
): PersonalDataKind | null {
  const normalised = normalise(text);
  const number = numberKind(normalised) ?? numberKind(withHanDigits(normalised));
  if (number) return number;
  if (EMAIL.test(normalised)) return 'EMAIL';
  if (HOME.test(normalised) || (!options.institution && STREET_NUMBER.test(normalised))) return 'ADDRESS';
  if (namedIn(normalised, people)) return 'NAME';
  return null;
}
