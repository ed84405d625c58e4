import { fileURLToPath } from 'node:url';
import { POSITIONS } from '../../domain/codes.ts';
import { readRegistryFile } from './file.ts';

/** The demo province (吉林省, two cities, three counties), loaded like any registry file: `npm run registry -- import`. */
export const DEMO_REGISTRY = fileURLToPath(new URL('../../db/registry/demo.csv', import.meta.url));

/** The demo province's people, for development tokens (`npm run token`, the explorer's picker) and tests. */
export async function demoPeople() {
  const file = await readRegistryFile(DEMO_REGISTRY);
  return file.people.map(({ record }) => record);
}

/** The demo people as the explorer's picker shows them: name, agency and position (the first, which a token names). */
export async function demoUsers() {
  const file = await readRegistryFile(DEMO_REGISTRY);
  const agencies = new Map(file.agencies.map(({ record }) => [record.id, record.name]));
  return file.people.map(({ record }) => ({
    id: record.id,
    position: record.positions[0],
    label: `${record.name}（${agencies.get(record.agencyId) ?? record.agencyId}，${POSITIONS.labels[record.positions[0]]}）`,
  }));
}
