import { readFileSync, writeFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { minifyIntrospection, outputIntrospectionFile } from '@gql.tada/internal';
import { introspectionFromSchema } from 'graphql';
import { renderMatrix } from '../auth/matrix.ts';
import { buildSubgraphs } from '../schema/index.ts';
import { composeSupergraph } from '../server/gateway.ts';

/** Writes each subgraph's SDL and the composed supergraph to schema/sdl/, and the permissions matrix to docs/, so every API change shows in review. */
export function printedSchemas() {
  const subgraphs = buildSubgraphs();
  return {
    ...Object.fromEntries(subgraphs.map((s) => [`${s.name}.graphql`, s.sdl])),
    'supergraph.graphql': composeSupergraph(subgraphs),
  } as Record<string, string>;
}

/** The API's types as gql.tada reads them (test/graphql.ts): the tests' operations typed from the committed schema. */
export function operationTypes(supergraphSdl: string) {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return outputIntrospectionFile(minifyIntrospection(introspectionFromSchema(api)), {
    fileType: '.d.ts',
    shouldPreprocess: true,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, sdl] of Object.entries(printedSchemas())) {
    writeFileSync(new URL(`../schema/sdl/${file}`, import.meta.url), `${sdl.trimEnd()}\n`);
    console.log(`schema/sdl/${file}`);
  }
  const supergraph = readFileSync(new URL('../schema/sdl/supergraph.graphql', import.meta.url), 'utf8');
  writeFileSync(new URL('../test/graphql-env.d.ts', import.meta.url), operationTypes(supergraph));
  console.log('test/graphql-env.d.ts');
  writeFileSync(new URL('../docs/permissions.md', import.meta.url), renderMatrix());
  console.log('docs/permissions.md');
}
