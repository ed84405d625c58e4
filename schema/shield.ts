import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import { forbidden } from '../domain/errors.ts';
import type { RuleMap } from './builder.ts';

type Check = (parent: unknown, args: unknown, ctx: unknown, info: unknown) => unknown;

/** A rule's check and cache scope, kept beside the graphql-shield rule made from them (see `shieldRule`). */
interface PlainRule {
  name: string;
  cache: 'no_cache' | 'contextual';
  func: Check;
}

const plainRules = new WeakMap<object, PlainRule>();

/**
 * A graphql-shield rule made with its public `rule()`, whose check `guardSchema` may also call directly: without an
 * asynchronous wrapper when it answers at once, and once per request when it depends only on the caller.
 */
export function shieldRule<C>(
  name: string,
  cache: PlainRule['cache'],
  check: (parent: never, args: never, ctx: C, info: never) => unknown,
) {
  const made = rule(name, { cache })(check as never);
  plainRules.set(made, { name, cache, func: check as Check });
  return made;
}

/** Per request, the verdicts of the rules that depend only on the caller (`cache: 'contextual'`). */
const verdicts = new WeakMap<object, Map<string, unknown>>();

/**
 * A field's rule as graphql-shield's own middleware applies it (true lets the resolver run; an Error or a string is the
 * field's error; anything else, or a check that throws, is FORBIDDEN), but without making the field asynchronous when
 * the check answers at once, and with a caller-only rule answered once per request.
 */
function checked(rule: PlainRule): (resolve: GraphQLFieldResolver<unknown, object>, ...rest: never[]) => unknown {
  const decide = (
    verdict: unknown,
    resolve: GraphQLFieldResolver<unknown, object>,
    parent: unknown,
    args: unknown,
    ctx: object,
    info: never,
  ) => {
    if (verdict === true) return resolve(parent, args as never, ctx, info);
    if (verdict instanceof Error) return verdict;
    if (typeof verdict === 'string') return new Error(verdict);
    return forbidden();
  };
  return ((
    resolve: GraphQLFieldResolver<unknown, object>,
    parent: unknown,
    args: unknown,
    ctx: object,
    info: never,
  ) => {
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
    if (verdict instanceof Promise)
      return verdict.then(
        (v) => decide(v, resolve, parent, args, ctx, info),
        () => decide(false, resolve, parent, args, ctx, info),
      );
    return decide(verdict, resolve, parent, args, ctx, info);
  }) as never;
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
      const plain = typeof rule === 'object' && rule ? plainRules.get(rule) : undefined;
      if (rule === allow) delete fields[field];
      else if (plain) fields[field] = checked(plain);
    }
  }
  return applyMiddleware(schema, middleware as never);
}
