import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIB } from './procedure.ts';
import { startWorld, type World } from './world.ts';

/**
 * The gateway's hop to the subgraphs over HTTP loses no request: bursts, each after an idle gap around the subgraphs'
 * 5 s keep-alive edge, when the sockets kept from the burst before are being closed by the other end.
 */
describe('the gateway over HTTP under bursts with idle gaps', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('http');
  });
  afterAll(() => world?.stop());

  it('answers every call of every burst', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const gap of [4_900, 5_000, 5_100, 4_950]) {
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          world.as(MIB.officer, i % 2 ? '{ me { personId } }' : '{ leads(first: 5) { items { id } } }'),
        ),
      );
      calls += burst.length;
      for (const r of burst) if (r.status !== 200 || r.errors) failures.push(JSON.stringify(r.errors ?? r.status));
      await new Promise((resolve) => setTimeout(resolve, gap));
    }
    expect(calls).toBe(120);
    expect(failures).toEqual([]);
  }, 60_000);
});
