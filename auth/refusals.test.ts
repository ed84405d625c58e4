import { describe, expect, it } from 'vitest';
import { RefusalLog } from './refusals.ts';

describe('RefusalLog', () => {
  const logOf = (windowMs: number) => {
    const written: { source: string; reason: string; count: number }[] = [];
    const log = new RefusalLog(async (events) => {
      for (const e of events) written.push({ source: e.detail.source, reason: e.detail.reason, count: e.detail.count });
    }, windowMs);
    return { log, written };
  };

  it('writes the first refusal of a source and reason at once and counts the rest of the window', async () => {
    const { log, written } = logOf(60_000);
    for (let i = 0; i < 50; i++) await log.refuse({ source: '10.0.0.1', reason: 'unknown person' });
    await log.refuse({ source: '10.0.0.2', reason: 'unknown person' });
    await log.refuse({ source: '10.0.0.1', reason: 'malformed token' });
    expect(written).toEqual([
      { source: '10.0.0.1', reason: 'unknown person', count: 1 },
      { source: '10.0.0.2', reason: 'unknown person', count: 1 },
      { source: '10.0.0.1', reason: 'malformed token', count: 1 },
    ]);
    await log.stop();
    expect(written.slice(3)).toEqual([{ source: '10.0.0.1', reason: 'unknown person', count: 49 }]);
  });

  it('starts a new window once the old one has ended, writing the old count first', async () => {
    const { log, written } = logOf(20);
    await log.refuse({ source: 's', reason: 'r' });
    await log.refuse({ source: 's', reason: 'r' });
    await new Promise((r) => setTimeout(r, 30));
    await log.refuse({ source: 's', reason: 'r' });
    expect(written.map((w) => w.count)).toEqual([1, 1, 1]);
    await log.stop();
  });

  it('never rejects when the audit cannot be written', async () => {
    const errors: unknown[] = [];
    const log = new RefusalLog(
      async () => {
        throw new Error('database down');
      },
      60_000,
      (e) => errors.push(e),
    );
    await expect(log.refuse({ source: 's', reason: 'r' })).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    await log.stop();
  });
});
