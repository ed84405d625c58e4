import { allow, rule } from 'graphql-shield';
import type { Context } from './context.js';
import type { AgencyKind, Position } from '../resolvers/codes.js';
import { matterAccess, type MatterRow } from '../resolvers/procedure/engine.js';

/** Rules that depend only on who is calling; record-level rules live with their type's permissions. */
export const isAuthenticated = rule('isAuthenticated', { cache: 'contextual' })((_p, _a, ctx: Context) => ctx.viewer !== null);

/** graphql-shield caches by rule name, so a factory hands out one rule per name. */
const made = new Map<string, ReturnType<ReturnType<typeof rule>>>();
const once = (name: string, make: () => ReturnType<ReturnType<typeof rule>>) => {
  if (!made.has(name)) made.set(name, make());
  return made.get(name)!;
};

export const hasPosition = (...positions: Position[]) =>
  once(`hasPosition(${positions.join(',')})`, () =>
    rule(`hasPosition(${positions.join(',')})`, { cache: 'contextual' })(
      (_p, _a, ctx: Context) => ctx.viewer !== null && positions.includes(ctx.viewer.position),
    ),
  );

export const ofAgencyKind = (...kinds: AgencyKind[]) =>
  once(`ofAgencyKind(${kinds.join(',')})`, () =>
    rule(`ofAgencyKind(${kinds.join(',')})`, { cache: 'contextual' })(
      (_p, _a, ctx: Context) => ctx.viewer !== null && kinds.includes(ctx.viewer.agency.kind),
    ),
  );

/**
 * Federation's own root fields. The gateway needs them; the per-subgraph secret keeps everyone else away,
 * and the entity types' own rules apply to whatever `_entities` returns.
 */
export const federationRoots = { _service: allow, _entities: allow };

/** A value type reachable only through a guarded parent field. */
export const guardedByParent = allow;

/** Per record, so never cached across the items of a list. */
export const inMatterSlice = rule('inMatterSlice', { cache: 'no_cache' })((m: MatterRow | null, _a, ctx: Context) => !!m && 'leadId' in m && matterAccess(ctx.viewer, m) !== null);
