import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../app/dispatch';
import type { EventHub } from '../app/events';
import { newUpload } from '../app/uploads';
import { SaleEncoder, type CallMessage } from '../../shared/wire';
import { checkRequest, checkSite, refuseUpgrade, safeDecode, sendRefusal, sessionCookie, setSecurityHeaders } from './guard';

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
  /** API request body cap (default 1 MB); over it → 413. */
  maxBodyBytes?: number;
  /** Per-method caps over the default (catalog.import carries a file as base64). */
  methodBodyLimits?: Record<string, number>;
  /** Limit of one POST /upload (a catalog CSV streamed to a file). */
  maxUploadBytes?: number;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;
/** catalog.import sends the CSV as base64 inside JSON (4/3 of the file). */
export const METHOD_BODY_LIMITS: Record<string, number> = { 'catalog.import': 64 * 1024 * 1024 };

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

/** How long the host keeps an idle browser connection (longer than Chromium keeps an idle socket, 5 min). */
export const IDLE_KEEP_ALIVE_MS = 10 * 60_000;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`corpo grande demais (limite ${limit} bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body up to `limit` bytes. Over it, nothing more is kept:
 * the rest is drained (up to 16× the limit, so the client can read a 413)
 * or the connection is dropped, and the promise rejects with BodyTooLargeError.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const drainCap = Math.max(limit * 16, 16 * 1024 * 1024);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > drainCap) {
      reject(new BodyTooLargeError(limit));
      req.resume();
      return;
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > drainCap) {
        req.destroy();
        return;
      }
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (size > drainCap) reject(new BodyTooLargeError(limit));
    });
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
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

/** Close codes the call server uses (RFC 6455 §7.4.1); ws itself closes with 1007 (invalid UTF-8) and 1009 (too big). */
export const CLOSE_UNSUPPORTED = 1003;
export const CLOSE_BAD_DATA = 1007;
export const CLOSE_POLICY = 1008;

/**
 * API calls over an authenticated socket (the token was checked at the
 * upgrade, exactly like the header of POST /api/*): `{ call, method, input }`
 * → `{ reply, result | patch }` (see shared/wire.ts). Replies go out in the
 * order the calls finish; the screen matches them by id.
 *
 * A client can never stop the host: every socket has an `error` handler (ws
 * reports a bad frame there — invalid UTF-8, over the size cap, a protocol
 * error — and closes that one connection with its code), a binary frame is
 * closed with 1003, a text frame that is not JSON with 1007, and a JSON frame
 * that is not a call with 1008. A call with a well-formed id but a wrong
 * method or input gets an error value, like over HTTP.
 */
function serveCalls(ws: WebSocket, dispatch: Dispatch): void {
  const encoder = new SaleEncoder();
  ws.on('error', () => {
    /* ws has already closed this connection with the matching code (1002, 1007, 1009): nothing else to do */
  });
  const reply = (msg: string) => {
    if (ws.readyState === ws.OPEN) ws.send(msg, () => {});
  };
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return ws.close(CLOSE_UNSUPPORTED, 'somente mensagens de texto');
    let msg: CallMessage;
    try {
      msg = JSON.parse(data.toString()) as CallMessage;
    } catch {
      return ws.close(CLOSE_BAD_DATA, 'mensagem não é JSON');
    }
    if (!msg || typeof msg !== 'object' || typeof msg.call !== 'number' || !Number.isSafeInteger(msg.call)) {
      return ws.close(CLOSE_POLICY, 'mensagem não é uma chamada');
    }
    if (typeof msg.method !== 'string' || msg.method.length > 100) {
      return reply(JSON.stringify({ reply: msg.call, result: { ok: false, error: { code: 'api.badCall', message: 'Chamada inválida.' } } }));
    }
    let result: Awaited<ReturnType<Dispatch>>;
    try {
      result = await dispatch(msg.method, msg.input);
    } catch {
      result = { ok: false, error: { code: 'internal', message: 'Erro interno no Balcão.' } };
    }
    reply(JSON.stringify(encoder.encode(msg.call, result)));
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
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const bodyLimits = { ...METHOD_BODY_LIMITS, ...opts.methodBodyLimits };
  let port = opts.port;
  const apiError = (res: http.ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}) =>
    sendRefusal(res, { status, code, message }, extra);

  const indexHtml = (): string | null => {
    const file = path.join(staticRoot, 'index.html');
    if (!fs.existsSync(file)) return null;
    return fs
      .readFileSync(file, 'utf8')
      .replace('</head>', `<meta name="balcao-token" content="${token}"><meta name="balcao-shell" content="browser"></head>`);
  };

  const server = http.createServer(async (req, res) => {
    try {
      setSecurityHeaders(res);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const site = checkSite(req, port);
      if (site) return sendRefusal(res, site, { connection: 'close' });
      if (url.pathname.startsWith('/api/') || url.pathname === '/upload') {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'use POST');
        const refused = checkRequest(req, url, { port, token, from: ['header'] });
        if (refused) return sendRefusal(res, refused);
        if (url.pathname === '/upload') return receiveUpload(req, res, opts.maxUploadBytes ?? 200 * 1024 * 1024);
        const method = safeDecode(url.pathname.slice(5));
        if (method === null) return apiError(res, 400, 'api.badUrl', 'Endereço inválido.');
        let body: Buffer;
        try {
          body = await readBody(req, bodyLimits[method] ?? maxBody);
        } catch (err) {
          if (!(err instanceof BodyTooLargeError)) throw err;
          const mb = (err.limit / (1024 * 1024)).toLocaleString('pt-BR', { maximumFractionDigits: 1 });
          return apiError(res, 413, 'api.tooLarge', `Dados grandes demais para esta operação (limite de ${mb} MB).`, { connection: 'close' });
        }
        let input: unknown = {};
        if (body.length) {
          try {
            input = JSON.parse(body.toString('utf8'));
          } catch {
            return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'api.badJson', message: 'JSON inválido.' } }));
          }
        }
        const result = await opts.dispatch(method, input);
        return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
      }
      const rel = safeDecode(url.pathname);
      if (rel === null) return send(res, 400, 'text/plain; charset=utf-8', 'endereço inválido');
      const isGet = req.method === 'GET' || req.method === 'HEAD';
      if (isGet && (url.pathname === '/' || url.pathname === '/index.html')) {
        const html = indexHtml();
        if (!html) return send(res, 503, 'text/plain; charset=utf-8', 'Tela não compilada: rode `npm run build:renderer`.');
        // The session cookie lets pages opened by navigation (sandbox consoles) prove the session.
        res.setHeader('set-cookie', sessionCookie(port, token));
        return send(res, 200, TYPES['.html'], html);
      }
      const file = path.resolve(staticRoot, '.' + rel);
      const isStatic = file.startsWith(staticRoot + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
      if (isGet && isStatic) return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
      // Every mounted route (sandbox consoles, whichever sandbox adds one) is behind the session token.
      if (opts.routes?.length) {
        const refused = checkRequest(req, url, { port, token, from: ['header', 'cookie'] });
        if (refused) return sendRefusal(res, refused);
        for (const route of opts.routes) {
          if (await route(req, res, url)) return;
        }
      }
      if (!isGet) return send(res, 405, 'text/plain; charset=utf-8', 'método não permitido');
      return send(res, 404, 'text/plain; charset=utf-8', 'não encontrado');
    } catch (err) {
      if (err instanceof URIError) {
        if (!res.headersSent) send(res, 400, 'text/plain; charset=utf-8', 'endereço inválido');
        return;
      }
      // The detail goes nowhere near the client: a stack or a path could leak.
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'erro interno');
    }
  });

  // A busy host is slow, not gone. Node closes an idle kept-alive connection after 5 s by default: when the
  // machine is loaded that close races the browser's next request on the same socket (the browser sent it, the
  // host's timer fired first and reset the socket), and the page's fetch failed — "Sem conexão com o Balcão".
  // The page is the only client, on 127.0.0.1: let the browser decide when an idle socket goes (it closes its
  // own idle sockets well before this), and never time out a request that is merely waiting for a busy core.
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  server.headersTimeout = 0;
  server.requestTimeout = 0;

  // Calls travel over the socket too: the same 1 MB cap as an API body (big inputs go over HTTP/upload).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  const sockets = new Set<WebSocket>();
  wss.on('error', () => {
    /* a failed upgrade concerns one client only */
  });
  server.on('upgrade', (req, socket, head) => {
    // Node removes its own error listener from an upgraded socket: a reset before ws takes it must not throw.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refused =
      url.pathname === '/events'
        ? checkRequest(req, url, { port, token, from: ['query'] })
        : { status: 401, code: 'host.unauthorized', message: '' };
    if (refused) return refuseUpgrade(socket, refused);
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
  port = (server.address() as AddressInfo).port;
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
