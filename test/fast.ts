import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, parse, print } from 'graphql';
import { type Context, contextFor, type Services } from '../auth/context.ts';
import { signToken } from '../auth/tokens.ts';
import { type Database, type Db, openDatabase } from '../db/client.ts';
import { buildSubgraphs } from '../schema/index.ts';
import type { SubgraphName } from '../schema/names.ts';
import { createServices } from '../server/services.ts';
import { subgraphApollo } from '../server/subgraph.ts';
import { workerDatabase } from './worker-database.ts';
import { AUDIENCE, type Calls, type GraphQLResponse, keptTokens, TEST_ISSUER, testSetting } from './world.ts';

/**
 * The fast tier: each subgraph's schema executed in this process by the server it runs in behind the gateway
 * (`subgraphApollo`: the shield, the audit, the error masking), with the context a subgraph makes for a request
 * (`contextFor`: a real ES256 token verified, the caller looked up in the registry). No HTTP, no gateway, one database
 * per worker (a copy of the suite's template on PGlite, the suite's database on PostgreSQL), so every test makes its
 * own records. An operation goes to the subgraph that owns its root fields. The gateway, the topology and the browser
 * are the full tier's (test/world.ts).
 */
export interface FastHub {
  services: Services;
  database: Database;
  db: Db;
  /**
   * An operation as `personId` (or the public, with null), in the subgraph that owns its root fields, or in `subgraph`
   * (for `_entities`, asked as the gateway asks it for an entity's fields that subgraph owns).
   */
  as: Calls<{ subgraph?: SubgraphName }>;
}

let shared: Promise<FastHub> | undefined;

/** The worker's fast hub, made on first use and kept for every file the worker runs. */
export const fastHub = () => {
  shared ??= open();
  return shared;
};

async function open(): Promise<FastHub> {
  const { privateKey, kid, config } = await testSetting();
  const database = config.databaseUrl ? await openDatabase({ url: config.databaseUrl }) : await workerDatabase();
  const services = createServices(config, database.db);

  const servers = new Map<SubgraphName, ApolloServer<Context>>();
  const owner = new Map<string, SubgraphName>();
  for (const subgraph of buildSubgraphs()) {
    const apollo = subgraphApollo(subgraph);
    await apollo.start();
    servers.set(subgraph.name, apollo);
    for (const root of [subgraph.schema.getQueryType(), subgraph.schema.getMutationType()])
      for (const field of Object.keys(root?.getFields() ?? {}))
        if (!field.startsWith('_')) owner.set(`${root!.name}.${field}`, subgraph.name);
  }

  /** The subgraph owning every root field of the document's operation. */
  const route = (document: DocumentNode): SubgraphName => {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) throw new Error('the document has no operation');
    const root = operation.operation === 'mutation' ? 'Mutation' : 'Query';
    const owners = new Set(
      operation.selectionSet.selections.map((s) => {
        const field = s.kind === Kind.FIELD ? `${root}.${s.name.value}` : '';
        const name = owner.get(field);
        if (!name) throw new Error(`no subgraph has ${field || 'a fragment at the root'}`);
        return name;
      }),
    );
    if (owners.size !== 1)
      throw new Error(`the fast tier runs one subgraph an operation; this one spans ${[...owners].join(', ')}`);
    return [...owners][0];
  };

  const keptToken = keptTokens((personId) =>
    signToken(privateKey, kid, { subject: personId }, { issuer: TEST_ISSUER, audience: AUDIENCE }),
  );

  async function as(
    personId: string | null,
    query: string | DocumentNode,
    variables?: Record<string, unknown>,
    options: { subgraph?: SubgraphName } = {},
  ) {
    const document = typeof query === 'string' ? parse(query) : query;
    const authorization = personId ? `Bearer ${await keptToken(personId)}` : undefined;
    let contextValue: Context;
    try {
      contextValue = await contextFor(services, authorization, randomUUID(), 'fast-tier');
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { status: 401, errors: [{ message: error.message, extensions: error.extensions }] } as GraphQLResponse;
    }
    const response = await servers
      .get(options.subgraph ?? route(document))!
      .executeOperation({ query: print(document), variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('an incremental response');
    const { data, errors } = response.body.singleResult;
    return { status: response.http.status ?? 200, data: data ?? undefined, errors } as GraphQLResponse;
  }
  return { services, database, db: database.db, as: as as FastHub['as'] };
}
