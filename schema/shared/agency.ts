import { agencyById, type AgencyRow } from '../../auth/context.js';
import { findRegion, listAgencies } from '../../resolvers/agencies.js';
import { AGENCY_KINDS, AGENCY_LEVELS, POSITIONS } from '../../resolvers/codes.js';
import { invalid } from '../../resolvers/errors.js';
import { isDivisionCodeShape } from '../../resolvers/validate.js';
import type { HubBuilder } from '../builder.js';
import { enumOf } from '../enums.js';

export function addAgency(builder: HubBuilder) {
  const AgencyKind = enumOf(builder, 'AgencyKind', AGENCY_KINDS);
  const AgencyLevel = enumOf(builder, 'AgencyLevel', AGENCY_LEVELS);
  const Position = enumOf(builder, 'Position', POSITIONS);

  const Region = builder.objectRef<{ code: string; name: string; parentCode: string | null }>('Region').implement({
    description: 'An administrative division (GB/T 2260).',
    fields: (t) => ({
      code: t.exposeString('code'),
      name: t.exposeString('name'),
      parentCode: t.exposeString('parentCode', { nullable: true }),
    }),
  });

  const Agency = builder.objectRef<AgencyRow>('Agency');
  Agency.implement({
    description: 'A medical-insurance bureau, police organ, procuratorate or court, at one level of one division.',
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      kind: t.expose('kind', { type: AgencyKind }),
      level: t.expose('level', { type: AgencyLevel }),
      divisionCode: t.exposeString('divisionCode'),
      region: t.field({ type: Region, resolve: async (agency, _a, ctx) => (await findRegion(ctx, agency.divisionCode))! }),
      parent: t.field({
        type: Agency,
        nullable: true,
        resolve: async (agency, _a, ctx) => agencyById(ctx, agency.parentId),
      }),
    }),
  });
  builder.asEntity(Agency, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: async (ref, ctx) => agencyById(ctx, ref.id),
  });

  const Viewer = builder.objectRef<NonNullable<import('../../auth/context.js').Context['viewer']>>('Viewer').implement({
    description: 'Who the token says is calling.',
    fields: (t) => ({
      personId: t.exposeID('personId'),
      position: t.expose('position', { type: Position }),
      agency: t.field({ type: Agency, resolve: (viewer) => viewer.agency }),
    }),
  });

  builder.queryFields((t) => ({
    me: t.field({ type: Viewer, resolve: (_r, _a, ctx) => ctx.viewer! }),
    agency: t.field({
      type: Agency,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_r, { id }, ctx) => agencyById(ctx, id),
    }),
    agencies: t.field({
      type: [Agency],
      description: 'The agency registry, optionally narrowed to one kind or to the divisions under a code.',
      args: { kind: t.arg({ type: AgencyKind }), within: t.arg.string() },
      resolve: (_r, args, ctx) => {
        if (args.within && !isDivisionCodeShape(args.within)) throw invalid('within', 'is not a GB/T 2260 division code (six digits)');
        return listAgencies(ctx, args);
      },
    }),
  }));
  return { Agency };
}
