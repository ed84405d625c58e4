import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import { GraphQLError, type GraphQLSchema, isObjectType, Kind } from 'graphql';
import type { allow, rule } from 'graphql-shield';
import type { Context } from '../auth/context.ts';
import { isCalendarDate, MONEY_PATTERN } from '../domain/validate.ts';
import { federationRoots, federationService } from './rules.ts';

/** A graphql-shield rule: one made with `rule`, or `allow`. */
export type ShieldRule = ReturnType<ReturnType<typeof rule>> | typeof allow;

export interface HubTypes {
  Context: Context;
  Scalars: {
    ID: { Input: string; Output: string };
    Money: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Instants are stored in UTC and shown in Asia/Shanghai (UTC+8, no daylight saving). */
export const toShanghaiIso = (date: Date) =>
  new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');

/** 00:00–23:59:59 and an offset within ±14:00: Date.parse would roll 25:00 over into the next day. */
const isClockTime = (value: string) => {
  const [h, m, sec = '0'] = value.slice(11, 19).split(':');
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(value);
  return (
    Number(h) < 24 &&
    Number(m) < 60 &&
    Number.parseFloat(sec) < 60 &&
    (!offset || (Number(offset[2]) <= 14 && Number(offset[3]) < 60))
  );
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown) {
  if (
    typeof value !== 'string' ||
    !DATE_TIME.test(value) ||
    !isCalendarDate(value.slice(0, 10)) ||
    !isClockTime(value)
  ) {
    throw new GraphQLError('DateTime must be ISO 8601 with an offset, e.g. "2026-11-24T09:30:00+08:00"');
  }
  return new Date(value);
}

function parseMoney(value: unknown) {
  if (typeof value !== 'string' || !MONEY_PATTERN.test(value)) {
    throw new GraphQLError('Money must be a string in yuan with at most two decimals, e.g. "1234.56"');
  }
  return value;
}

/** One builder per subgraph, all with the same plugins and scalars. */
export function createBuilder() {
  const builder = new SchemaBuilder<HubTypes>({
    plugins: [DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
  builder.scalarType('Money', {
    description: 'An exact amount in yuan as a decimal string with at most two decimals, e.g. "1234.56".',
    serialize: (value) => value,
    parseValue: parseMoney,
    parseLiteral: (node) => parseMoney(node.kind === Kind.STRING ? node.value : undefined),
  });
  builder.scalarType('DateTime', {
    description:
      'An instant, shown in Asia/Shanghai time as ISO 8601 with its offset, e.g. "2026-11-24T17:30:00.000+08:00".',
    serialize: (value) => toShanghaiIso(value),
    parseValue: parseDateTime,
    parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
  });
  builder.queryType({});
  guardFields(builder, 'Query', federationRoots);
  guardFields(builder, '_Service', federationService);
  return builder;
}

export type HubBuilder = ReturnType<typeof createBuilder>;

interface TypeRules {
  /** The rule of every field the type has, unless `fields` names another. */
  all?: ShieldRule;
  fields: Record<string, ShieldRule>;
}

const ruleBooks = new WeakMap<HubBuilder, Map<string, TypeRules>>();

function book(builder: HubBuilder, typeName: string) {
  const types = ruleBooks.get(builder) ?? new Map<string, TypeRules>();
  ruleBooks.set(builder, types);
  const rules = types.get(typeName) ?? { fields: {} };
  types.set(typeName, rules);
  return rules;
}

/** The rule for every field of an object type, written where the type is defined; `except` names fields with their own. */
export function guardType(
  builder: HubBuilder,
  typeName: string,
  rule: ShieldRule,
  except: Record<string, ShieldRule> = {},
) {
  const rules = book(builder, typeName);
  rules.all = rule;
  Object.assign(rules.fields, except);
}

/** Rules for named fields: the root fields (Query, Mutation) or fields a subgraph adds to another's type. */
export function guardFields(builder: HubBuilder, typeName: string, rules: Record<string, ShieldRule>) {
  Object.assign(book(builder, typeName).fields, rules);
}

export type RuleMap = Record<string, Record<string, ShieldRule>>;

/**
 * The graphql-shield map for a built schema: every field of every guarded type gets its rule. A rule for a field or
 * type the schema does not have is an error, so rules cannot go stale.
 */
export function permissionsOf(builder: HubBuilder, schema: GraphQLSchema): RuleMap {
  const map: RuleMap = {};
  for (const [typeName, rules] of ruleBooks.get(builder) ?? []) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) throw new Error(`rules for ${typeName}, which the schema does not have`);
    const fields = type.getFields();
    const stale = Object.keys(rules.fields).filter((f) => !fields[f]);
    if (stale.length) throw new Error(`rules for ${typeName}.${stale.join(', ')}, which the schema does not have`);
    map[typeName] = Object.fromEntries(
      Object.keys(fields).flatMap((f) => ((rules.fields[f] ?? rules.all) ? [[f, rules.fields[f] ?? rules.all!]] : [])),
    );
  }
  return map;
}
