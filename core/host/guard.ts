import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/**
 * The browser host's boundary checks, shared by the HTTP and WebSocket paths
 * (and by any sandbox console served on its own port):
 *  - Host allow-list: only 127.0.0.1:PORT, localhost:PORT, [::1]:PORT (DNS
 *    rebinding sends a foreign Host: refused before anything is served, the
 *    page with the token included);
 *  - same-origin Origin: a browser request from another site carries its
 *    Origin and is refused; non-browser clients send none;
 *  - the per-start token: `x-balcao-token` header (API), `?token=` (WebSocket);
 *  - the session cookie (HttpOnly, SameSite=Strict, a random name per start:
 *    cookies are not port-scoped, so the name must not be guessable from the
 *    port) that a person gets from the one-time login URL; without it the
 *    page carries no token (see server.ts).
 */

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** `Host` header allowed for a server listening on `port` (the names the till's browser uses). */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  return LOOPBACK_NAMES.some((n) => h === `${n}:${port}`);
}

/** No Origin (non-browser client) or exactly this request's own origin. `null` origins are refused. */
export function sameOrigin(origin: string | undefined, host: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  if (!allowedHost(host, port)) return false;
  return origin.trim().toLowerCase() === `http://${host!.trim().toLowerCase()}`;
}

export function sameToken(a: string | undefined | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A session cookie's name: random per start (another local server cannot tell it from the port). */
export const newCookieName = () => `balcao_${randomBytes(8).toString('hex')}`;

export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict`;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Host + Origin: every request, every path. */
export function checkSite(req: http.IncomingMessage, port: number): Refusal | null {
  const host = header(req, 'host');
  if (!allowedHost(host, port)) {
    return { status: 421, code: 'host.badHost', message: 'Endereço não autorizado: abra o Balcão por http://127.0.0.1.' };
  }
  if (!sameOrigin(header(req, 'origin'), host, port)) {
    return { status: 403, code: 'host.badOrigin', message: 'Origem não autorizada: outra página tentou usar o Balcão.' };
  }
  return null;
}

export type TokenSource = 'header' | 'query' | 'cookie';

/** Host + Origin + the token from the given places. */
export function checkRequest(
  req: http.IncomingMessage,
  url: URL,
  opts: { port: number; token: string; from: TokenSource[]; cookieName?: string },
): Refusal | null {
  const site = checkSite(req, opts.port);
  if (site) return site;
  const candidates: (string | null | undefined)[] = [];
  if (opts.from.includes('header')) candidates.push(header(req, 'x-balcao-token'));
  if (opts.from.includes('query')) candidates.push(url.searchParams.get('token'));
  if (opts.from.includes('cookie') && opts.cookieName) candidates.push(cookieValue(header(req, 'cookie'), opts.cookieName));
  if (!candidates.some((c) => sameToken(c, opts.token))) {
    return { status: 401, code: 'host.unauthorized', message: 'Sessão inválida: recarregue a página.' };
  }
  return null;
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:* ws://[::1]:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** On every response (a route may override the CSP, e.g. a console with a nonce'd script). */
export const SECURITY_HEADERS: Record<string, string> = {
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'content-security-policy': CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function setSecurityHeaders(res: http.ServerResponse): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
}

/** decodeURIComponent that says "bad" instead of throwing on a malformed `%` escape. */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** A refusal as an HTTP answer (JSON error value, like the API's). */
export function sendRefusal(res: http.ServerResponse, r: Refusal, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(JSON.stringify({ ok: false, error: { code: r.code, message: r.message } }));
}

/** A refusal on a raw socket (WebSocket upgrade). */
export function refuseUpgrade(socket: { write(s: string): unknown; destroy(): unknown }, r: Refusal): void {
  const reason = r.status === 421 ? 'Misdirected Request' : r.status === 403 ? 'Forbidden' : 'Unauthorized';
  socket.write(`HTTP/1.1 ${r.status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

type ConsoleRoute = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>;

/**
 * For a sandbox console on a server of its own (`npm run sandbox:hub`): the
 * same Host/Origin checks and a token, given once in the printed URL
 * (`?token=`) and kept as the session cookie for the page's own requests.
 */
export function guardConsole(route: ConsoleRoute, opts: { port: () => number; token: string }): ConsoleRoute {
  const cookieName = newCookieName();
  return async (req, res, url) => {
    setSecurityHeaders(res);
    const port = opts.port();
    const refused = checkRequest(req, url, { port, token: opts.token, from: ['header', 'cookie', 'query'], cookieName });
    if (refused) {
      sendRefusal(res, refused);
      return true;
    }
    if (sameToken(url.searchParams.get('token'), opts.token)) res.setHeader('set-cookie', sessionCookie(cookieName, opts.token));
    return route(req, res, url);
  };
}

/** "••••abcd": how an Authorization value (or any key) is ever shown by a console. */
export function maskKey(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return '••••' + (value.length > 8 ? value.slice(-4) : '');
}
