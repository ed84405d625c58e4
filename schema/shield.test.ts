import { buildSchema, graphql } from 'graphql';
import { allow, rule } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { guardSchema, shieldRule } from './shield.ts';

const schema = buildSchema(`
  type Item { name: String, secret: String, note: String }
  type Query { open: String, unruled: String, items: [Item], later: String, thrown: String, told: String }
`);

describe('guardSchema', () => {
  it('applies each rule as graphql-shield does, asking a caller-only rule once per request', async () => {
    let askedWho = 0;
    const isOfficer = shieldRule('isOfficer', 'contextual', (_p, _a, ctx: { officer: boolean }) => {
      askedWho++;
      return ctx.officer;
    });
    const ownItem = shieldRule('ownItem', 'no_cache', (item: { owner: string }) => item.owner === 'me');
    const guarded = guardSchema(schema, {
      Query: {
        open: allow,
        items: isOfficer,
        later: rule('later')(async () => true),
        thrown: rule('thrown')(() => {
          throw new Error('boom');
        }),
        told: rule('told')(() => 'not today'),
      },
      Item: { name: isOfficer, secret: ownItem, note: allow },
    });
    const rootValue = {
      open: 'o',
      unruled: 'u',
      later: 'l',
      thrown: 't',
      told: 'x',
      items: [
        { owner: 'me', name: 'a', secret: 's1', note: 'n1' },
        { owner: 'other', name: 'b', secret: 's2', note: 'n2' },
      ],
    };
    const run = (officer: boolean) =>
      graphql({
        schema: guarded,
        source: '{ open unruled later thrown told items { name secret note } }',
        rootValue,
        contextValue: { officer },
      });

    const officer = await run(true);
    expect(officer.data).toEqual({
      open: 'o',
      unruled: null,
      later: 'l',
      thrown: null,
      told: null,
      items: [
        { name: 'a', secret: 's1', note: 'n1' },
        { name: 'b', secret: null, note: 'n2' },
      ],
    });
    const messages = Object.fromEntries((officer.errors ?? []).map((e) => [e.path?.join('.'), e.message]));
    expect(messages).toEqual({
      unruled: 'not allowed',
      thrown: 'not allowed',
      told: 'not today',
      'items.1.secret': 'not allowed',
    });
    expect(askedWho).toBe(1);

    const stranger = await run(false);
    expect(stranger.data?.items).toBeNull();
    expect(stranger.data?.open).toBe('o');
  });
});
