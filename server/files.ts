import type { IncomingMessage, ServerResponse } from 'node:http';
import { contextFor, type Services } from '../auth/context.ts';
import { HubError } from '../domain/errors.ts';
import { recordRefusal } from '../resolvers/audit.ts';
import { downloadDocumentFile, uploadDocumentFile } from '../resolvers/documents.ts';
import { HTTP_STATUS } from './errors.ts';
import { log } from './log.ts';

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

async function readAtMost(req: IncomingMessage, limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A document's signed file over plain HTTP, not GraphQL multipart: `PUT /documents/<id>/file?filename=…` with the
 * bytes as the body (by the agency that issued the document), `GET /documents/<id>/file` (by whoever may read the
 * matter). The caller's token is checked as for GraphQL.
 */
export function fileRoutes(services: Services, maxBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const match = /^\/documents\/([^/]+)\/file$/.exec(url.pathname);
    if (!match) return false;
    let ctx: Awaited<ReturnType<typeof contextFor>> | undefined;
    try {
      ctx = await contextFor(services, req.headers.authorization, undefined, req.socket.remoteAddress);
      if (!ctx.viewer) throw new HubError('UNAUTHENTICATED', 'a token is needed');
      if (req.method === 'PUT') {
        const declared = Number(req.headers['content-length'] ?? 0);
        const bytes = declared > maxBytes ? null : await readAtMost(req, maxBytes);
        if (!bytes) {
          json(res, 413, { error: `file: at most ${maxBytes} bytes` });
          return true;
        }
        const stored = await uploadDocumentFile(
          ctx,
          match[1],
          bytes,
          url.searchParams.get('filename') ?? 'document.pdf',
        );
        json(res, 201, stored);
      } else if (req.method === 'GET') {
        const file = await downloadDocumentFile(ctx, match[1]);
        res.writeHead(200, {
          'content-type': file.contentType,
          'content-length': String(file.size),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
          'x-content-digest': `${file.digestAlgorithm}=${file.digest}`,
        });
        res.end(file.data);
      } else {
        res.writeHead(405, { allow: 'GET, PUT' });
        res.end();
      }
    } catch (error) {
      if (error instanceof HubError) {
        await recordRefusal({ db: services.db, viewer: ctx?.viewer ?? null }, url.pathname, error);
        const status = error.code === 'BAD_USER_INPUT' && error.field === 'file' ? 415 : HTTP_STATUS[error.code];
        json(res, status, { error: error.message, code: error.code });
      } else {
        log.error({ err: error }, 'document file');
        json(res, 500, { error: 'internal error' });
      }
    }
    return true;
  };
}
