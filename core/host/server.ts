import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../app/dispatch';
import type { EventHub } from '../app/events';
import { newUpload } from '../app/uploads';
import { SaleEncoder, type CallMessage } from '../../shared/wire';

/** Extra pages mounted on the host (sandbox consoles, the virtual printer's page). Return true when handled. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface HostOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** Built renderer (vite build output). */
  staticDir: string;
  port: number;
  /** Per-start secret the page must send back; random when omitted. */
  token?: string;
  routes?: Route[];
  maxBodyBytes?: number;
  /** Limit of one POST /upload (a catalog CSV streamed to a file). */
  maxUploadBytes?: number;
}

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function sameToken(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads a request body up to `limit` bytes (then rejects and drops the connection). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('corpo grande demais'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
  });
  res.end(body);
}

/**
 * POST /upload: the body streamed to a new upload file (never held in memory),
 * answered with its id for an API call (catalog.importUpload) to use.
 */
function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  const json = (status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    json(413, { ok: false, error: { code: 'host.tooLarge', message: `Arquivo maior que ${Math.round(limit / 1024 / 1024)} MB.` } });
    req.resume();
    return;
  }
  const { id, file } = newUpload();
  const out = fs.createWriteStream(file, { mode: 0o600 });
  let size = 0;
  let failed = false;
  const fail = (status: number, code: string, message: string) => {
    if (failed) return;
    failed = true;
    out.destroy();
    fs.rmSync(file, { force: true });
    if (!res.headersSent) json(status, { ok: false, error: { code, message } });
    req.destroy();
  };
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > limit) fail(413, 'host.tooLarge', `Arquivo maior que ${Math.round(limit / 1024 / 1024)} MB.`);
  });
  req.on('error', () => fail(400, 'host.uploadFailed', 'O envio do arquivo foi interrompido.'));
  out.on('error', (e) => fail(500, 'host.uploadFailed', `Não foi possível gravar o arquivo enviado: ${e.message}`));
  req.pipe(out);
  out.on('finish', () => {
    if (!failed) json(200, { ok: true, value: { uploadId: id, bytes: size } });
  });
}

/**
 * API calls over an authenticated socket (the token was checked at the
 * upgrade, exactly like the header of POST /api/*): `{ call, method, input }`
 * → `{ reply, result | patch }` (see shared/wire.ts). Replies go out in the
 * order the calls finish; the screen matches them by id.
 */
function serveCalls(ws: WebSocket, dispatch: Dispatch): void {
  const encoder = new SaleEncoder();
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return;
    let msg: CallMessage;
    try {
      msg = JSON.parse(data.toString()) as CallMessage;
    } catch {
      return; // a malformed frame is ignored, like on the screen's side
    }
    if (typeof msg?.call !== 'number' || typeof msg.method !== 'string') return;
    const result = await dispatch(msg.method, msg.input);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(encoder.encode(msg.call, result)));
  });
}

/**
 * The browser host: serves the renderer and the typed API over HTTP
 * (POST /api/<method>) and events over WebSocket (/events), bound to
 * 127.0.0.1 only and guarded by a per-start token injected into the page.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const staticRoot = path.resolve(opts.staticDir);
  const maxBody = opts.maxBodyBytes ?? 300 * 1024 * 1024;

  const indexHtml = (): string | null => {
    const file = path.join(staticRoot, 'index.html');
    if (!fs.existsSync(file)) return null;
    return fs
      .readFileSync(file, 'utf8')
      .replace('</head>', `<meta name="balcao-token" content="${token}"><meta name="balcao-shell" content="browser"></head>`);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/') || url.pathname === '/upload') {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'use POST');
        if (!sameToken(req.headers['x-balcao-token'] as string | undefined, token)) {
          return send(res, 401, 'application/json', JSON.stringify({ ok: false, error: { code: 'host.unauthorized', message: 'Sessão inválida: recarregue a página.' } }));
        }
        if (url.pathname === '/upload') return receiveUpload(req, res, opts.maxUploadBytes ?? 200 * 1024 * 1024);
        const body = await readBody(req, maxBody);
        let input: unknown = {};
        if (body.length) {
          try {
            input = JSON.parse(body.toString('utf8'));
          } catch {
            return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'api.badJson', message: 'JSON inválido.' } }));
          }
        }
        const result = await opts.dispatch(decodeURIComponent(url.pathname.slice(5)), input);
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
      }
      for (const route of opts.routes ?? []) {
        if (await route(req, res, url)) return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'método não permitido');
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const html = indexHtml();
        if (!html) return send(res, 503, 'text/plain; charset=utf-8', 'Tela não compilada: rode `npm run build:renderer`.');
        return send(res, 200, TYPES['.html'], html);
      }
      const file = path.resolve(staticRoot, '.' + decodeURIComponent(url.pathname));
      if (!file.startsWith(staticRoot + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return send(res, 404, 'text/plain; charset=utf-8', 'não encontrado');
      }
      return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `erro: ${(err as Error).message}`);
    }
  });

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      serveCalls(ws, opts.dispatch);
    });
  });
  const unsubscribe = opts.events.subscribe((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
