import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import { GraphQLError, Kind } from 'graphql';
import type { Context } from '../auth/context.js';
import { MONEY_PATTERN } from '../resolvers/validate.js';

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

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown) {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
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
    description: 'An instant, shown in Asia/Shanghai time as ISO 8601 with its offset, e.g. "2026-11-24T17:30:00.000+08:00".',
    serialize: (value) => toShanghaiIso(value),
    parseValue: parseDateTime,
    parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined),
  });
  builder.queryType({});
  return builder;
}

export type HubBuilder = ReturnType<typeof createBuilder>;
