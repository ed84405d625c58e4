import fc from 'fast-check';

/** A character put between others to hide them: every separator, width and spacing the normaliser claims to handle. */
const separator = fc.constantFrom(
  ' ',
  '  ',
  '\u3000',
  '\u00a0',
  '\u200b',
  '.',
  '·',
  '・',
  '-',
  '‐',
  '—',
  '_',
  '/',
  ',',
  '，',
  '、',
  '*',
  '~',
  '（',
  ')',
  '|',
  '',
);
const widened = (text: string) =>
  [...text].map((c) => (/[0-9A-Za-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

const HAN = ['〇一二三四五六七八九', '零壹贰叁肆伍陆柒捌玖'];

/** `value` with a random separator after any of its characters, maybe in full width, maybe its digits in Chinese. */
export const obfuscated = (value: string) =>
  fc
    .tuple(
      fc.array(separator, { minLength: value.length, maxLength: value.length }),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom(null, ...HAN),
    )
    .map(([seps, wide, upper, han]) => {
      const digits = han ? [...value].map((c) => (/\d/.test(c) ? han[Number(c)] : c)).join('') : value;
      const spaced = [...digits].map((c, i) => (i < digits.length - 1 ? c + seps[i] : c)).join('');
      const cased = upper ? spaced.toUpperCase() : spaced;
      return wide ? widened(cased) : cased;
    });
