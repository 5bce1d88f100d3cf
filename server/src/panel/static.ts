/**
 * Serves the built panel (server/panel → dist/panel, `npm run build:panel`) at /painel/, and redirects
 * `/` there. Only files inside the folder; index.html for any other /painel/ path (the app routes itself).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fallback } from '../http/server';

export const PANEL_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/panel');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
};

export function panelStatic(dir = PANEL_DIST): Fallback {
  return async (_req, res, url) => {
    if (url.pathname === '/' || url.pathname === '/painel') {
      res.writeHead(302, { location: '/painel/' });
      res.end();
      return true;
    }
    if (!url.pathname.startsWith('/painel/')) return false;
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice('/painel/'.length));
    } catch {
      return false;
    }
    let file = path.resolve(dir, rel || 'index.html');
    if (!file.startsWith(dir + path.sep)) return false;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      if (rel.startsWith('assets/')) return false;
      file = path.join(dir, 'index.html');
      if (!fs.existsSync(file)) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Painel não compilado: rode npm run build:panel (npm run server compila sozinho).');
        return true;
      }
    }
    const body = fs.readFileSync(file);
    const ext = path.extname(file);
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY,
    });
    res.end(res.req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
