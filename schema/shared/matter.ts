import { agencyById } from '../../auth/context.ts';
import { LEGAL_BASES, STAGES } from '../../domain/codes.ts';
import { consultationsOf } from '../../resolvers/procedure/consultations.ts';
import {
  findMatter,
  listMatters,
  matterClocks,
  matterDocuments,
  matterSubject,
  matterTimeline,
} from '../../resolvers/procedure/matters.ts';
import { amountsOf } from '../../resolvers/steps/amounts.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { leadSubjectRef } from '../lead-subject.ts';
import { allowed, guardedByParent, inMatterSlice } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** A matter, field by field visible to its parties and supervisors only; each list under it costs one query per request. */
export function addMatter(builder: HubBuilder, refs: SharedRefs) {
  const { Matter, Agency } = refs;
  const Stage = enumOf(builder, STAGES);
  Matter.implement({
    description: 'A case from the administrative case through transfer, filing and beyond, under one control number.',
    fields: (t) => ({
      id: t.exposeID('id'),
      controlNumber: t.exposeString('controlNumber'),
      title: t.exposeString('title'),
      regionCode: t.exposeString('regionCode'),
      stage: t.expose('stage', { type: Stage }),
      basis: t.expose('basis', { type: enumOf(builder, LEGAL_BASES) }),
      mibAgency: t.field({ type: Agency, resolve: async (m, _a, ctx) => (await agencyById(ctx, m.mibAgencyId))! }),
      policeAgency: t.field({
        type: Agency,
        nullable: true,
        resolve: (m, _a, ctx) => agencyById(ctx, m.policeAgencyId),
      }),
      procuratorateAgency: t.field({
        type: Agency,
        nullable: true,
        resolve: (m, _a, ctx) => agencyById(ctx, m.procuratorateAgencyId),
      }),
      courtAgency: t.field({ type: Agency, nullable: true, resolve: (m, _a, ctx) => agencyById(ctx, m.courtAgencyId) }),
      policeCaseNumber: t.exposeString('policeCaseNumber', { nullable: true }),
      procuratorateCaseNumber: t.exposeString('procuratorateCaseNumber', { nullable: true }),
      courtCaseNumber: t.exposeString('courtCaseNumber', { nullable: true }),
      subject: t.field({
        type: leadSubjectRef(builder),
        nullable: true,
        description:
          'Who the matter is about, from its lead. Parties see the ID number; supervisors see it masked; analysts see the subject de-identified.',
        resolve: (m, _a, ctx) => matterSubject(ctx, m),
      }),
      amounts: t.field({ type: refs.MatterAmounts, resolve: (m, _a, ctx) => amountsOf(ctx, m.id) }),
      dualListing: t.field({
        type: refs.DualListing,
        nullable: true,
        resolve: (m) => (m.dualListingPoliceAgencyId ? m : null),
      }),
      consultations: t.field({
        type: [refs.Consultation],
        description: 'Those your agency asked or was asked.',
        resolve: (m, _a, ctx) => consultationsOf(ctx, m.id),
      }),
      clocks: t.field({
        type: [refs.Clock],
        args: { open: t.arg.boolean({ description: 'Only the open ones.' }) },
        resolve: async (m, args, ctx) => (await matterClocks(ctx, m.id)).filter((c) => !args.open || !c.closedAt),
      }),
      timeline: t.field({ type: [refs.TimelineStep], resolve: (m, _a, ctx) => matterTimeline(ctx, m.id) }),
      documents: t.field({ type: [refs.Document], resolve: (m, _a, ctx) => matterDocuments(ctx, m.id) }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });
  builder.asEntity(Matter, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: (ref, ctx) => findMatter(ctx, ref.id),
  });
  guardType(builder, 'Matter', inMatterSlice);

  builder.queryFields((t) => ({
    matter: t.field({
      type: Matter,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, { id }, ctx) => findMatter(ctx, id),
    }),
    matters: t.field({
      type: refs.MatterPage,
      description: 'Matters in your slice, newest first, a page at a time: pass `nextCursor` back as `after`.',
      args: { stage: t.arg({ type: Stage }), first: t.arg.int(), after: t.arg.string() },
      resolve: (_r, args, ctx) => listMatters(ctx, args),
    }),
  }));
  refs.MatterPage.implement({
    fields: (t) => ({
      items: t.field({ type: [Matter], resolve: (page) => page.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
    }),
  });
  guardType(builder, 'MatterPage', guardedByParent);
  guardFields(builder, 'Query', { matter: allowed('matter:list'), matters: allowed('matter:list') });
}
