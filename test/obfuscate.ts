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

/** `value` with a random separator after any of its characters, and maybe in full width. */
export const obfuscated = (value: string) =>
  fc
    .tuple(fc.array(separator, { minLength: value.length, maxLength: value.length }), fc.boolean(), fc.boolean())
    .map(([seps, wide, upper]) => {
      const spaced = [...value].map((c, i) => (i < value.length - 1 ? c + seps[i] : c)).join('');
      const cased = upper ? spaced.toUpperCase() : spaced;
      return wide ? widened(cased) : cased;
    });
