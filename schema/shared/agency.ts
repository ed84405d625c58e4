import { agencyById, batched } from '../../auth/context.ts';
import { AGENCY_KINDS, AGENCY_LEVELS } from '../../domain/codes.ts';
import { listAgencies, regionsByCodes } from '../../resolvers/agencies.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { allowed } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** The registry: every agency, its kind, level and division; reference data for any agency's staff. */
export function addAgency(builder: HubBuilder, { Agency, Region }: SharedRefs) {
  const AgencyKind = enumOf(builder, AGENCY_KINDS);
  Agency.implement({
    description: 'A medical-insurance bureau, police organ, procuratorate or court, at one level of one division.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name', { shareable: true }),
      kind: t.expose('kind', { type: AgencyKind }),
      level: t.expose('level', { type: enumOf(builder, AGENCY_LEVELS) }),
      divisionCode: t.exposeString('divisionCode'),
      shortName: t.exposeString('shortName', {
        description: 'The prefix of its document numbers: 长医保 in 长医保移〔2026〕12号.',
      }),
      deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
      region: t.field({
        type: Region,
        resolve: async (agency, _a, ctx) =>
          (await batched(ctx, 'region', (codes: readonly string[]) => regionsByCodes(ctx.db, codes)).load(
            agency.divisionCode,
          ))!,
      }),
      parent: t.field({ type: Agency, nullable: true, resolve: (agency, _a, ctx) => agencyById(ctx, agency.parentId) }),
    }),
  });
  builder.asEntity(Agency, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: (ref, ctx) => agencyById(ctx, ref.id),
  });
  guardType(builder, 'Agency', allowed('agency:read'));

  builder.queryFields((t) => ({
    agency: t.field({
      type: Agency,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => agencyById(ctx, id),
    }),
    agencies: t.field({
      type: [Agency],
      description: 'The agency registry, optionally narrowed to one kind or to the divisions under a code.',
      args: { kind: t.arg({ type: AgencyKind }), within: t.arg.string() },
      resolve: (_r, args, ctx) => listAgencies(ctx, args),
    }),
  }));
  guardFields(builder, 'Query', { agency: allowed('agency:read'), agencies: allowed('agency:read') });
}
