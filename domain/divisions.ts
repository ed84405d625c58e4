/** Division codes (GB/T 2260) nest by prefix: a province (xx0000) holds its cities (xxyy00), a city its counties. */
export function divisionPrefix(code: string) {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export const isWithinDivision = (code: string, division: string) => code.startsWith(divisionPrefix(division));
