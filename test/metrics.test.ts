import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIB, ok, POLICE, transferredMatter } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/** /metrics shows the listed series after a scenario, to the scraper's token only. */
describe('metrics', () => {
  let world: World;
  let url: string;
  beforeAll(async () => {
    world = await startWorld('in-process');
    url = world.hub.url.replace(/\/graphql$/, '/metrics');
  });
  afterAll(() => world?.stop());

  it('counts requests, steps, audit appends and open clocks', async () => {
    const matter = await transferredMatter(world);
    await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
    await world.as(MIB.officer, 'query Mine { leads(first: 1) { nextCursor } }');
    const response = await fetch(url, { headers: { authorization: `Bearer ${world.config.metricsToken}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^hub_requests_total\{operation="Mine",outcome="OK"\} 1$/m);
    expect(text).toMatch(/^hub_request_duration_seconds_count\{outcome="OK"\} \d+$/m);
    expect(text).toMatch(/^hub_steps_total\{step="T4"\} [1-9]\d*$/m);
    expect(text).toMatch(/^hub_audit_appends_total\{action="STEP_TAKEN"\} [1-9]\d*$/m);
    expect(text).toMatch(/^hub_clocks_open\{state="running"\} [1-9]\d*$/m);
    expect(text).toMatch(/^hub_process_resident_memory_bytes \d+/m);
    // The connection pool exists on PostgreSQL; PGlite is one embedded connection.
    if (process.env.DATABASE_URL) expect(text).toMatch(/^hub_db_pool_connections\{state="total"\} [1-9]\d*$/m);
  });

  it('answers only the scraper’s token', async () => {
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });
});
