import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { log } from './log.ts';

export type Check = () => Promise<void>;
export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
}

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

/** The database answers a trivial query. */
export const databaseCheck =
  (db: Db): Check =>
  async () => {
    await db.execute(sql`select 1`);
  };

/** A subgraph over HTTP says it is ready (its own database included); it needs its secret to answer. */
export const subgraphCheck =
  (graphqlUrl: string, secretHeader: string, secret: string): Check =>
  async () => {
    const response = await fetch(new URL('/ready', graphqlUrl), { headers: { [secretHeader]: secret } });
    if (!response.ok) throw new Error(`answered ${response.status}`);
  };

/** Ready when every check passes within two seconds; says which failed (why goes to the log, not to the caller). */
export function readiness(checks: Record<string, Check>) {
  return async (): Promise<Readiness> => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await within(2_000, check());
          return [name, 'ok'] as const;
        } catch (error) {
          log.warn({ check: name, err: error }, 'not ready');
          return [name, 'failed'] as const;
        }
      }),
    );
    return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
  };
}
