import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { composeServices as composeIndependently } from '@theguild/federation-composition';
import { buildSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../config.ts';
import { startWorld, type World } from './world.ts';

/**
 * Any Federation 2 gateway that composes by asking its subgraphs can sit in front of the hub: the five subgraphs'
 * own `_service { sdl }` answers, composed by The Guild's composer (not Apollo's, which made the committed
 * supergraph), give the same API as the committed supergraph.
 */
describe('the subgraphs composed from their own _service answers', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('http', { production: true });
  });
  afterAll(() => world?.stop());

  it('make the committed supergraph’s API with an independent composer', async () => {
    const services = [];
    for (const name of SUBGRAPH_NAMES) {
      const answer = await world.post(
        world.hub.subgraphUrls[name],
        { query: '{ _service { sdl } }' },
        { 'x-hub-gateway-secret': world.config.subgraphSecrets[name] },
      );
      expect(answer.errors, name).toBeUndefined();
      services.push({ name, url: world.hub.subgraphUrls[name], typeDefs: parse(answer.data._service.sdl) });
    }
    const composed = composeIndependently(services);
    expect(composed.errors?.map((e) => e.message) ?? []).toEqual([]);
    const committed = readFileSync(new URL('../schema/sdl/supergraph.graphql', import.meta.url), 'utf8');
    const api = Supergraph.build(committed).apiSchema();
    const print = (schema: Parameters<typeof lexicographicSortSchema>[0]) =>
      printSchema(lexicographicSortSchema(schema));
    expect(print(buildSchema(composed.publicSdl!))).toBe(print(api.toGraphQLJSSchema()));
  });
});
