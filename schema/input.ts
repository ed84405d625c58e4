import type { InputObjectRef } from '@pothos/core';
import type { z } from 'zod';
import { type CodeList, graphqlMeta } from '../domain/codes.ts';
import type { HubBuilder, HubTypes } from './builder.ts';

/**
 * GraphQL types derived from the domain's zod contracts, so that a step's or a lead's input is described once:
 * the zod schema validates, and its GraphQL input type is read off it here.
 */

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
type AnyRef = unknown;
// biome-ignore lint/suspicious/noExplicitAny: zod's internal definition is walked structurally
type Def = any;

const enums = new WeakMap<HubBuilder, Map<string, AnyRef>>();
const inputs = new WeakMap<HubBuilder, Map<string, AnyRef>>();

function memo(cache: WeakMap<HubBuilder, Map<string, AnyRef>>, builder: HubBuilder, name: string, make: () => AnyRef) {
  const map = cache.get(builder) ?? new Map<string, AnyRef>();
  cache.set(builder, map);
  if (!map.has(name)) map.set(name, make());
  return map.get(name)!;
}

function makeEnum(builder: HubBuilder, name: string, labels: Record<string, string>) {
  return memo(enums, builder, name, () =>
    builder.enumType(name, {
      values: Object.fromEntries(Object.entries(labels).map(([value, description]) => [value, { value, description }])),
    }),
  );
}

/** The GraphQL enum of a code list, each value described by its Chinese label; one per builder. */
export function enumOf<K extends string>(builder: HubBuilder, list: CodeList<K>) {
  return makeEnum(builder, list.name, list.labels) as ReturnType<
    typeof builder.enumType<string, Record<K, { value: K; description: string }>>
  >;
}

const defOf = (schema: z.ZodType): Def => (schema as Def)._zod.def;

/** Unwraps optional, nullable and default; tells whether a value may be left out. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; description?: string } {
  let current = schema;
  let optional = false;
  let description = current.description;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') {
      optional = true;
      current = def.innerType;
    } else if (def.type === 'pipe') {
      current = def.in;
    } else {
      return { inner: current, optional, description: description ?? current.description };
    }
    description ??= current.description;
  }
}

/** The fields of an object, or of the objects of a union (a field is required only when every branch requires it). */
function objectFields(schema: z.ZodType): Map<string, { schema: z.ZodType; optional: boolean; description?: string }> {
  const def = defOf(schema);
  const branches: z.ZodType[] = def.type === 'union' ? def.options : [schema];
  const fields = new Map<string, { schema: z.ZodType; optional: boolean; description?: string }>();
  for (const branch of branches) {
    const shape = defOf(branch).shape as Record<string, z.ZodType>;
    for (const [key, field] of Object.entries(shape)) {
      const { optional, description } = unwrap(field);
      const seen = fields.get(key);
      fields.set(key, {
        schema: seen?.schema ?? field,
        optional: (seen?.optional ?? false) || optional,
        description: seen?.description ?? description,
      });
    }
  }
  for (const [key, field] of fields) {
    if (branches.some((b) => !(key in defOf(b).shape))) field.optional = true;
  }
  return fields;
}

function typeOf(builder: HubBuilder, schema: z.ZodType, path: string): AnyRef {
  const { inner } = unwrap(schema);
  const def = defOf(inner);
  const meta = graphqlMeta.get(inner);
  if (meta?.scalar) return meta.scalar;
  switch (def.type) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'literal':
      if (def.values.every((v: unknown) => typeof v === 'boolean')) return 'Boolean';
      break;
    case 'number':
      return (inner as Def).isInt ? 'Int' : 'Float';
    case 'date':
      return 'DateTime';
    case 'enum':
      if (meta?.name && meta.labels) return makeEnum(builder, meta.name, meta.labels);
      break;
    case 'array':
      return [typeOf(builder, def.element, path)];
    case 'object':
    case 'union':
      if (meta?.name) return inputTypeOf(builder, inner, meta.name);
      break;
  }
  throw new Error(`${path}: no GraphQL type for a zod ${def.type}; name it with graphqlMeta`);
}

/**
 * The GraphQL input type of a zod object (or union of objects) contract. `partial` makes every top-level field
 * optional: a patch of the same contract.
 */
export function inputTypeOf(builder: HubBuilder, schema: z.ZodType, name: string, options: { partial?: boolean } = {}) {
  return memo(inputs, builder, name, () =>
    builder.inputType(name, {
      fields: (t) =>
        Object.fromEntries(
          [...objectFields(schema)].map(([key, field]) => [
            key,
            t.field({
              type: typeOf(builder, field.schema, `${name}.${key}`) as never,
              required: !options.partial && !field.optional,
              ...(field.description && { description: field.description }),
            }),
          ]),
        ),
    }),
  ) as InputObjectRef<Types, Record<string, unknown>>;
}

/** A value of a step's content, carrying the matter it belongs to so that a person's name can be masked for the reader. */
export interface Held {
  value: Record<string, unknown>;
  matterId: string;
}

export type Masker = (ctx: HubTypes['Context'], matterId: string, names: string[]) => Promise<string[]>;

const records = new WeakMap<HubBuilder, Map<string, AnyRef>>();

/**
 * A readable GraphQL object type for what a zod contract recorded (a step's content): the same fields, each nullable
 * (older records may lack one), nested objects as their own types (`AttachmentInput` reads as `Attachment`), and
 * persons' names masked by `mask` where the contract marks them personal.
 */
export function recordTypeOf(builder: HubBuilder, schema: z.ZodType, name: string, mask: Masker) {
  return memo(records, builder, name, () => {
    const ref = builder.objectRef<Held>(name);
    ref.implement({
      fields: (t) =>
        Object.fromEntries(
          [...objectFields(schema)].map(([key, field]) => {
            const { inner } = unwrap(field.schema);
            const element = defOf(inner).type === 'array' ? unwrap(defOf(inner).element).inner : inner;
            const list = element !== inner;
            const nested = ['object', 'union'].includes(defOf(element).type);
            const personal = !!graphqlMeta.get(element)?.personal;
            const type = nested
              ? recordTypeOf(builder, element, graphqlMeta.get(element)!.name!.replace(/Input$/, ''), mask)
              : typeOf(builder, element, `${name}.${key}`);
            return [
              key,
              t.field({
                type: (list ? [type] : type) as never,
                nullable: (list ? { list: true, items: false } : true) as never,
                ...(field.description && { description: field.description }),
                resolve: (async (held: Held, _a: unknown, ctx: HubTypes['Context']) => {
                  const value = held.value[key];
                  if (value === undefined || value === null) return null;
                  const values = (list ? value : [value]) as unknown[];
                  const shown = nested
                    ? values.map((v) => ({ value: v as Record<string, unknown>, matterId: held.matterId }))
                    : personal
                      ? await mask(ctx, held.matterId, values as string[])
                      : values;
                  return list ? shown : shown[0];
                }) as never,
              }),
            ];
          }),
        ),
    });
    return ref;
  }) as ReturnType<typeof builder.objectRef<Held>>;
}
