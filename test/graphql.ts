import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.js';

/**
 * The tests' operations, typed from the committed schema (test/graphql-env.d.ts, written by `npm run schema:print`):
 * a field the API does not have fails the type check, and a result is typed as the API answers it.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Money: string; DateTime: string };
}>();

export type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
