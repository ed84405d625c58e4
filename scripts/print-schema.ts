import { writeFileSync } from 'node:fs';
import { renderMatrix } from '../auth/matrix.js';
import { buildSubgraphs } from '../schema/index.js';
import { composeSupergraph } from '../server/gateway.js';

/** Writes each subgraph's SDL and the composed supergraph to schema/sdl/, and the permissions matrix to docs/, so every API change shows in review. */
export function printedSchemas() {
  const subgraphs = buildSubgraphs();
  return {
    ...Object.fromEntries(subgraphs.map((s) => [`${s.name}.graphql`, s.sdl])),
    'supergraph.graphql': composeSupergraph(subgraphs),
  } as Record<string, string>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, sdl] of Object.entries(printedSchemas())) {
    writeFileSync(new URL(`../schema/sdl/${file}`, import.meta.url), `${sdl.trimEnd()}\n`);
    console.log(`schema/sdl/${file}`);
  }
  writeFileSync(new URL('../docs/permissions.md', import.meta.url), renderMatrix());
  console.log('docs/permissions.md');
}
