import { BEHAVIOURS, EXPOSURE_KINDS } from '../../domain/codes.ts';
import {
  approveExposure,
  correctExposure,
  correctExposureInput,
  draftExposure,
  draftExposureInput,
  type ExposureRow,
  type ExposureVersionRow,
  ownExposures,
  publishExposure,
  retractExposure,
  retractExposureInput,
  versionsOf,
} from '../../resolvers/exposures.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf, inputTypeOf } from '../input.ts';
import { allowed, allowedOn, guardedByParent } from '../rules.ts';

/** The publishing agency's side of an exposure entry: its drafts, decisions and versions. */
export function addExposureEntry(builder: HubBuilder) {
  const ExposureStatus = builder.enumType('ExposureVersionStatus', {
    values: {
      DRAFT: { description: '草稿，待负责人批准' },
      APPROVED: { description: '已批准，待发布' },
      PUBLISHED: { description: '已发布（现行版本）' },
      SUPERSEDED: { description: '已被更正版本取代' },
    },
  });
  const ExposureVersion = builder.objectRef<ExposureVersionRow>('ExposureVersion').implement({
    fields: (t) => ({
      number: t.exposeInt('number'),
      status: t.field({ type: ExposureStatus, resolve: (v) => v.status }),
      title: t.exposeString('title'),
      subjectName: t.exposeString('subjectName'),
      creditCode: t.exposeString('creditCode', { nullable: true }),
      behaviours: t.field({ type: [enumOf(builder, BEHAVIOURS)], resolve: (v) => v.behaviours }),
      amountRecovered: t.expose('amountRecovered', { type: 'Money' }),
      penalties: t.exposeString('penalties'),
      policeResult: t.exposeString('policeResult'),
      courtResult: t.exposeString('courtResult'),
      summary: t.exposeString('summary'),
      correctionNote: t.exposeString('correctionNote', { nullable: true }),
      draftedBy: t.exposeID('draftedBy'),
      draftedAt: t.expose('draftedAt', { type: 'DateTime' }),
      approvedBy: t.exposeID('approvedBy', { nullable: true }),
      approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
      publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    }),
  });
  const ExposureEntry = builder.objectRef<ExposureRow>('ExposureEntry').implement({
    description: 'An exposure entry as its publishing agency manages it: every version, published or not.',
    fields: (t) => ({
      id: t.exposeID('id'),
      kind: t.field({ type: enumOf(builder, EXPOSURE_KINDS), resolve: (e) => e.kind }),
      matterId: t.exposeID('matterId'),
      regionCode: t.exposeString('regionCode'),
      publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
      retractedAt: t.expose('retractedAt', { type: 'DateTime', nullable: true }),
      retractionNotice: t.exposeString('retractionNotice', { nullable: true }),
      versions: t.field({ type: [ExposureVersion], resolve: (e, _a, ctx) => versionsOf(ctx, e.id) }),
    }),
  });
  guardType(builder, 'ExposureEntry', allowedOn('exposure:manage'));
  guardType(builder, 'ExposureVersion', guardedByParent);

  builder.queryField('myExposures', (t) =>
    t.field({
      type: [ExposureEntry],
      description: "Your agency's exposure entries and typical cases, newest first, with every version.",
      resolve: (_r, _a, ctx) => ownExposures(ctx),
    }),
  );
  builder.mutationFields((t) => ({
    draftExposure: t.field({
      type: ExposureEntry,
      description: 'Drafts an exposure entry or typical case from a matter your agency handles.',
      args: { input: t.arg({ type: inputTypeOf(builder, draftExposureInput, 'DraftExposureInput'), required: true }) },
      resolve: (_r, args, ctx) => draftExposure(ctx, args.input),
    }),
    approveExposure: t.field({
      type: ExposureEntry,
      description: "The head's decision to publish the newest draft.",
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => approveExposure(ctx, args.id),
    }),
    publishExposure: t.field({
      type: ExposureEntry,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, args, ctx) => publishExposure(ctx, args.id),
    }),
    correctExposure: t.field({
      type: ExposureEntry,
      description: 'Drafts a correction of the published version; it is approved and published like the first.',
      args: {
        id: t.arg.id({ required: true }),
        input: t.arg({ type: inputTypeOf(builder, correctExposureInput, 'CorrectExposureInput'), required: true }),
      },
      resolve: (_r, args, ctx) => correctExposure(ctx, args.id, args.input),
    }),
    retractExposure: t.field({
      type: ExposureEntry,
      description: 'Replaces a published entry by a retraction notice: the head decides.',
      args: {
        id: t.arg.id({ required: true }),
        input: t.arg({ type: inputTypeOf(builder, retractExposureInput, 'RetractExposureInput'), required: true }),
      },
      resolve: (_r, args, ctx) => retractExposure(ctx, args.id, args.input),
    }),
  }));
  guardFields(builder, 'Query', { myExposures: allowed('exposure:listOwn') });
  const drafters = allowed('exposure:draft');
  guardFields(builder, 'Mutation', {
    draftExposure: drafters,
    approveExposure: drafters,
    publishExposure: drafters,
    correctExposure: drafters,
    retractExposure: drafters,
  });
}
