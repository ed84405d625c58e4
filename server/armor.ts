import { ApolloArmor, EnvelopArmor } from '@escape.tech/graphql-armor';

type Limits = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

/**
 * Limits checked before any resolver (and so any SQL) runs: depth, aliases, tokens, directives and cost, and no
 * "did you mean" suggestions. Subgraphs allow two more levels, for the `_entities` wrapper the gateway adds.
 */
export function requestLimits(extraDepth = 0): Limits {
  return {
    maxDepth: { n: 8 + extraDepth, ignoreIntrospection: true },
    maxAliases: { n: 15 },
    maxTokens: { n: 3000 },
    maxDirectives: { n: 20 },
    costLimit: { maxCost: 8000, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  };
}

/**
 * The limits for Apollo Server (our gateway and the subgraphs). The token limit is graphql-js's own parser option
 * (`parseOptions`), not graphql-armor's Apollo plugin: that one parses the text again in `parsingDidStart` and
 * throws there, so a syntax error or a long document answered 500 instead of 400 GRAPHQL_PARSE_FAILED.
 */
export function armor(extraDepth = 0) {
  const limits = requestLimits(extraDepth);
  return {
    ...new ApolloArmor({ ...limits, maxTokens: { enabled: false } }).protect(),
    parseOptions: { maxTokens: limits.maxTokens?.n },
  };
}

/** The same limits for an envelop-based server (Hive Gateway). */
export const envelopArmor = () => new EnvelopArmor(requestLimits()).protect();
