import { fileURLToPath } from 'node:url';
import { readRegistryFile } from './file.js';

/** The demo province (吉林省, two cities, three counties), loaded like any registry file: `npm run registry -- import`. */
export const DEMO_REGISTRY = fileURLToPath(new URL('../../db/registry/demo.csv', import.meta.url));

/** The demo province's people, for development tokens (`npm run token`, the explorer's picker) and tests. */
export async function demoPeople() {
  const file = await readRegistryFile(DEMO_REGISTRY);
  return file.people.map(({ record }) => record);
}
