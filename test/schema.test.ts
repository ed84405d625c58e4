import { readdirSync, readFileSync } from 'node:fs';
import { isIntrospectionType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSubgraphs } from '../schema/index.ts';
import { operationTypes, printedSchemas } from '../scripts/print-schema.ts';

describe('schema', () => {
  it('matches the committed SDL of every subgraph and of the supergraph (run `npm run schema:print` after a change)', () => {
    const printed = printedSchemas();
    const dir = new URL('../schema/sdl/', import.meta.url);
    expect(readdirSync(dir).sort()).toEqual(Object.keys(printed).sort());
    for (const [file, sdl] of Object.entries(printed)) {
      expect(readFileSync(new URL(file, dir), 'utf8'), file).toBe(`${sdl.trimEnd()}\n`);
    }
    const types = readFileSync(new URL('graphql-env.d.ts', import.meta.url), 'utf8');
    expect(types, 'test/graphql-env.d.ts, the types of the tests’ operations').toBe(
      operationTypes(printed['supergraph.graphql']),
    );
  });

  it.each(buildSubgraphs().map((s) => [s.name, s] as const))(
    'gives every field of the %s subgraph an explicit rule, and no rule to a missing field',
    (_name, subgraph) => {
      const missing: string[] = [];
      const objectTypes = Object.values(subgraph.schema.getTypeMap()).filter(
        (type) => isObjectType(type) && !isIntrospectionType(type),
      );
      for (const type of objectTypes) {
        if (!isObjectType(type)) continue;
        for (const field of Object.keys(type.getFields())) {
          if (!subgraph.permissions[type.name]?.[field]) missing.push(`${type.name}.${field}`);
        }
      }
      expect(missing).toEqual([]);
      const stale = Object.entries(subgraph.permissions).flatMap(([typeName, fields]) => {
        const type = subgraph.schema.getType(typeName);
        if (!type || !isObjectType(type)) return [typeName];
        return Object.keys(fields)
          .filter((f) => !type.getFields()[f])
          .map((f) => `${typeName}.${f}`);
      });
      expect(stale).toEqual([]);
    },
  );
});
