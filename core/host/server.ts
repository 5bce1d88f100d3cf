import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../kernel/handlers';
import type { EventHub } from '../kernel/events';
import { serveCalls, type CallTiming } from './calls';
import { checkRequest, checkSite, cookieValue, newCookieName, refuseUpgrade, safeDecode, sameToken, sendRefusal, sessionCookie, setSecurityHeaders } from './guard';
import { BodyTooLargeError, loginPage, readBody, receiveUpload, refuseBody, send } from './responses';

export { CLOSE_BAD_DATA, CLOSE_POLICY, CLOSE_UNSUPPORTED, type CallTiming } from './calls';
export { BodyTooLargeError, readBody } from './responses';

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
  /** The data folder: uploads go to `<dataDir>/uploads` (0700). Without it POST /upload is refused. */
  dataDir?: string;
  /**
   * Whether a person is logged in at the till (users.session). Bodies bigger than the default cap
   * (catalog.import, POST /upload) are read only then: refused on their headers before any byte is buffered.
   * Default: always (a host without users).
   */
  signedIn?: () => boolean;
  /** Told each time a one-time login URL is used (the start script prints the next one). */
  onLogin?: () => void;
  /** Told, for every call over the WebSocket, when it arrived, was answered and its reply sent (the bench). */
  onCall?: (t: CallTiming) => void;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;
/** catalog.import sends the CSV as base64 inside JSON (4/3 of the file). */
export const METHOD_BODY_LIMITS: Record<string, number> = { 'catalog.import': 64 * 1024 * 1024 };

export interface Host {
  url: string;
  port: number;
  token: string;
  /** This start's session cookie name (random: not guessable from the port). */
  cookieName: string;
  /** A new one-time login URL: opening it gives that browser the session cookie (and the page its token). */
  loginUrl(): string;
  close(): Promise<void>;
}

/** Unused one-time login codes kept at most (older ones stop working). */
const MAX_LOGIN_CODES = 8;

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

/**
 * The browser host: serves the renderer and the typed API over HTTP
 * (POST /api/<method>) and events over WebSocket (/events), bound to
 * 127.0.0.1 only and guarded by a per-start token injected into the page.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const cookieName = newCookieName();
  const sessions = new Set<string>();
  const codes: string[] = [];
  const signedIn = opts.signedIn ?? (() => true);
  const hasSession = (req: http.IncomingMessage) => {
    const v = cookieValue(req.headers.cookie, cookieName);
    return v !== null && sessions.has(v);
  };
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
        // Everything on the headers first: nothing is read (let alone buffered) for a caller without the token.
        const refused = checkRequest(req, url, { port, token, from: ['header'] });
        if (refused) return refuseBody(req, res, refused);
        const declared = Number(req.headers['content-length'] ?? 0);
        const loginFirst = { status: 401, code: 'auth.loginRequired', message: 'Entre com seu usuário e PIN antes de enviar arquivos.' };
        if (url.pathname === '/upload') {
          if (!signedIn()) return refuseBody(req, res, loginFirst);
          return receiveUpload(req, res, opts.maxUploadBytes ?? 200 * 1024 * 1024, opts.dataDir);
        }
        const method = safeDecode(url.pathname.slice(5));
        if (method === null) return apiError(res, 400, 'api.badUrl', 'Endereço inválido.');
        // A bigger limit (catalog.import) only for a till where someone is logged in.
        let limit = bodyLimits[method] ?? maxBody;
        if (limit > maxBody && !signedIn()) {
          if (declared > maxBody) return refuseBody(req, res, loginFirst);
          limit = maxBody;
        }
        let body: Buffer;
        try {
          body = await readBody(req, limit);
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
      if (isGet && url.pathname === '/login') {
        // The one-time login URL printed at start: spent here, exchanged for the session cookie.
        const code = url.searchParams.get('code');
        const i = code ? codes.findIndex((c) => sameToken(code, c)) : -1;
        if (i < 0) return send(res, 401, TYPES['.html'], loginPage('Este endereço de acesso não vale mais (cada um abre o Balcão uma vez).'));
        codes.splice(i, 1);
        const session = randomBytes(32).toString('hex');
        sessions.add(session);
        res.writeHead(303, { location: '/', 'set-cookie': sessionCookie(cookieName, session), 'cache-control': 'no-store' });
        res.end();
        opts.onLogin?.();
        return;
      }
      if (isGet && (url.pathname === '/' || url.pathname === '/index.html')) {
        // The token goes only to a browser that holds a session: a process that merely reaches the port gets none.
        if (!hasSession(req)) return send(res, 401, TYPES['.html'], loginPage());
        const html = indexHtml();
        if (!html) return send(res, 503, 'text/plain; charset=utf-8', 'Tela não compilada: rode `npm run build:renderer`.');
        return send(res, 200, TYPES['.html'], html);
      }
      const file = path.resolve(staticRoot, '.' + rel);
      const isStatic = file.startsWith(staticRoot + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile();
      if (isGet && isStatic) return send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
      // Every mounted route (sandbox consoles, whichever sandbox adds one) is behind the session token.
      if (opts.routes?.length) {
        const refused = hasSession(req) ? null : checkRequest(req, url, { port, token, from: ['header'] });
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
      serveCalls(ws, opts.dispatch, opts.onCall);
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
    cookieName,
    loginUrl: () => {
      const code = randomBytes(24).toString('base64url');
      codes.push(code);
      if (codes.length > MAX_LOGIN_CODES) codes.shift();
      return `http://127.0.0.1:${port}/login?code=${code}`;
    },
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
