import { describe, expect, it } from 'vitest';
import { recordOutsideAttempts } from './network-recorder.ts';
import { MIB, ok, POLICE, transferredMatter } from './procedure.ts';
import { startWorld, TOPOLOGIES } from './world.ts';

/**
 * The hub never reaches outside its own network by itself: from start to shutdown, through a scenario in both
 * topologies, not one connection or name look-up beyond loopback (no cloud-metadata probe, no usage reporting).
 */
describe('a silent hub', () => {
  it.each(TOPOLOGIES)('starts, serves a scenario and stops without reaching beyond loopback (%s)', async (topology) => {
    const recorder = recordOutsideAttempts();
    try {
      const world = await startWorld(topology);
      const matter = await transferredMatter(world);
      await ok(world, POLICE.officer, 'acceptTransfer', matter.id);
      expect((await world.as(MIB.officer, '{ notifications { items { id } } }')).errors).toBeUndefined();
      await fetch(world.hub.url.replace(/\/graphql$/, '/feed/exposures.json'));
      await world.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(recorder.attempts).toEqual([]);
    } finally {
      recorder.restore();
    }
  });
});
