import { agencyById } from '../../auth/context.ts';
import { DOCUMENT_KINDS } from '../../domain/codes.ts';
import { type DocumentFileRow, fileOf } from '../../resolvers/documents.ts';
import { guardType, type HubBuilder } from '../builder.ts';
import { enumOf } from '../input.ts';
import { guardedByParent } from '../rules.ts';
import type { SharedRefs } from './refs.ts';

/** A document of the procedure, reached through its matter's timeline or documents. */
export function addDocument(builder: HubBuilder, { Document, Agency }: SharedRefs) {
  const DocumentFile = builder.objectRef<DocumentFileRow>('DocumentFile').implement({
    description:
      'The signed file a document carries. Download it with GET `path` and your token; every download is audited.',
    fields: (t) => ({
      filename: t.exposeString('filename'),
      contentType: t.exposeString('contentType', {
        description: 'application/pdf, image/png or image/jpeg, by the file’s content.',
      }),
      size: t.exposeInt('size'),
      digest: t.exposeString('digest', { description: 'Of the file’s bytes, in hex, with `digestAlgorithm`.' }),
      digestAlgorithm: t.exposeString('digestAlgorithm', { description: 'SHA-256 or SM3: the hub’s suite at upload.' }),
      sha256: t.string({
        nullable: true,
        deprecationReason: 'Use digest and digestAlgorithm: under HUB_CRYPTO=GM files are hashed with SM3.',
        resolve: (f) => (f.digestAlgorithm === 'SHA-256' ? f.digest : null),
      }),
      uploadedAt: t.expose('uploadedAt', { type: 'DateTime' }),
      path: t.string({
        description: 'Where to download it from the gateway.',
        resolve: (f) => `/documents/${f.documentId}/file`,
      }),
    }),
  });
  guardType(builder, 'DocumentFile', guardedByParent);
  Document.implement({
    description: 'A document the procedure issued, numbered in its agency’s yearly series.',
    fields: (t) => ({
      kind: t.expose('kind', { type: enumOf(builder, DOCUMENT_KINDS) }),
      title: t.string({ resolve: (d) => DOCUMENT_KINDS.labels[d.kind] }),
      number: t.exposeString('number'),
      issuedAt: t.expose('issuedAt', { type: 'DateTime' }),
      agency: t.field({ type: Agency, resolve: async (d, _a, ctx) => (await agencyById(ctx, d.agencyId))! }),
      id: t.exposeID('id'),
      file: t.field({
        type: DocumentFile,
        nullable: true,
        description: 'Null until the issuing agency uploads it (PUT /documents/<id>/file).',
        resolve: (d, _a, ctx) => fileOf(ctx, d.id),
      }),
    }),
  });
  guardType(builder, 'Document', guardedByParent);
}
