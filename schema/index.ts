import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { deny, shield } from 'graphql-shield';
import type { SubgraphName } from '../config.js';
import { forbidden } from '../resolvers/errors.js';
import { buildCourt } from './court/index.js';
import { buildMib } from './mib/index.js';
import { buildPolice } from './police/index.js';
import { buildProcuratorate } from './procuratorate/index.js';
import { buildShared } from './shared/index.js';

const BUILDERS: Record<SubgraphName, () => { builder: ReturnType<typeof buildShared>['builder']; permissions: object }> = {
  shared: buildShared,
  mib: buildMib,
  police: buildPolice,
  procuratorate: buildProcuratorate,
  court: buildCourt,
};

export type RuleMap = Record<string, Record<string, unknown>>;

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
  const { builder, permissions } = BUILDERS[name]();
  const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
  const guard = shield(permissions as never, {
    fallbackRule: deny,
    fallbackError: () => forbidden(),
    allowExternalErrors: true,
    debug: false,
  });
  return { name, schema, guarded: applyMiddleware(schema, guard), permissions: permissions as RuleMap, sdl: printSubgraphSchema(schema) };
}

export const buildSubgraphs = () => Object.keys(BUILDERS).map((name) => buildSubgraph(name as SubgraphName));
