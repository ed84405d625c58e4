import { describe, expect, it } from 'vitest';
import { compactExports } from '../scripts/compact-exports.ts';

const entry = (base: string) => ({
  import: { types: `${base}.d.ts`, default: `${base}.js` },
  require: { types: `${base}.d.cts`, default: `${base}.cjs` },
  types: `${base}.d.ts`,
  default: `${base}.js`,
});

describe("drizzle-orm's exports, compacted on install", () => {
  it('keep the root, the directories and any odd entry, and put one pattern for the module paths', () => {
    const odd = { ...entry('./odd'), require: './odd.cjs' };
    const exports = {
      '.': entry('./index'),
      './alias': entry('./alias'),
      './pg-core': entry('./pg-core/index'),
      './pg-core/columns/text': entry('./pg-core/columns/text'),
      './odd': odd,
    };
    expect(compactExports(exports)).toEqual({
      '.': entry('./index'),
      './pg-core': entry('./pg-core/index'),
      './odd': odd,
      './*': entry('./*'),
    });
  });
});
