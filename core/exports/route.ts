import fs from 'node:fs';
import type { Route } from '../host/server';
import type { ExportService } from './service';

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Browser host: GET /exports/<id> → the file as an attachment (the browser's download). Mounted among the
 * host's routes, it is served only to a request with the session cookie (or the token header) and needs the
 * export's random id; no token ever travels in the URL (it would land in the browser's history).
 */
export function exportsRoute(exports: ExportService): Route {
  return (req, res, url) => {
    const m = /^\/exports\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (!m || req.method !== 'GET') return false;
    const f = exports.file(m[1]);
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Arquivo de exportação não encontrado. Exporte de novo.');
      return true;
    }
    const ext = f.fileName.split('.').pop() ?? '';
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': fs.statSync(f.file).size,
      'content-disposition': `attachment; filename="${f.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    // A file swept while it is read must not become an unhandled 'error' (the host never dies of one download).
    fs.createReadStream(f.file).on('error', () => res.destroy()).pipe(res);
    return true;
  };
}
