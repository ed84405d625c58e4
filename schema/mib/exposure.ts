import { BEHAVIOURS, EXPOSURE_KINDS } from '../../domain/codes.ts';
import type { DetachedSignature } from '../../domain/crypto.ts';
import { listPublishedExposures, type PublishedExposure } from '../../resolvers/exposures.ts';
import { guardFields, guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { allowed } from '../rules.ts';

/**
 * The public exposure feed (曝光, J 五(三)) and typical cases (G §26): what an agency published, for anyone, with no
 * token. Only published versions reach these types; a retracted entry shows its notice and nothing else.
 */
export function addExposure(builder: HubBuilder) {
  const ExposureCorrection = builder.objectRef<PublishedExposure['current']>('ExposureCorrection').implement({
    description: 'A correction of a published entry: what it changed, and when it was published.',
    fields: (t) => ({
      version: t.exposeInt('number'),
      note: t.string({ resolve: (v) => v.correctionNote ?? '' }),
      correctedAt: t.field({ type: 'DateTime', resolve: (v) => v.publishedAt! }),
    }),
  });
  const Signature = builder.objectRef<DetachedSignature>('Signature').implement({
    description: 'A detached signature: Ed25519, or SM2 with SM3 and the default ID 1234567812345678 (HUB_CRYPTO=GM).',
    fields: (t) => ({
      algorithm: t.exposeString('algorithm', { description: 'Ed25519 or SM2-SM3.' }),
      keyId: t.exposeString('keyId', { description: 'Which public key: GET /keys/<keyId>.pem.' }),
      value: t.exposeString('signature', { description: 'The signature, DER, in base64.' }),
    }),
  });
  const shown =
    <T>(read: (e: PublishedExposure) => T) =>
    (e: PublishedExposure) =>
      e.entry.retractedAt ? null : read(e);
  const Exposure = builder.objectRef<PublishedExposure>('Exposure').implement({
    description:
      'A published exposure entry or typical case. Individuals appear redacted (张某某); institutions by name and code.',
    fields: (t) => ({
      id: t.id({ resolve: (e) => e.entry.id }),
      kind: t.field({ type: enumOf(builder, EXPOSURE_KINDS), resolve: (e) => e.entry.kind }),
      regionCode: t.string({ resolve: (e) => e.entry.regionCode }),
      regionName: t.string({ resolve: (e) => e.regionName }),
      publisher: t.string({ description: 'The agency that published it.', resolve: (e) => e.publisherName }),
      title: t.string({ resolve: (e) => (e.entry.retractedAt ? `【已撤回】${e.current.title}` : e.current.title) }),
      subjectName: t.string({ nullable: true, resolve: shown((e) => e.current.subjectName) }),
      creditCode: t.string({
        nullable: true,
        description: 'Unified social credit code of an institution.',
        resolve: shown((e) => e.current.creditCode),
      }),
      behaviours: t.field({
        type: [enumOf(builder, BEHAVIOURS)],
        nullable: true,
        resolve: shown((e) => e.current.behaviours),
      }),
      amountRecovered: t.field({ type: 'Money', nullable: true, resolve: shown((e) => e.current.amountRecovered) }),
      penalties: t.string({ nullable: true, resolve: shown((e) => e.current.penalties) }),
      policeResult: t.string({ nullable: true, resolve: shown((e) => e.current.policeResult) }),
      courtResult: t.string({ nullable: true, resolve: shown((e) => e.current.courtResult) }),
      summary: t.string({ nullable: true, resolve: shown((e) => e.current.summary) }),
      publishedAt: t.field({ type: 'DateTime', resolve: (e) => e.entry.publishedAt! }),
      corrections: t.field({ type: [ExposureCorrection], resolve: (e) => e.corrections }),
      retractedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.entry.retractedAt }),
      retractionNotice: t.string({ nullable: true, resolve: (e) => e.entry.retractionNotice }),
      signedContent: t.string({
        nullable: true,
        description:
          'The published version as the hub signed it (canonical JSON of the fields above); null once retracted.',
        resolve: shown((e) => e.current.signedContent),
      }),
      signature: t.field({
        type: Signature,
        nullable: true,
        description: 'The hub’s signature of signedContent; check it with `npm run verify` and /keys/<keyId>.pem.',
        resolve: shown((e) => e.current.signature),
      }),
    }),
  });
  const ExposurePage = builder.objectRef<Awaited<ReturnType<typeof listPublishedExposures>>>('ExposurePage').implement({
    fields: (t) => ({
      items: t.field({ type: [Exposure], resolve: (p) => p.items }),
      nextCursor: t.exposeString('nextCursor', { nullable: true }),
    }),
  });
  builder.queryField('exposures', (t) =>
    t.field({
      type: ExposurePage,
      description: 'Published exposure entries and typical cases, newest first: public, no token needed.',
      args: {
        region: t.arg.string({ description: 'A GB/T 2260 division: entries in it and the divisions under it.' }),
        kind: t.arg({ type: enumOf(builder, EXPOSURE_KINDS) }),
        first: t.arg.int(),
        after: t.arg.string(),
      },
      resolve: (_r, args, ctx) => listPublishedExposures(ctx, args),
    }),
  );
  const everyone = allowed('exposure:readPublished');
  for (const type of ['Exposure', 'ExposureCorrection', 'ExposurePage', 'Signature'])
    guardType(builder, type, everyone);
  guardFields(builder, 'Query', { exposures: everyone });
}
