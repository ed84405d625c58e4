import type { Db } from '../db/client.ts';
import { criminalThresholds } from '../db/schema.ts';
import { seedRegions } from '../db/seed.ts';
import { DEMO_REGISTRY } from './registry/demo.ts';
import { importRegistry } from './registry/import.ts';
import { seedClockRules } from './steps/index.ts';

/** What a new database needs: regions, the clock rules from the step modules, and in development the demo province. */
export async function seedHub(db: Db, options: { demo: boolean } = { demo: true }) {
  await seedRegions(db);
  await seedClockRules(db);
  if (options.demo) {
    const result = await importRegistry(db, DEMO_REGISTRY);
    if (result.problems.length) throw new Error(`the demo registry is bad: ${JSON.stringify(result.problems[0])}`);
    await db
      .insert(criminalThresholds)
      .values({
        provinceCode: '220000',
        amount: '5000.00',
        citation: '演示数据：按本省诈骗罪“数额较大”标准设置（npm run thresholds -- set）',
      })
      .onConflictDoNothing();
  }
}
