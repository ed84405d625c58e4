/** An ID number as others than the handling agencies see it: 220102********1234. */
export const maskIdNumber = (value: string) => `${value.slice(0, 6)}********${value.slice(-4)}`;

/** A person's name as the public and analysts see it: 张三丰 → 张某某. */
export const maskPersonName = (value: string) => `${[...value][0]}${'某'.repeat(Math.max(1, [...value].length - 1))}`;

const ID_NUMBER = /\d{17}[\dX]/;
const PHONE = /(?<!\d)(1\d{10}|0\d{2,3}-?\d{7,8})(?!\d)/;

/**
 * What in a text meant for the public would identify someone: an ID number, a phone number, or the full name of one
 * of `people`. Null when there is none.
 */
export function personalDataIn(text: string, people: string[]): string | null {
  if (ID_NUMBER.test(text)) return 'an ID number';
  if (PHONE.test(text)) return 'a phone number';
  const named = people.find((name) => [...name].length >= 2 && text.includes(name));
  return named ? `the full name of a person (${maskPersonName(named)})` : null;
}
