import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { type GraphQLSchema, getNamedType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSubgraphs } from '../schema/index.ts';
import { SUBGRAPH_NAMES } from '../schema/names.ts';
import { LOG_LEVELS } from '../server/log.ts';

/** The README's examples and names are the API's: a renamed field or mutation fails here before it misleads anyone. */

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The API as clients see it: the composed supergraph's API schema. */
function apiSchema(): GraphQLSchema {
  const subgraphs = buildSubgraphs();
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, typeDefs: parse(s.sdl), url: `http://${s.name}/graphql` })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.schema.toAPISchema().toGraphQLJSSchema();
}

describe('the README', () => {
  const schema = apiSchema();

  it('links and names only files of this repository, and they exist', () => {
    const root = new URL('..', import.meta.url);
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^https?:/.test(l));
    const paths = [...readme.matchAll(/`((?:[\w.-]+\/)+[\w.-]*|[\w-]+\.(?:ts|mjs|md|json|yml|csv|example))`/g)]
      .map((m) => m[1])
      .filter((p) => !p.startsWith('/') && !p.includes('…') && !/^dist\/|^\.data\/|^\.\/registry\//.test(p));
    expect(links.length).toBeGreaterThan(2);
    expect(paths.length).toBeGreaterThan(20);
    const outside = [...links, ...paths].filter((p) => p.startsWith('..'));
    expect(outside).toEqual([]);
    // A path from the top must exist as written; a bare name (`engine.ts` after `resolvers/procedure/`) somewhere.
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => !/^(node_modules|dist|\.git|\.data)\//.test(f))
      .flatMap((f) => [f, `${f}/`]);
    const exists = (p: string) =>
      existsSync(new URL(p, root)) ||
      (!existsSync(new URL(p.split('/')[0], root)) && files.some((f) => f === p || f.endsWith(`/${p}`)));
    expect([...new Set([...links, ...paths])].filter((p) => !exists(p))).toEqual([]);
  });

  it('has GraphQL examples that are valid against the API', () => {
    const queries = [...readme.matchAll(/"query"\s*:\s*"((?:[^"\\]|\\.)*)"/g)].map(
      (m) => JSON.parse(`"${m[1]}"`) as string,
    );
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) {
      expect(
        validate(schema, parse(query)).map((e) => e.message),
        query,
      ).toEqual([]);
    }
  });

  it('names only operations, fields and arguments the API has', () => {
    const known = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !('getFields' in type)) continue;
      for (const field of Object.values(type.getFields())) {
        known.add(field.name);
        for (const arg of 'args' in field ? field.args : []) known.add(arg.name);
      }
    }
    // Names of code, not of the API, that the README mentions.
    const code = new Set([
      ...SUBGRAPH_NAMES,
      ...LOG_LEVELS,
      ...[
        'can',
        'guardType',
        'guardFields',
        'npm',
        'curl',
        'node',
        'init',
        'calendar',
        'http',
        'aud',
        'iss',
        'sub',
        'registry',
        'thresholds',
        'reseal',
        'verify',
        'null',
        'traceparent',
        'none',
        'otlp',
        'console',
        'allow',
        'recordReadAudit',
        // docker-compose.yml's services and what reads it
        'postgres',
        'migrate',
        'jobs',
        'gateway',
        'yaml',
        'yes',
      ],
    ]);
    const named = [...readme.matchAll(/`([a-z][A-Za-z]+)(\([^`]*\))?`/g)]
      .map((m) => m[1])
      .filter((name) => !code.has(name));
    expect(named.length).toBeGreaterThan(40);
    expect([...new Set(named.filter((name) => !known.has(name)))]).toEqual([]);
    const mutations = schema.getMutationType()!.getFields();
    for (const step of [
      'decideFiling',
      'notifyFilingDecision',
      'designateJurisdiction',
      'informReporter',
      'draftExposure',
    ]) {
      expect(readme).toContain(`\`${step}\``);
      expect(mutations[step], step).toBeDefined();
    }
  });

  it('names only fields the API’s types have where it says Type.field', () => {
    const types = schema.getTypeMap();
    const paths = [...readme.matchAll(/`([A-Z][A-Za-z]+)((?:\.[a-z][A-Za-z]+)+)`/g)].filter(([, type]) => types[type]);
    expect(paths.length).toBeGreaterThan(0);
    const broken = paths.filter(([, typeName, chain]) => {
      let type = getNamedType(types[typeName]);
      for (const field of chain.slice(1).split('.')) {
        const fields =
          'getFields' in type ? (type.getFields() as Record<string, { type: Parameters<typeof getNamedType>[0] }>) : {};
        if (!fields[field]) return true;
        type = getNamedType(fields[field].type)!;
      }
      return false;
    });
    expect(broken.map(([m]) => m)).toEqual([]);
    const clockFields =
      /`clocks` \(([^)]*)\)/
        .exec(readme)?.[1]
        .match(/`(\w+)`/g)
        ?.map((f) => f.slice(1, -1)) ?? [];
    expect(clockFields).toEqual(expect.arrayContaining(['dueAt', 'remainingSeconds', 'overdue', 'basis']));
  });
});
