import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * `column = any($1)` with the values as one array parameter: the statement's text is the same for 1 value or 1,000,
 * so it is prepared once and its cost does not grow with the list (`in ($1, …, $n)` does both).
 */
export const anyOf = (column: Column, values: readonly string[]): SQL =>
  sql`${column} = any(${sql.param([...values])})`;
