import type { IncomingMessage, ServerResponse } from 'node:http';
import { contextFor, type Services } from '../auth/context.ts';
import { HubError, invalid } from '../domain/errors.ts';
import type { ReportContent } from '../domain/reports.ts';
import { recordRefusal } from '../resolvers/audit.ts';
import { REPORT_FORMATS, type ReportFormat, reportFile, reportOrFail } from '../resolvers/reports/monthly.ts';
import { reportPdf } from '../resolvers/reports/pdf.ts';
import { reportCsv, reportXlsx } from '../resolvers/reports/render.ts';
import { HTTP_STATUS } from './errors.ts';
import { log } from './log.ts';

const MEDIA_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};
/** How a revision frozen before a file was kept is rendered from its content. */
const RENDERERS = { xlsx: reportXlsx, csv: reportCsv, pdf: reportPdf };
const isFormat = (format: string): format is ReportFormat => Object.hasOwn(REPORT_FORMATS, format);

/**
 * `GET /reports/<id>.xlsx`, `.csv` or `.pdf`: a frozen revision as superiors open it, for a caller who may read it; with
 * `.sig` after it, the file's detached signature (JSON: algorithm, keyId, signature), which `npm run verify` checks.
 */
export function reportRoutes(services: Services) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const match = /^\/reports\/([^/.]+)\.([^/.]+)(\.sig)?$/.exec(url.pathname);
    if (!match) return false;
    let ctx: Awaited<ReturnType<typeof contextFor>> | undefined;
    try {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' });
        res.end();
        return true;
      }
      ctx = await contextFor(services, req.headers.authorization, undefined, req.socket.remoteAddress);
      if (!ctx.viewer) throw new HubError('UNAUTHENTICATED', 'a token is needed');
      const format = match[2];
      if (!isFormat(format)) throw invalid('format', `must be xlsx, csv or pdf, not "${format}"`);
      const report = await reportOrFail(ctx, match[1]);
      const filename = `${report.regionCode}-${report.month}-r${report.revision}.${format}`;
      const signed = report[REPORT_FORMATS[format].signature];
      if (match[3]) {
        if (!signed)
          throw new HubError('NOT_FOUND', 'this revision was frozen before its files were signed: it has no signature');
        const signature = `${JSON.stringify(signed, null, 2)}\n`;
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${filename}.sig"`,
          'cache-control': 'private, no-store',
        });
        res.end(signature);
        return true;
      }
      // The file frozen with the revision; a revision frozen before files were kept is rendered from its content.
      const frozen = await reportFile(ctx, report.id, format);
      const meta = {
        revision: report.revision,
        digest: report.digest,
        digestAlgorithm: report.digestAlgorithm,
        generatedAt: report.generatedAt,
      };
      const content = report.content as ReportContent;
      const body = frozen?.bytes ?? (await RENDERERS[format](content, meta));
      res.writeHead(200, {
        'content-type': MEDIA_TYPES[format],
        'content-length': String(body.length),
        'content-disposition': `attachment; filename="${filename}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'x-report-digest': `${report.digestAlgorithm}=${report.digest}`,
        ...(frozen && { 'x-file-digest': `${frozen.digestAlgorithm}=${frozen.digest}` }),
        ...(signed && { link: `<${url.pathname}.sig>; rel="signature"` }),
      });
      res.end(body);
    } catch (error) {
      if (error instanceof HubError) {
        await recordRefusal({ db: services.db, viewer: ctx?.viewer ?? null }, url.pathname, error);
        res.writeHead(HTTP_STATUS[error.code], { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: error.message, code: error.code, ...(error.field && { field: error.field }) }));
      } else {
        log.error({ err: error }, 'report file');
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'internal error' }));
      }
    }
    return true;
  };
}
