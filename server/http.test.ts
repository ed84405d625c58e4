import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StartError } from '../config.ts';
import { listenOn } from './http.ts';

describe('listenOn', () => {
  it('refuses a port taken after the early check with one line naming it, not a crash', async () => {
    const holder = createServer();
    const { port } = await listenOn(holder, 0, '127.0.0.1');
    try {
      const late = listenOn(createServer(), port, '127.0.0.1');
      await expect(late).rejects.toBeInstanceOf(StartError);
      await expect(late).rejects.toThrow(`PORT ${port} is in use on 127.0.0.1: stop what listens there, or set PORT`);
    } finally {
      holder.close();
    }
  });
});
