import { allow } from 'graphql-shield';
import type { Context } from '../auth/context.ts';
import { can, holdsOneOf, type Permission, type RecordPermission } from '../auth/policy.ts';
import type { Position } from '../domain/codes.ts';
import { shieldRule } from './shield.ts';

/** graphql-shield caches by rule name, so a factory hands out one rule per name. */
const made = new Map<string, ReturnType<typeof shieldRule>>();
const once = (name: string, make: () => ReturnType<typeof shieldRule>) => {
  if (!made.has(name)) made.set(name, make());
  return made.get(name)!;
};

/** A rule that depends only on who is calling: evaluated once per request. */
export const allowed = (permission: Permission) =>
  once(permission, () => shieldRule(permission, 'contextual', (_p, _a, ctx: Context) => can(ctx.viewer, permission)));

/** A rule on the record a field belongs to: per record, so never cached across the items of a list. */
export const allowedOn = (permission: RecordPermission) =>
  once(permission, () =>
    shieldRule(permission, 'no_cache', (record: unknown, _a, ctx: Context) =>
      can(ctx.viewer, permission, record as never),
    ),
  );

/** Matter's rule: the parent must be a matter row (not a bare entity reference) in the viewer's slice. */
export const inMatterSlice = once('matter:read', () =>
  shieldRule(
    'matter:read',
    'no_cache',
    (m: unknown, _a, ctx: Context) =>
      !!m && typeof m === 'object' && 'leadId' in m && can(ctx.viewer, 'matter:read', m as never),
  ),
);

export const hasPosition = (...positions: Position[]) =>
  once(`hasPosition(${positions.join(',')})`, () =>
    shieldRule(`hasPosition(${positions.join(',')})`, 'contextual', (_p, _a, ctx: Context) =>
      holdsOneOf(ctx.viewer, positions),
    ),
  );

/** Anyone with a valid token. */
export const isAuthenticated = once('authenticated', () =>
  shieldRule('authenticated', 'contextual', (_p, _a, ctx: Context) => ctx.viewer !== null),
);

/**
 * Federation's own root fields. The gateway needs them; the per-subgraph secret keeps everyone else away,
 * and the entity types' own rules apply to whatever `_entities` returns.
 */
export const federationRoots = { _service: allow, _entities: allow };
/** What `_service` answers: the subgraph's SDL, which any Federation 2 gateway composes from. */
export const federationService = { sdl: allow };

/** A value type reachable only through a guarded parent field. */
export const guardedByParent = allow;
