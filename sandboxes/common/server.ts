import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSite, sendRefusal, setSecurityHeaders } from '../../core/host/guard';
import { readBody } from '../../core/host/server';

/**
 * What the HTTP sandboxes (hub, payment API) share around their own routes:
 * one server that serves the partner API and, under CONTROL_BASE, the
 * control API with its console page; going down and back up on the same port;
 * the console mounted on another server (consoleRoute); close. Each sandbox
 * keeps its API, its state and its own control routes in its own file.
 */

export const CONTROL_BASE = '/__control';

/** What a control body may weigh (fault specs, campaign lists). */
const CONTROL_BODY_LIMIT = 1024 * 1024;

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One control request, its body already parsed (POST only; `{}` otherwise). */
export interface ControlCall {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  /** The path under the control base, without trailing slashes ('/' for the page). */
  sub: string;
  /** Untyped JSON: each route checks the fields it reads. */
  input: any;
}

export interface SandboxServerOptions {
  host: string;
  port: number;
  /** Where another server mounts the console and control API (e.g. /sandbox/hub). */
  consoleBase: string;
  /** The partner API: every request outside CONTROL_BASE. */
  api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
  /** The 500 body when a handler throws, in the partner API's own error shape. */
  crashBody(message: string): unknown;
  /** The console page; its one script runs under `nonce` (the host's CSP allows no inline script). */
  page(base: string, url: string, nonce: string): string;
  /** This sandbox's own control routes; resolves false when `call` is none of them. */
  control(call: ControlCall): Promise<boolean> | boolean;
  clearFaults(): void;
  /** Back to the initial state (faults and received requests included); the server comes back up after it. */
  reset(): void;
}

export interface SandboxServer {
  url: string;
  port: number;
  /** Down = connections refused; `forMs` brings it back by itself. */
  setDown(down: boolean, forMs?: number): Promise<void>;
  isDown(): boolean;
  /** Goes down once `res` is sent: going down closes every connection, the one answering included. */
  downAfter(res: http.ServerResponse, forMs?: number): void;
  /** Console page + control API for another server (the browser host mounts it at consoleBase). */
  consoleRoute: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<boolean>;
  close(): Promise<void>;
}

const under = (path: string, base: string) => path === base || path.startsWith(base + '/');

export async function startSandboxServer(opts: SandboxServerOptions): Promise<SandboxServer> {
  let down = false;
  let upTimer: NodeJS.Timeout | null = null;

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isControl = under(u.pathname, CONTROL_BASE);
    if (isControl) {
      // The control port answers only its own loopback names and origin (no rebinding, no cross-site POST).
      setSecurityHeaders(res);
      const refused = checkSite(req, port);
      if (refused) return sendRefusal(res, refused);
    }
    const work = isControl ? handleControl(req, res, u, CONTROL_BASE) : opts.api(req, res, u);
    work.catch((err) => {
      if (!res.headersSent) json(res, 500, opts.crashBody(`erro no sandbox: ${(err as Error).message}`));
    });
  });

  let port = opts.port;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();
  port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host}:${port}`;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  async function setDown(value: boolean, forMs?: number): Promise<void> {
    if (upTimer) clearTimeout(upTimer);
    upTimer = null;
    if (value && !down) {
      down = true;
      await stopListening();
      if (forMs) upTimer = setTimeout(() => void setDown(false), forMs);
    } else if (!value && down) {
      down = false;
      await listen();
    }
  }

  async function handleControl(req: http.IncomingMessage, res: http.ServerResponse, u: URL, base: string): Promise<void> {
    const sub = u.pathname.slice(base.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    try {
      const text = method === 'POST' ? (await readBody(req, CONTROL_BODY_LIMIT)).toString('utf8') : '';
      const input = text ? JSON.parse(text) : {};
      if (method === 'GET' && sub === '/') {
        const nonce = randomBytes(16).toString('base64');
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        });
        res.end(opts.page(base, url, nonce));
        return;
      }
      if ((method === 'DELETE' && sub === '/faults') || (method === 'POST' && sub === '/faults/clear')) {
        opts.clearFaults();
        return json(res, 200, { ok: true });
      }
      if (method === 'POST' && sub === '/up') {
        await setDown(false);
        return json(res, 200, { ok: true, down });
      }
      if (method === 'POST' && sub === '/reset') {
        opts.reset();
        await setDown(false);
        return json(res, 200, { ok: true });
      }
      if (await opts.control({ req, res, method, sub, input })) return;
      json(res, 404, { error: `controle desconhecido: ${method} ${sub}` });
    } catch (err) {
      json(res, 400, { error: (err as Error).message });
    }
  }

  return {
    url,
    port,
    setDown,
    isDown: () => down,
    downAfter: (res, forMs) => res.on('finish', () => void setDown(true, forMs)),
    consoleRoute: async (req, res, u) => {
      if (!under(u.pathname, opts.consoleBase)) return false;
      await handleControl(req, res, u, opts.consoleBase);
      return true;
    },
    async close() {
      if (upTimer) clearTimeout(upTimer);
      if (!down) await stopListening();
      down = true;
    },
  };
}
