import fs from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { Route } from '../host/server';
import type { ExportService } from './service';

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function same(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Browser host: GET /exports/<id>?token=<the page's token> → the file as an
 * attachment (the browser's download). Needs both the host's token (like the
 * API) and the export's random id.
 */
export function exportsRoute(exports: ExportService, token: () => string): Route {
  return (req, res, url) => {
    const m = /^\/exports\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (!m || req.method !== 'GET') return false;
    const f = same(url.searchParams.get('token'), token()) ? exports.file(m[1]) : null;
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
    fs.createReadStream(f.file).pipe(res);
    return true;
  };
}
