/** An ID number as others than the handling agencies see it: 220102********1234. */
export const maskIdNumber = (value: string) => `${value.slice(0, 6)}********${value.slice(-4)}`;

/** A person's name as the public and analysts see it: 张三丰 → 张某某. */
export const maskPersonName = (value: string) => `${[...value][0]}${'某'.repeat(Math.max(1, [...value].length - 1))}`;
