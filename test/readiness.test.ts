import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoSuite } from '../domain/crypto.ts';
import { POLICE } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/** /health says the process is alive; /ready says it can serve: its database and every subgraph answer. */
describe('readiness', () => {
  let world: World;
  let base: string;
  beforeAll(async () => {
    world = await startWorld('http');
    base = world.hub.url.replace(/\/graphql$/, '');
  });
  afterAll(() => world?.stop());

  it('is ready with every subgraph up, and says which is down while /health stays up', async () => {
    const up = await fetch(`${base}/ready`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', shared: 'ok', mib: 'ok', police: 'ok', procuratorate: 'ok', court: 'ok' },
      node: process.version,
      crypto: cryptoSuite().name,
    });
    expect(process.version).toMatch(/^v24\./);
    await world.hub.subgraphServers.police.stop();
    const down = await fetch(`${base}/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'not ready',
      checks: { police: 'failed', mib: 'ok', database: 'ok' },
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
    // A call the police's subgraph answers: refused as a part of the hub being away, not as the database.
    const response = await fetch(world.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await world.token(POLICE.officer)}` },
      body: JSON.stringify({
        query: `mutation { acceptTransfer(matterId: "${randomUUID()}", input: {}) { id } }`,
      }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await response.json()).errors).toMatchObject([
      {
        message: "the hub's police service is unavailable; try again shortly",
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      },
    ]);
  });

  it('asks a subgraph for its readiness only with the gateway’s secret', async () => {
    const direct = await fetch(world.hub.subgraphUrls.mib.replace(/\/graphql$/, '/ready'));
    expect(direct.status).toBe(403);
  });
});
