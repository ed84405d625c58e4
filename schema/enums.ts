import type { HubBuilder } from './builder.js';

/** A GraphQL enum from a code list, each value described by its Chinese label. */
export function enumOf<K extends string>(builder: HubBuilder, name: string, list: { labels: Record<K, string>; values: K[] }) {
  return builder.enumType(name, {
    values: Object.fromEntries(list.values.map((value) => [value, { value, description: list.labels[value] }])) as Record<
      K,
      { value: K; description: string }
    >,
  });
}
