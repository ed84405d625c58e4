import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, shield } from 'graphql-shield';
import { forbidden } from '../domain/errors.js';
import type { RuleMap } from './builder.js';

/** What graphql-shield's `rule()` makes: a named check with its cache scope (private in its typings). */
interface PlainRule {
  name: string;
  cache: 'no_cache' | 'contextual' | 'strict';
  func: (parent: unknown, args: unknown, ctx: unknown, info: unknown) => unknown;
}

const isPlainRule = (rule: unknown): rule is PlainRule =>
  !!rule && (rule as object).constructor?.name === 'Rule' && typeof (rule as PlainRule).func === 'function';

/** Per request, the verdicts of the rules that depend only on the caller (`cache: 'contextual'`). */
const verdicts = new WeakMap<object, Map<string, unknown>>();

type Resolve = GraphQLFieldResolver<unknown, object>;

/** What a verdict lets through: true, the resolver's answer; an Error or a string, that error; else FORBIDDEN. */
const outcome = (verdict: unknown, resolve: () => unknown) =>
  verdict === true
    ? resolve()
    : verdict instanceof Error
      ? verdict
      : typeof verdict === 'string'
        ? new Error(verdict)
        : forbidden();

/**
 * A field's rule as graphql-shield's own middleware applies it (a check that throws is FORBIDDEN too), but without
 * making the field asynchronous when the check answers at once, and with a caller-only rule answered once per request.
 */
function checked(rule: PlainRule) {
  return (resolve: Resolve, parent: unknown, args: never, ctx: object, info: never) => {
    let verdict: unknown;
    try {
      if (rule.cache === 'contextual') {
        let known = verdicts.get(ctx);
        if (!known) {
          known = new Map();
          verdicts.set(ctx, known);
        }
        if (!known.has(rule.name)) known.set(rule.name, rule.func(parent, args, ctx, info));
        verdict = known.get(rule.name);
      } else verdict = rule.func(parent, args, ctx, info);
    } catch {
      verdict = false;
    }
    const run = () => resolve(parent, args, ctx, info);
    if (verdict instanceof Promise)
      return verdict.then(
        (v) => outcome(v, run),
        () => outcome(false, run),
      );
    return outcome(verdict, run);
  };
}

/**
 * The schema with every field under its graphql-shield rule, deny where a field has none. graphql-shield generates the
 * middleware and checks the map against the schema; then a field whose rule is `allow` (a value type reached only
 * through a guarded field) keeps no wrapper, and a field under a plain rule gets `checked` instead of the asynchronous
 * wrapper, so that a list of a thousand rows does not become ten thousand promises.
 */
export function guardSchema(schema: GraphQLSchema, permissions: RuleMap): GraphQLSchema {
  const guard = shield(permissions as never, {
    fallbackRule: deny,
    fallbackError: () => forbidden(),
    allowExternalErrors: true,
    debug: false,
  });
  const middleware = guard.generate(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, fields] of Object.entries(middleware)) {
    for (const field of Object.keys(fields)) {
      const rule = permissions[typeName]?.[field];
      if (rule === allow) delete fields[field];
      else if (isPlainRule(rule) && rule.cache !== 'strict') fields[field] = checked(rule);
    }
  }
  return applyMiddleware(schema, middleware as never);
}
