import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { batched, type Context } from '../auth/context.ts';
import { can } from '../auth/policy.ts';
import { anyOf } from '../db/any-of.ts';
import { recordAudit } from '../db/audit.ts';
import { documentFiles, documents, matters } from '../db/schema.ts';
import { cryptoSuite, digest } from '../domain/crypto.ts';
import { conflict, HubError, invalid, notFound } from '../domain/errors.ts';

/**
 * The signed file a document carries: uploaded once by the agency that issued the document, kept with its digest,
 * downloaded by whoever may read the matter, every download in the audit log. Stored in PostgreSQL.
 */

export type DocumentFileRow = Omit<typeof documentFiles.$inferSelect, 'data'>;

/** What a file is, by its first bytes: the type it claims does not count. */
const SIGNATURES: [string, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];
export const contentTypeOf = (bytes: Buffer) =>
  SIGNATURES.find(([, magic]) => magic.every((b, i) => bytes[i] === b))?.[0];

const filename = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\\p{Cc}]+$/u, 'must be a plain file name');

/** The document and its matter, if the viewer may read the matter; otherwise it does not exist. */
async function documentInSlice(ctx: Context, id: string) {
  if (!ctx.viewer || !z.uuid().safeParse(id).success) throw notFound('document');
  const [row] = await ctx.db
    .select({ document: documents, matter: matters })
    .from(documents)
    .innerJoin(matters, eq(matters.id, documents.matterId))
    .where(eq(documents.id, id));
  if (!row || !can(ctx.viewer, 'matter:read', row.matter)) throw notFound('document');
  return row;
}

export async function uploadDocumentFile(ctx: Context, documentId: string, bytes: Buffer, name: string) {
  const { document, matter } = await documentInSlice(ctx, documentId);
  const viewer = ctx.viewer!;
  if (document.agencyId !== viewer.agency.id) throw notFound('document');
  const parsedName = filename.safeParse(name);
  if (!parsedName.success) throw invalid('filename', 'must be a plain file name of at most 200 characters');
  const contentType = contentTypeOf(bytes);
  if (!contentType)
    throw new HubError('BAD_USER_INPUT', 'file: must be a PDF, PNG or JPEG (checked by its content)', 'file');
  const digestAlgorithm = cryptoSuite().digest;
  const hash = digest(bytes, digestAlgorithm);
  return ctx.db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(documentFiles)
      .values({
        documentId,
        filename: parsedName.data,
        contentType,
        size: bytes.length,
        digest: hash,
        digestAlgorithm,
        data: bytes,
        uploadedBy: viewer.personId,
        uploadedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ documentId: documentFiles.documentId });
    if (!stored) throw conflict('the document already carries its file; a document’s file is never replaced');
    await recordAudit(tx, viewer, [
      {
        action: 'DOCUMENT_FILE_UPLOADED',
        targetType: 'Document',
        targetId: documentId,
        detail: { matterId: matter.id, digest: hash, digestAlgorithm },
      },
    ]);
    return { digest: hash, digestAlgorithm, size: bytes.length, contentType };
  });
}

/** The file, checked against its hash; the download is in the audit log before a byte leaves. */
export async function downloadDocumentFile(ctx: Context, documentId: string) {
  const { matter } = await documentInSlice(ctx, documentId);
  const [file] = await ctx.db.select().from(documentFiles).where(eq(documentFiles.documentId, documentId));
  if (!file) throw notFound('file');
  const intact = digest(file.data, file.digestAlgorithm) === file.digest;
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx.viewer, [
      {
        action: intact ? 'DOCUMENT_FILE_DOWNLOADED' : 'DOCUMENT_FILE_CORRUPTED',
        targetType: 'Document',
        targetId: documentId,
        detail: { matterId: matter.id, digest: file.digest, digestAlgorithm: file.digestAlgorithm },
      },
    ]),
  );
  if (!intact)
    throw conflict(`the stored file does not match its ${file.digestAlgorithm}: it was changed after upload`);
  return file;
}

/** A document's file, without its bytes; batched per request. */
export const fileOf = (ctx: Context, documentId: string) =>
  batched<string, DocumentFileRow | null>(ctx, 'documentFile', async (ids) => {
    const rows = await ctx.db
      .select({
        documentId: documentFiles.documentId,
        filename: documentFiles.filename,
        contentType: documentFiles.contentType,
        size: documentFiles.size,
        digest: documentFiles.digest,
        digestAlgorithm: documentFiles.digestAlgorithm,
        uploadedBy: documentFiles.uploadedBy,
        uploadedAt: documentFiles.uploadedAt,
      })
      .from(documentFiles)
      .where(anyOf(documentFiles.documentId, ids));
    return ids.map((id) => rows.find((r) => r.documentId === id) ?? null);
  }).load(documentId);
