import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { graphqlMeta } from '../../domain/codes.ts';
import { STEP_ACTIONS } from './index.ts';

/**
 * Every step's every date, amount and number field refuses impossible values (month 13, 30 February, 24:00, negative,
 * 10^20 yuan, not a number), naming the field. Walks the contracts themselves, so a step added tomorrow is covered.
 */

// biome-ignore lint/suspicious/noExplicitAny: zod's definitions are walked structurally
const def = (schema: z.ZodType): any => (schema as any)._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default') current = d.innerType;
    else return current;
  }
}

type Kind = 'DATE' | 'MONEY' | 'DATETIME' | 'NUMBER' | 'INT';
const IMPOSSIBLE: Record<Kind, unknown[]> = {
  DATE: ['2026-13-01', '2026-02-30', '2026-11-31', '2026-11-30T24:00', '20261130', '', 'NaN'],
  MONEY: ['-1.00', '100000000000000000000.00', 'NaN', '1e5', '12.345', '', ' 1.00', 'Infinity'],
  DATETIME: ['2026-13-01T00:00:00+08:00', '2026-02-30T10:00:00+08:00', '2026-11-30T24:00:01+08:00', 'NaN'],
  NUMBER: [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e20],
  INT: [-1, 1.5, Number.NaN, 1e20],
};

/** The date, amount and number fields of a contract, with their paths, nested objects and lists included. */
function numericFields(schema: z.ZodType, path: string[] = []): { path: string[]; kind: Kind }[] {
  const inner = unwrap(schema);
  const d = def(inner);
  const scalar = graphqlMeta.get(inner)?.scalar;
  // A calendar date (zDate, however described): a string that takes a day and nothing else.
  const takes = (value: string) => inner.safeParse(value).success;
  if (d.type === 'string' && takes('2026-11-30') && !takes('someday') && !takes('南公立字〔2026〕101号'))
    return [{ path, kind: 'DATE' }];
  if (scalar === 'Money') return [{ path, kind: 'MONEY' }];
  if (scalar === 'DateTime' || d.type === 'date') return [{ path, kind: 'DATETIME' }];
  if (d.type === 'number') return [{ path, kind: (inner as z.ZodNumber).isInt ? 'INT' : 'NUMBER' }];
  if (d.type === 'array') return numericFields(d.element, [...path, '0']);
  if (d.type === 'union') return d.options.flatMap((o: z.ZodType) => numericFields(o, path));
  if (d.type === 'object')
    return Object.entries(d.shape as Record<string, z.ZodType>).flatMap(([k, v]) => numericFields(v, [...path, k]));
  return [];
}

/** A value with `bad` at `path`, arrays as one-element lists. */
function place(path: string[], bad: unknown): unknown {
  if (!path.length) return bad;
  const [head, ...rest] = path;
  return head === '0' ? [place(rest, bad)] : { [head]: place(rest, bad) };
}

const cases = [...STEP_ACTIONS.values()].flatMap(({ module, action }) =>
  [...new Map(numericFields(action.input).map((f) => [f.path.join('.'), f])).values()].map(
    (field) => [`${module.code} ${action.name}: ${field.path.join('.')}`, action.input, field] as const,
  ),
);

describe('impossible values in every step’s contract', () => {
  it('finds the fields to try', () => {
    expect(cases.length).toBeGreaterThan(10);
    expect(cases.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('recordJudgmentEffective: effectiveOn'),
        expect.stringContaining('decidePenalty: lossAmount'),
        expect.stringContaining('recordJudgment: defendants.0.imprisonmentMonths'),
      ]),
    );
  });

  it.each(cases)('%s', (_name, contract, field) => {
    for (const bad of IMPOSSIBLE[field.kind]) {
      // For a union, try the value in each branch's discriminator too.
      const shapes = def(contract).type === 'union' ? def(contract).options : [contract];
      for (const branch of shapes) {
        const discriminator = Object.entries(def(branch).shape as Record<string, z.ZodType>).find(
          ([, v]) =>
            def(unwrap(v)).type === 'literal' ||
            (def(unwrap(v)).type === 'enum' &&
              def(unwrap(v)).entries &&
              Object.keys(def(unwrap(v)).entries).length === 1),
        );
        if (!numericFields(branch).some((f) => f.path.join('.') === field.path.join('.'))) continue;
        const value = place(field.path, bad) as Record<string, unknown>;
        if (discriminator) {
          const d = def(unwrap(discriminator[1]));
          value[discriminator[0]] = d.type === 'literal' ? d.values[0] : Object.keys(d.entries)[0];
        }
        const result = contract.safeParse(value);
        expect(result.success, `${field.path.join('.')} = ${String(bad)}`).toBe(false);
        const paths = result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
        expect(paths, `${field.path.join('.')} = ${String(bad)}`).toContain(field.path.join('.'));
      }
    }
  });
});
