import type { Db } from '../db/client.js';
import { seed } from '../db/seed.js';
import { seedClockRules } from './steps/index.js';

/** What a new database needs: regions, the clock rules from the step modules, and in development the demo province. */
export async function seedHub(db: Db, options: { demo: boolean } = { demo: true }) {
  await seed(db, options);
  await seedClockRules(db);
}
