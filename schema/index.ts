import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { type HubBuilder, permissionsOf, type RuleMap } from './builder.ts';
import { buildCourt } from './court/index.ts';
import { buildMib } from './mib/index.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from './names.ts';
import { buildPolice } from './police/index.ts';
import { buildProcuratorate } from './procuratorate/index.ts';
import { buildShared } from './shared/index.ts';
import { guardSchema } from './shield.ts';

const BUILDERS: Record<SubgraphName, () => HubBuilder> = {
  shared: buildShared,
  mib: buildMib,
  police: buildPolice,
  procuratorate: buildProcuratorate,
  court: buildCourt,
};

export type { RuleMap };

export interface Subgraph {
  name: SubgraphName;
  /** The schema as built, before permissions: what the SDL is printed from. */
  schema: GraphQLSchema;
  /** The schema every request runs against: graphql-shield on every field, deny when a rule is missing. */
  guarded: GraphQLSchema;
  permissions: RuleMap;
  sdl: string;
}

export function buildSubgraph(name: SubgraphName): Subgraph {
  const builder = BUILDERS[name]();
  const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
  const permissions = permissionsOf(builder, schema);
  return {
    name,
    schema,
    guarded: guardSchema(schema, permissions),
    permissions,
    sdl: printSubgraphSchema(schema),
  };
}

let built: readonly Subgraph[] | undefined;

/**
 * Every subgraph, built once per process: a schema depends on the code alone, and building the five (then composing
 * them) takes a second of CPU, which every hub started in one process (the test worlds) paid again.
 */
export const buildSubgraphs = () => {
  built ??= SUBGRAPH_NAMES.map(buildSubgraph);
  return built;
};
