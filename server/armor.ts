import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Limits checked before any resolver (and so any SQL) runs: depth, aliases, tokens, directives and cost, and no
 * "did you mean" suggestions. Subgraphs allow two more levels, for the `_entities` wrapper the gateway adds.
 */
export function armor(extraDepth = 0) {
  return new ApolloArmor({
    maxDepth: { n: 8 + extraDepth, ignoreIntrospection: true },
    maxAliases: { n: 15 },
    maxTokens: { n: 3000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 8000, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}
